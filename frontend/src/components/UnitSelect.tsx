import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useUnit, useUnitSearch } from '../api/queries/units';

export interface UnitSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> {
  value: number | undefined;
  onChange(value: number | undefined): void;
}

/** Pick a unit by typing part of its name (accent-insensitive, server-side search within the user's scope). */
export function UnitSelect({ value, onChange, ...props }: UnitSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const results = useUnitSearch(debounced);
  const selected = useUnit(value);
  const data = useMemo(() => {
    const items = results.data?.items ?? [];
    const options = items.map((u) => ({ value: String(u.id), label: u.name }));
    if (selected.data && !options.some((o) => o.value === String(selected.data.id))) {
      options.unshift({ value: String(selected.data.id), label: selected.data.name });
    }
    return options;
  }, [results.data, selected.data]);
  return (
    <Select
      searchable
      clearable
      filter={({ options }) => options}
      nothingFoundMessage={debounced.trim().length >= 2 ? t('unitSelect.none') : t('unitSelect.typeMore')}
      placeholder={t('unitSelect.placeholder')}
      {...props}
      data={data}
      value={value === undefined ? null : String(value)}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v) => onChange(v ? Number(v) : undefined)}
    />
  );
}
