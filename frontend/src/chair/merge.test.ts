import { describe, expect, it } from 'vitest';

import { backoffMs, changedFields, threeWayMerge } from './merge';

describe('three-way merge of the unit facts', () => {
  it('merges changes to different fields without asking', () => {
    const r = threeWayMerge({ member_count: 100, workforce: 150 }, { member_count: 120 }, { member_count: 100, workforce: 170 });
    expect(r).toEqual({ merged: { member_count: 120 }, conflicts: [] });
  });

  it('flags a field both sides changed differently', () => {
    const r = threeWayMerge({ member_count: 100 }, { member_count: 120 }, { member_count: 95 });
    expect(r.conflicts).toEqual(['member_count']);
    expect(r.merged).toEqual({});
  });

  it('is no conflict when both sides made the same change', () => {
    expect(threeWayMerge({ member_count: 100 }, { member_count: 120 }, { member_count: 120 }).conflicts).toEqual([]);
  });

  it('sends only the fields the chair changed', () => {
    expect(changedFields({ member_count: 100, workforce: 150 }, { member_count: 100, workforce: 160 })).toEqual({ workforce: 160 });
  });
});

describe('retry backoff', () => {
  it('doubles from 2 s and stops growing at 5 minutes', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, mid)).toBe(2_000);
    expect(backoffMs(2, mid)).toBe(4_000);
    expect(backoffMs(4, mid)).toBe(16_000);
    expect(backoffMs(30, mid)).toBe(300_000);
    expect(backoffMs(1, () => 0)).toBe(1_600);
  });
});
