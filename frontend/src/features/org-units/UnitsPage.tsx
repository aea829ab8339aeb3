import { Alert, Card, CloseButton, Grid, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Unit } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { useRootUnits, useUnitTypes } from './api';
import { AsOfPicker } from './AsOfPicker';
import { UnitDetail } from './UnitDetail';
import { UnitSearchResults } from './UnitSearchResults';
import { UnitTree } from './UnitTree';
import classes from './UnitTree.module.css';

const route = getRouteApi('/units');

/** /units: tree browser of union units with search, an "as of" date, and a detail panel. */
export function UnitsPage() {
  const { t } = useTranslation('units');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const asOf = search.as_of;
  const selectedId = search.unit;

  const types = useUnitTypes();
  const roots = useRootUnits(asOf);

  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [focusedId, setFocusedId] = useState<number | undefined>(undefined);
  const [listed, setListed] = useState<Unit | undefined>(undefined);
  const [query, setQuery] = useState(search.q ?? '');
  const [debouncedQuery] = useDebouncedValue(query.trim(), 300);
  const searching = debouncedQuery.length >= 2;

  // Keep the search text in the URL (deep links, back button).
  useEffect(() => {
    if ((search.q ?? '') !== debouncedQuery) {
      void navigate({ search: (prev) => ({ ...prev, q: debouncedQuery || undefined }), replace: true });
    }
  }, [debouncedQuery, search.q, navigate]);

  // With a single top unit (the usual case: a province federation), open it straight away.
  const autoExpanded = useRef(false);
  useEffect(() => {
    if (!autoExpanded.current && roots.data?.length === 1) {
      autoExpanded.current = true;
      const only = roots.data[0]!;
      setExpanded((prev) => new Set(prev).add(only.id));
    }
  }, [roots.data]);

  const onToggle = useCallback((id: number, open: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const select = useCallback(
    (unit: Unit | number) => {
      const id = typeof unit === 'number' ? unit : unit.id;
      setListed(typeof unit === 'number' ? undefined : unit);
      setFocusedId(id);
      if (typeof unit !== 'number') {
        // open the branch that leads to it (path = "/<root id>/.../<id>/"), e.g. after a search
        const ancestors = unit.path.split('/').filter(Boolean).map(Number).filter((a) => a !== id && !Number.isNaN(a));
        if (ancestors.length) setExpanded((prev) => new Set([...prev, ...ancestors]));
      }
      void navigate({ search: (prev) => ({ ...prev, unit: id }) });
    },
    [navigate],
  );

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Card withBorder padding="sm">
            <Stack gap="sm">
              <TextInput
                type="search"
                label={t('search.label')}
                placeholder={t('search.placeholder')}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                leftSection={<IconSearch aria-hidden size={16} />}
                rightSection={
                  query ? <CloseButton aria-label={t('search.clear')} onClick={() => setQuery('')} size="md" /> : null
                }
                autoComplete="off"
              />
              <AsOfPicker
                value={asOf}
                onChange={(next) => void navigate({ search: (prev) => ({ ...prev, as_of: next }) })}
              />
              {asOf && (
                <Alert variant="light" color="blue" p="xs">
                  <Text size="sm">{t('asOf.viewing', { date: formatDate(asOf) })}</Text>
                </Alert>
              )}
              <div className={classes.scroller}>
                {searching ? (
                  <UnitSearchResults q={debouncedQuery} asOf={asOf} selectedId={selectedId} onSelect={select} types={types} />
                ) : (
                  <>
                    {roots.isPending && (
                      <Group gap="xs">
                        <Loader size="sm" aria-hidden />
                        <Text size="sm">{t('common:loading')}</Text>
                      </Group>
                    )}
                    {roots.isError && <ProblemAlert error={roots.error} onRetry={() => void roots.refetch()} />}
                    {roots.data && roots.data.length === 0 && <Text size="sm">{t('tree.empty')}</Text>}
                    {roots.data && roots.data.length > 0 && (
                      <UnitTree
                        roots={roots.data}
                        asOf={asOf}
                        selectedId={selectedId}
                        expanded={expanded}
                        onToggle={onToggle}
                        onSelect={select}
                        types={types}
                        focusedId={focusedId}
                        onFocusChange={setFocusedId}
                      />
                    )}
                  </>
                )}
              </div>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <div className={classes.sticky}>
            {selectedId !== undefined ? (
              <UnitDetail
                key={selectedId}
                unitId={selectedId}
                listed={listed?.id === selectedId ? listed : undefined}
                types={types}
                onSelectParent={(id) => select(id)}
              />
            ) : (
              <Card withBorder padding="lg">
                <Text c="dimmed">{t('detail.select')}</Text>
              </Card>
            )}
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
