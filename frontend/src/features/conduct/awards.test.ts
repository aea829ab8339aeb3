import { describe, expect, it } from 'vitest';

import { awardPeriod } from './awards';

describe('awardPeriod', () => {
  it('shows the effective period as dd/mm/yyyy, open ends as …', () => {
    expect(awardPeriod({ effective_from: '2025-01-10', effective_to: '2026-01-10' })).toBe('10/01/2025 – 10/01/2026');
    expect(awardPeriod({ effective_from: '2025-01-10', effective_to: null })).toBe('10/01/2025 – …');
    expect(awardPeriod({})).toBe('—');
  });
});
