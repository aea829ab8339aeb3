import { useTranslation } from 'react-i18next';

import { DateField } from '../../components/DateField';
import { todayIso } from '../../lib/dates';

export interface AsOfPickerProps {
  /** `YYYY-MM-DD`, or undefined for today. */
  value: string | undefined;
  onChange(value: string | undefined): void;
}

/** The dates officers compare most: end of 2024 (before the reform) and 1/7/2025 (the 3-level union). */
export const AS_OF_PRESETS = ['2024-12-31', '2025-07-01'] as const;

/** "As of date": typed dd/mm/yyyy, with presets 31/12/2024, 01/07/2025 and today; yields `YYYY-MM-DD`. */
export function AsOfPicker({ value, onChange }: AsOfPickerProps) {
  const { t } = useTranslation('units');
  const today = todayIso();
  return (
    <DateField
      label={t('asOf.label')}
      placeholder={t('asOf.placeholder')}
      value={value ?? today}
      onChange={(next) => onChange(next === today ? undefined : next)}
      presets={[
        { label: '31/12/2024', value: AS_OF_PRESETS[0] },
        { label: '01/07/2025', value: AS_OF_PRESETS[1] },
        { label: t('asOf.today'), value: today },
      ]}
    />
  );
}
