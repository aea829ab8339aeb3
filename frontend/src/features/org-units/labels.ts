import type { Sector, UnitEventType } from '../../api/types';

export const EVENT_TYPES: readonly UnitEventType[] = ['establish', 'rename', 'move', 'merge', 'split', 'dissolve'];
export const SECTORS: readonly Sector[] = ['state', 'non_state', 'public', 'admin'];

/** i18n key of an org event's label (units namespace). */
export function eventLabelKey(type: string): string {
  return `history.event.${type}`;
}

/** i18n key of a sector's label (units namespace). */
export function sectorLabelKey(sector: string): string {
  return `sector.${sector}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** 12345 → "12.345" (vi) / "12,345" (en); null → "—". */
export function formatCount(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '—';
  const locale = lang === 'en' ? 'en-US' : 'vi-VN';
  let fmt = numberFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale);
    numberFormats.set(locale, fmt);
  }
  return fmt.format(value);
}

/** Whether a unit had ended on the date viewed (today when `asOf` is absent): a unit merged in 2026 was alive on 1/7/2025. */
export function endedOn(endedOnDate: string | null | undefined, asOf: string | undefined, today: string): boolean {
  if (!endedOnDate) return false;
  return endedOnDate <= (asOf ?? today);
}
