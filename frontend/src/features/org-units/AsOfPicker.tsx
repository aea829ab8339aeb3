import '@mantine/dates/styles.css';

import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useTranslation } from 'react-i18next';

export interface AsOfPickerProps {
  /** `YYYY-MM-DD`, or undefined for today. */
  value: string | undefined;
  onChange(value: string | undefined): void;
}

/** "As of date" picker: shows dd/mm/yyyy, yields `YYYY-MM-DD` (the API's `as_of`). */
export function AsOfPicker({ value, onChange }: AsOfPickerProps) {
  const { t, i18n } = useTranslation('units');
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
  dayjs.locale(lang);
  return (
    <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1 }}>
      <DatePickerInput
        label={t('asOf.label')}
        placeholder={t('asOf.placeholder')}
        value={value ?? null}
        onChange={(next) => onChange(typeof next === 'string' && next ? next.slice(0, 10) : undefined)}
        valueFormat="DD/MM/YYYY"
        clearable
        clearButtonProps={{ 'aria-label': t('asOf.clear') }}
        leftSection={<IconCalendar aria-hidden size={16} />}
      />
    </DatesProvider>
  );
}
