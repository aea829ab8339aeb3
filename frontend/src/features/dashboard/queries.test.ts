import { describe, expect, it } from 'vitest';

import { addMonthsIso, dueWithin, share } from './queries';

describe('dashboard helpers', () => {
  it('computes shares with one decimal and none for an empty whole', () => {
    expect(share(1291, 2882)).toBe(44.8);
    expect(share(0, 0)).toBeUndefined();
  });

  it('keeps deadlines within the window, soonest first', () => {
    const items = [{ d: '2027-01-10' }, { d: '2026-12-05' }, { d: '2026-11-30' }, { d: null }, { d: '2028-01-01' }];
    expect(dueWithin(items, (i) => i.d, '2026-12-01', 365).map((i) => i.d)).toEqual(['2026-12-05', '2027-01-10']);
  });

  it('adds months to an ISO date, clamping the day to the month end', () => {
    expect(addMonthsIso('2026-12-06', 12)).toBe('2027-12-06');
    expect(addMonthsIso('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsIso('2026-11-15', 3)).toBe('2027-02-15');
  });
});
