import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDate, isIsoDate } from '../lib/dates';

/** `31/12/2024` → `2024-12-31`; undefined when it is not a real date. */
export function parseVnDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** A typed dd/mm/yyyy date (the way officers write dates); the value is ISO `YYYY-MM-DD` or ''. */
export function DateField({
  value,
  onChange,
  error,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (iso: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatDate(value));
  useEffect(() => {
    if (parseVnDate(text) !== value && !(value === '' && text.trim() === '')) setText(formatDate(value));
    // only when the value changes from outside
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const invalid = text.trim() !== '' && parseVnDate(text) === undefined;
  return (
    <TextInput
      placeholder="dd/mm/yyyy"
      inputMode="numeric"
      autoComplete="off"
      {...props}
      value={text}
      error={error ?? (invalid ? t('date.invalid') : undefined)}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const iso = parseVnDate(next);
        if (iso) onChange(iso);
        else if (next.trim() === '') onChange('');
      }}
    />
  );
}
