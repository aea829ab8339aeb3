/**
 * Code → label for every enum the API sends (no raw code is ever shown to a user). Labels live in the
 * `enums` i18n namespace; reference data with its own labels (unit types, posts) comes from the API
 * (src/api/queries/reference.ts). An unknown code falls back to a neutral "Khác/Other" label, never the code.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export const ENUM_KINDS = [
  'gender',
  'employment',
  'education_level',
  'political_theory',
  'body',
  'basis',
  'sector',
  'role',
  'job_status',
  'boolean',
  'relationship',
  'end_reason',
  'qualification_kind',
  'discipline_form',
  'ethnicity',
  'religion',
] as const;
export type EnumKind = (typeof ENUM_KINDS)[number];

export interface Labeler {
  (kind: EnumKind, code: string | boolean | null | undefined): string;
}

/** `label('gender', 'female')` → "Nữ" / "Female"; null → "—". */
export function useLabel(): Labeler {
  const { t, i18n } = useTranslation('enums');
  return useCallback<Labeler>(
    (kind, code) => {
      if (code === null || code === undefined || code === '') return '—';
      const key = `${kind}.${String(code)}`;
      return i18n.exists(`enums:${key}`) ? t(key) : t('common:unknownCode');
    },
    // i18n.language: a new function when the language changes, so memoised views update.
    [t, i18n, i18n.language],
  );
}

/** Options for a Select of an enum, labelled in the current language. */
export function useEnumOptions(kind: EnumKind, codes: readonly string[]): { value: string; label: string }[] {
  const label = useLabel();
  return codes.map((value) => ({ value, label: label(kind, value) }));
}

export const GENDERS = ['male', 'female'] as const;
export const EMPLOYMENTS = ['full_time', 'part_time'] as const;
export const EDUCATION_LEVELS = ['none', 'so_cap_nghe', 'cnkt', 'trung_cap', 'cao_dang', 'dai_hoc', 'thac_si', 'tien_si'] as const;
export const POLITICAL_THEORY = ['none', 'so_cap', 'trung_cap', 'cao_cap', 'cu_nhan'] as const;
export const BODIES = ['bch', 'btv', 'ubkt', 'doan_chu_tich', 'apparatus'] as const;
