import { describe, expect, it } from 'vitest';

import type { CycleStructure } from '../../api/types';
import { acknowledged, emptyStep, figuresOf, percent, shortfalls, stepBody, targetOf, validateStep } from './shortfall';

const structure = (women: number, young: number, n: number, passed: { women: boolean; young: boolean }): CycleStructure => ({
  cycle_id: 1,
  as_of: '2026-12-07',
  overall: { candidates: n, women, women_share: n ? women / n : null, young, young_share: n ? young / n : null, age_bands: {} },
  posts: [],
  checks: [
    { check: 'women_share', passed: passed.women, message: `nữ ${women}/${n}, cần ≥ 25%` },
    { check: 'young_share', passed: passed.young, message: `trẻ (dưới 40 tuổi) ${young}/${n}, cần ≥ 15%` },
    { check: 'three_age_bands', passed: false, message: 'chưa đủ 3 độ tuổi' },
  ],
  snapshot: null,
});

describe('planning shortfall (D8)', () => {
  it('reads the target from the server check text', () => {
    expect(targetOf('nữ 1/4, cần ≥ 25%')).toBe(25);
    expect(targetOf('trẻ 0/3, cần ≥ 15,5 %')).toBe(15.5);
    expect(targetOf('đủ 3 độ tuổi')).toBeUndefined();
  });

  it('lists only the women/young checks below target, with their figures', () => {
    const short = shortfalls(structure(0, 1, 4, { women: false, young: true }));
    expect(short).toEqual([{ check: 'women_share', count: 0, total: 4, share: 0, target: 25 }]);
    expect(shortfalls(structure(2, 1, 4, { women: true, young: true }))).toEqual([]);
    expect(shortfalls(undefined)).toEqual([]);
  });

  it('requires the box and a reason of at least 5 characters only when a share is short', () => {
    const short = shortfalls(structure(0, 0, 3, { women: false, young: false }));
    expect(validateStep(emptyStep, short)).toEqual({ acknowledge_shortfall: 'ack.required', shortfall_reason: 'ack.reasonRequired' });
    expect(validateStep({ ...emptyStep, acknowledge_shortfall: true, shortfall_reason: ' ok ' }, short)).toEqual({ shortfall_reason: 'ack.reasonRequired' });
    expect(validateStep({ ...emptyStep, acknowledge_shortfall: true, shortfall_reason: 'Nguồn cán bộ nữ còn ít' }, short)).toEqual({});
    expect(validateStep(emptyStep, [])).toEqual({});
  });

  it('sends the acknowledgement as the API expects, and the decision number only on approval', () => {
    const values = { acknowledge_shortfall: true, shortfall_reason: '  Nguồn cán bộ nữ còn ít ', decision_no: ' 12/QĐ-LĐLĐ ' };
    expect(stepBody('submit', values)).toEqual({ acknowledge_shortfall: true, shortfall_reason: 'Nguồn cán bộ nữ còn ít' });
    expect(stepBody('approve', values)).toEqual({ acknowledge_shortfall: true, shortfall_reason: 'Nguồn cán bộ nữ còn ít', decision_no: '12/QĐ-LĐLĐ' });
    expect(stepBody('submit', { ...values, acknowledge_shortfall: false })).toEqual({ acknowledge_shortfall: false });
  });

  it('reads the figures frozen in an acknowledgement', () => {
    expect(figuresOf('trẻ (dưới 40 tuổi) 0/3, cần ≥ 15%')).toEqual({ count: 0, total: 3, target: 15 });
    expect(acknowledged(['women_share', 'three_age_bands'], ['nữ 1/4, cần ≥ 25%', 'x'])).toEqual([
      { check: 'women_share', count: 1, total: 4, share: 0.25, target: 25 },
    ]);
  });

  it('formats shares as percentages', () => {
    expect(percent(0.25)).toBe('25 %');
    expect(percent(1 / 3, 'en')).toBe('33.3 %');
    expect(percent(null)).toBe('—');
  });
});
