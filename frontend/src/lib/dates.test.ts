import { describe, expect, it } from 'vitest';

import { formatDate, isIsoDate, toIsoDate, todayIso } from './dates';

describe('formatDate (dd/mm/yyyy)', () => {
  it('reformats an ISO calendar date without shifting it', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('1975-04-30')).toBe('30/04/1975');
    expect(formatDate('2024-12-31')).toBe('31/12/2024');
  });

  it('shows a timestamp as its date in Vietnam (UTC+7)', () => {
    // 20:00 UTC on 30 June is 03:00 on 1 July in Hà Nội
    expect(formatDate('2025-06-30T20:00:00Z')).toBe('01/07/2025');
    expect(formatDate('2025-06-30T16:59:59Z')).toBe('30/06/2025');
    expect(formatDate(new Date(Date.UTC(2026, 0, 9, 12)))).toBe('09/01/2026');
  });

  it('gives an empty string for missing values and leaves garbage alone', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatDate(new Date(Number.NaN))).toBe('');
  });
});

describe('ISO date helpers', () => {
  it('converts a Date to YYYY-MM-DD in Vietnam', () => {
    expect(toIsoDate(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(todayIso(new Date('2025-12-31T16:59:00Z'))).toBe('2025-12-31');
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2025-07-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('01/07/2025')).toBe(false);
    expect(isIsoDate(20250701)).toBe(false);
  });
});

describe('typed Vietnamese dates', () => {
  it('parses d/m/yyyy and dd/mm/yyyy, rejects impossible dates', async () => {
    const { parseViDate, ageOn } = await import('./dates');
    expect(parseViDate('1/7/2025')).toBe('2025-07-01');
    expect(parseViDate('31/12/2024')).toBe('2024-12-31');
    expect(parseViDate('31/02/2024')).toBeUndefined();
    expect(parseViDate('2024-12-31')).toBeUndefined();
    expect(ageOn('1978-12-20', '2026-12-19')).toBe(47);
    expect(ageOn('1978-12-20', '2026-12-20')).toBe(48);
  });
});
