import { Badge, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import type { Unit } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { sortByVi } from '../../lib/collation';
import { SEARCH_LIMIT, useUnitSearch, type UnitTypeCatalogue } from './api';
import { todayIso } from '../../lib/dates';
import { endedOn } from './labels';
import classes from './UnitTree.module.css';

export interface UnitSearchResultsProps {
  q: string;
  asOf?: string;
  selectedId?: number;
  onSelect(unit: Unit): void;
  types: UnitTypeCatalogue;
}

/** Flat list of units whose name matches `q` (accent-insensitive on the server), in Vietnamese order. */
export function UnitSearchResults({ q, asOf, selectedId, onSelect, types }: UnitSearchResultsProps) {
  const { t } = useTranslation('units');
  const search = useUnitSearch(q, asOf);
  const items = useMemo(() => sortByVi(search.data?.items ?? [], (u) => u.name), [search.data]);

  return (
    <Stack gap="xs" component="section" aria-labelledby="unit-search-results-title">
      <Text id="unit-search-results-title" size="sm" fw={600}>
        {t('search.results')}
      </Text>
      <Text size="xs" c="dimmed" role="status" aria-live="polite">
        {search.isFetching ? t('common:loading') : search.data ? t('search.resultCount', { count: items.length }) : ''}
      </Text>
      {search.isPending && search.fetchStatus === 'fetching' && <Loader size="sm" aria-hidden />}
      {search.isError && <ProblemAlert error={search.error} onRetry={() => void search.refetch()} />}
      {search.data && items.length === 0 && <Text size="sm">{t('search.noResults')}</Text>}
      {items.length > 0 && (
        <ul className={classes.tree}>
          {items.map((unit) => (
            <li key={unit.id}>
              <UnstyledButton
                className={classes.row}
                data-selected={selectedId === unit.id || undefined}
                aria-current={selectedId === unit.id ? 'true' : undefined}
                w="100%"
                onClick={() => onSelect(unit)}
              >
                <span className={classes.label}>
                  <Text span size="sm" fw={selectedId === unit.id ? 600 : 400}>
                    {unit.name}
                  </Text>
                  <Text span size="xs" c="dimmed">
                    {unit.code} · {types.label(unit.unit_type)}
                    {endedOn(unit.ended_on, asOf, todayIso()) ? ` · ${t('tree.ended')}` : ''}
                  </Text>
                </span>
              </UnstyledButton>
            </li>
          ))}
        </ul>
      )}
      {items.length >= SEARCH_LIMIT && (
        <Badge color="gray" variant="light" tt="none">
          {t('search.more')}
        </Badge>
      )}
    </Stack>
  );
}
