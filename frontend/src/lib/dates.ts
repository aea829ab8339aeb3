/**
 * Dates in the UI are shown as dd/mm/yyyy (DESIGN.md "API conventions"), in both languages,
 * in the Asia/Ho_Chi_Minh time zone. The API sends ISO 8601: `YYYY-MM-DD` for dates and
 * full timestamps for instants.
 */

export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const instantFormat = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: APP_TIME_ZONE,
});

/**
 * `2025-07-01` → `01/07/2025`. A calendar date is reformatted without going through `Date`, so no
 * time zone can shift it by a day; a timestamp or `Date` is shown as its date in Vietnam.
 * Empty input gives `''`; anything unparseable is returned unchanged.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const m = ISO_DATE.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) return value;
    value = parsed;
  }
  if (Number.isNaN(value.getTime())) return '';
  // vi-VN gives "01/07/2025"; normalise separators in case an ICU version uses another one.
  return instantFormat.format(value).replace(/[.\-\s]/g, '/');
}

/** `Date` → `YYYY-MM-DD` of that day in Vietnam (for `as_of=` query parameters). */
export function toIsoDate(value: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: APP_TIME_ZONE,
  }).formatToParts(value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Today in Vietnam as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return toIsoDate(now);
}

const VI_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A date typed the Vietnamese way, `1/7/2025` or `01/07/2025` → `2025-07-01`; anything else → undefined. */
export function parseViDate(text: string): string | undefined {
  const m = VI_DATE.exec(text.trim());
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** Whole years between an ISO birth date and `on` (ISO, default today in Vietnam). */
export function ageOn(birthIso: string, on: string = todayIso()): number {
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const timeFormat = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: APP_TIME_ZONE });

/** A timestamp → `dd/mm/yyyy HH:mm` in Vietnam; empty input gives `''`. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return typeof value === 'string' ? value : '';
  return `${formatDate(d)} ${timeFormat.format(d)}`;
}
