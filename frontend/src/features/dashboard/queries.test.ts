import { describe, expect, it } from 'vitest';

import { dueWithin, share } from './queries';

describe('dashboard helpers', () => {
  it('computes shares with one decimal and none for an empty whole', () => {
    expect(share(1291, 2882)).toBe(44.8);
    expect(share(0, 0)).toBeUndefined();
  });

  it('keeps deadlines within the window, soonest first', () => {
    const items = [{ d: '2027-01-10' }, { d: '2026-12-05' }, { d: '2026-11-30' }, { d: null }, { d: '2028-01-01' }];
    expect(dueWithin(items, (i) => i.d, '2026-12-01', 365).map((i) => i.d)).toEqual(['2026-12-05', '2027-01-10']);
  });
});
