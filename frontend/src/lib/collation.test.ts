import { describe, expect, it } from 'vitest';

import { compareVi, compareVietnameseNames, fullName, sortByVi, sortByVietnameseName } from './collation';

const person = (family_name: string, middle_name: string, given_name: string) => ({ family_name, middle_name, given_name });

describe('Vietnamese collation', () => {
  it('puts Đ after D (a separate letter), unlike English collation', () => {
    expect(compareVi('Dung', 'Đức')).toBeLessThan(0);
    expect(compareVi('Đức', 'Em')).toBeLessThan(0);
    // English collation folds Đ into D and would order these the other way round
    expect(new Intl.Collator('en').compare('Dung', 'Đức')).toBeGreaterThan(0);
  });

  it('orders the letters a < ă < â and o < ô < ơ, and unaccented before toned', () => {
    expect(sortByVi(['Ân', 'Ăn', 'An'], (s) => s)).toEqual(['An', 'Ăn', 'Ân']);
    expect(sortByVi(['Ơn', 'Ôn', 'On'], (s) => s)).toEqual(['On', 'Ôn', 'Ơn']);
    expect(compareVi('Anh', 'Ánh')).toBeLessThan(0);
  });

  it('sorts unit names, numbers numerically', () => {
    const names = ['Công đoàn cơ sở Trường 10', 'Công đoàn cơ sở Trường 2', 'Công đoàn cơ sở Bệnh viện'];
    expect(sortByVi(names, (s) => s)).toEqual([
      'Công đoàn cơ sở Bệnh viện',
      'Công đoàn cơ sở Trường 2',
      'Công đoàn cơ sở Trường 10',
    ]);
  });
});

describe('Vietnamese name order (given, then middle, then family name)', () => {
  const people = [
    person('Nguyễn', 'Văn', 'Bình'),
    person('Lê', 'Văn', 'An'),
    person('Trần', 'Thị', 'An'),
    person('Phạm', 'Đức', 'Anh'),
    person('Đỗ', 'Thị', 'Đào'),
    person('Bùi', 'Thị', 'Dung'),
    person('Hoàng', 'Văn', 'An'),
  ];

  it('sorts by given name first, never by family name first', () => {
    expect(sortByVietnameseName(people).map(fullName)).toEqual([
      'Trần Thị An', // An, middle Thị < Văn
      'Hoàng Văn An', // An, Văn, family Hoàng < Lê
      'Lê Văn An',
      'Phạm Đức Anh',
      'Nguyễn Văn Bình',
      'Bùi Thị Dung',
      'Đỗ Thị Đào', // Đ after D
    ]);
  });

  it('does not mutate its input and treats missing parts as empty', () => {
    const copy = [...people];
    sortByVietnameseName(people);
    expect(people).toEqual(copy);
    expect(compareVietnameseNames({ given_name: 'An' }, person('Lê', 'Văn', 'An'))).toBeLessThan(0);
    expect(fullName({ family_name: 'Lò', middle_name: null, given_name: 'Văn' })).toBe('Lò Văn');
  });
});
