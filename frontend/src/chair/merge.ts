/**
 * Three-way merge of the unit's facts: the values the change was made on (base), the chair's values (ours) and
 * what the server holds now (theirs). A field the server did not touch takes ours; a field both changed to the
 * same value is no conflict; a field both changed differently is a conflict the chair must decide. Nothing is
 * silently overwritten.
 */
export const FACT_FIELDS = ['member_count', 'workforce'] as const;
export type FactField = (typeof FACT_FIELDS)[number];
export type Facts = Partial<Record<FactField, number | null>>;

export interface MergeResult {
  merged: Facts;
  conflicts: FactField[];
}

export function threeWayMerge(base: Facts, ours: Facts, theirs: Facts): MergeResult {
  const merged: Facts = {};
  const conflicts: FactField[] = [];
  for (const field of FACT_FIELDS) {
    if (!(field in ours)) continue;
    const mine = ours[field] ?? null;
    const server = theirs[field] ?? null;
    const was = base[field] ?? null;
    if (server === was || server === mine) merged[field] = mine;
    else conflicts.push(field);
  }
  return { merged, conflicts };
}

/** Only what the chair actually changed from the values the form was opened with. */
export function changedFields(base: Facts, edited: Facts): Facts {
  const out: Facts = {};
  for (const field of FACT_FIELDS) {
    if (field in edited && (edited[field] ?? null) !== (base[field] ?? null)) out[field] = edited[field] ?? null;
  }
  return out;
}

/** Retry delay after `attempts` failures: 2 s, 4 s, 8 s … capped at 5 minutes, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
