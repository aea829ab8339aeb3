/** Shared by the award lists (cadre profile, unit page). */
import { formatDate } from '../../lib/dates';

/** The award's effective period, dd/mm/yyyy – dd/mm/yyyy ("…" when open-ended), or "—" without one. */
export function awardPeriod(a: { effective_from?: string | null; effective_to?: string | null }): string {
  if (!a.effective_from && !a.effective_to) return '—';
  return `${a.effective_from ? formatDate(a.effective_from) : '…'} – ${a.effective_to ? formatDate(a.effective_to) : '…'}`;
}
