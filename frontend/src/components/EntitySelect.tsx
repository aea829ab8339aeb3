/**
 * Searchable pickers over the API: a unit (accent-insensitive name search on /api/v1/units) and a cadre
 * (/api/v1/cadres?q=). The chosen item's label is kept even when it is not in the current matches.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../api/client';
import { useCadre } from '../api/queries/cadres';
import { useRootUnits, useUnit, useUnitSearch } from '../api/queries/units';
import { formatDate } from '../lib/dates';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: number | undefined;
  onChange: (id: number | undefined) => void;
};

export function UnitSelect({ value, onChange, ...props }: PickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [needle] = useDebouncedValue(search, 250);
  const roots = useRootUnits();
  const found = useUnitSearch(needle);
  const chosen = useUnit(value);
  const data = useMemo(() => {
    const items = new Map<string, string>();
    if (chosen.data) items.set(String(chosen.data.id), chosen.data.name);
    for (const u of roots.data ?? []) items.set(String(u.id), u.name);
    for (const u of found.data?.items ?? []) items.set(String(u.id), u.name);
    return [...items].map(([v, label]) => ({ value: v, label }));
  }, [chosen.data, roots.data, found.data]);
  return (
    <Select
      searchable
      clearable
      allowDeselect={false}
      filter={({ options }) => options}
      nothingFoundMessage={needle.length >= 2 ? t('picker.nothing') : t('picker.typeToSearch')}
      {...props}
      data={data}
      value={value === undefined ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : undefined)}
      searchValue={search}
      onSearchChange={setSearch}
    />
  );
}

export function CadreSelect({ value, onChange, within, ...props }: PickerProps & { within?: number }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [needle] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['cadres', 'picker', needle, within ?? 'all'],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres', { params: { query: { q: needle, limit: 20, ...(within ? { within } : {}) } }, signal })),
    enabled: needle.length >= 2,
    placeholderData: (previous) => previous,
  });
  const chosen = useCadre(value);
  const data = useMemo(() => {
    const items = new Map<string, string>();
    const label = (c: { full_name: string; birth_date: string }) => `${c.full_name} (${formatDate(c.birth_date)})`;
    if (chosen.data) items.set(String(chosen.data.id), label(chosen.data));
    for (const c of found.data?.items ?? []) items.set(String(c.id), label(c));
    return [...items].map(([v, l]) => ({ value: v, label: l }));
  }, [chosen.data, found.data]);
  return (
    <Select
      searchable
      clearable
      allowDeselect={false}
      filter={({ options }) => options}
      nothingFoundMessage={needle.length >= 2 ? t('picker.nothing') : t('picker.typeToSearch')}
      {...props}
      data={data}
      value={value === undefined ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : undefined)}
      searchValue={search}
      onSearchChange={setSearch}
    />
  );
}

/** A unit's name by id (for tables that carry only `unit_id`). */
export function UnitName({ id }: { id: number | null | undefined }) {
  const unit = useUnit(id ?? undefined);
  if (id === null || id === undefined) return <>—</>;
  return <>{unit.data?.name ?? `…`}</>;
}

/** A cadre's full name by id. */
export function CadreName({ id }: { id: number | null | undefined }) {
  const cadre = useCadre(id ?? undefined);
  if (id === null || id === undefined) return <>—</>;
  return <>{cadre.data?.full_name ?? '…'}</>;
}
