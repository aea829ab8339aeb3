/** The cadre list's URL search parameters: the API's filters, validated (bad values are dropped). */
import type { CadreFilters } from '../../api/queries/cadres';
import { isIsoDate } from '../../lib/dates';
import { BODIES, EDUCATION_LEVELS, EMPLOYMENTS, GENDERS, POLITICAL_THEORY } from '../../lib/labels';

export type CadreSearch = Partial<Pick<
  CadreFilters,
  | 'q'
  | 'within'
  | 'unit_id'
  | 'gender'
  | 'employment'
  | 'education_level'
  | 'political_theory'
  | 'position_code'
  | 'body'
  | 'has_certificate'
  | 'party_member'
  | 'ethnic_minority'
  | 'age_min'
  | 'age_max'
  | 'as_of'
  | 'term_id'
  | 'retiring_by'
>>;

function oneOf<T extends string>(values: readonly T[], v: unknown): T | undefined {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

function posInt(v: unknown): number | undefined {
  const n = Number(v);
  return v !== '' && v !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

function age(v: unknown): number | undefined {
  const n = Number(v);
  return v !== '' && v !== null && v !== undefined && Number.isInteger(n) && n >= 0 && n <= 120 ? n : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

export function validateCadreSearch(s: Record<string, unknown>): CadreSearch {
  const q = typeof s.q === 'string' ? s.q.trim().slice(0, 200) : '';
  const position = typeof s.position_code === 'string' && /^[a-z_]{1,40}$/.test(s.position_code) ? s.position_code : undefined;
  const out: CadreSearch = {
    q: q || undefined,
    within: posInt(s.within),
    unit_id: posInt(s.unit_id),
    gender: oneOf(GENDERS, s.gender),
    employment: oneOf(EMPLOYMENTS, s.employment),
    education_level: oneOf(EDUCATION_LEVELS, s.education_level),
    political_theory: oneOf(POLITICAL_THEORY, s.political_theory),
    position_code: position,
    body: oneOf(BODIES, s.body),
    has_certificate: bool(s.has_certificate),
    party_member: bool(s.party_member),
    ethnic_minority: bool(s.ethnic_minority),
    age_min: age(s.age_min),
    age_max: age(s.age_max),
    as_of: isIsoDate(s.as_of) ? s.as_of : undefined,
    term_id: posInt(s.term_id),
    retiring_by: isIsoDate(s.retiring_by) ? s.retiring_by : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as CadreSearch;
}

/** Saved filter definitions (names and filters only, no personal data) in localStorage. */
export interface SavedFilter {
  name: string;
  filters: CadreSearch;
}

const SAVED_KEY = 'cadre.savedCadreFilters';

export function loadSavedFilters(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SavedFilter[] {
  try {
    const raw = storage?.getItem(SAVED_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((f): f is { name: string; filters: Record<string, unknown> } => typeof f?.name === 'string' && typeof f?.filters === 'object')
      .map((f) => ({ name: f.name.slice(0, 80), filters: validateCadreSearch(f.filters) }));
  } catch {
    return [];
  }
}

export function storeSavedFilters(list: SavedFilter[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(SAVED_KEY, JSON.stringify(list.slice(0, 30)));
  } catch {
    // storage full or disabled: the filters then last for this page only
  }
}
