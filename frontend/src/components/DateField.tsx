import { Button, Group, Stack, TextInput, type TextInputProps } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDate, parseViDate } from '../lib/dates';

export interface DatePreset {
  label: string;
  /** `YYYY-MM-DD`. */
  value: string;
}

export interface DateFieldProps extends Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> {
  /** `YYYY-MM-DD`, or undefined when empty. */
  value: string | undefined;
  onChange(value: string | undefined): void;
  /** One-click dates shown under the input (e.g. 31/12/2024, 01/07/2025, today). */
  presets?: readonly DatePreset[];
}

/**
 * A date typed as dd/mm/yyyy (the way officers write it), yielding the API's `YYYY-MM-DD`. The text is
 * kept while it is incomplete; on blur an unparseable text shows "dd/mm/yyyy" as the error.
 */
export function DateField({ value, onChange, presets, error, ...props }: DateFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatDate(value));
  const [invalid, setInvalid] = useState(false);
  const presetsId = useId();

  useEffect(() => {
    // Follow the value when it changes from outside (presets, form reset), not while the user types.
    // `text` is left out of the dependencies on purpose: typing must not be overwritten.
    if (parseViDate(text) !== value) setText(formatDate(value));
  }, [value]);

  return (
    <Stack gap={4}>
      <TextInput
        {...props}
        value={text}
        inputMode="numeric"
        placeholder={props.placeholder ?? t('dateField.placeholder')}
        leftSection={<IconCalendar aria-hidden size={16} />}
        error={error ?? (invalid ? t('dateField.invalid') : undefined)}
        aria-describedby={presets?.length ? presetsId : undefined}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          setInvalid(false);
          if (next.trim() === '') onChange(undefined);
          else {
            const iso = parseViDate(next);
            if (iso) onChange(iso);
          }
        }}
        onBlur={(e) => {
          const trimmed = text.trim();
          setInvalid(trimmed !== '' && parseViDate(trimmed) === undefined);
          props.onBlur?.(e);
        }}
      />
      {presets && presets.length > 0 && (
        <Group gap={6} id={presetsId} role="group" aria-label={t('dateField.presets')}>
          {presets.map((p) => (
            <Button
              key={p.value}
              size="compact-sm" // 26 px: a touch target ≥ 24 px (WCAG 2.2 SC 2.5.8)
              variant={p.value === value ? 'filled' : 'light'}
              aria-pressed={p.value === value}
              onClick={() => {
                setText(formatDate(p.value));
                setInvalid(false);
                onChange(p.value);
              }}
            >
              {p.label}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}
