import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  Menu,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import {
  IconBookmark,
  IconDownload,
  IconFileImport,
  IconFilter,
  IconPlus,
  IconSearch,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { cleanFilters, useCadreList } from '../../api/queries/cadres';
import { useFileJob } from '../../api/queries/jobs';
import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import type { Cadre } from '../../api/types';
import { DateField } from '../../components/DateField';
import { JobProgress } from '../../components/JobProgress';
import { ProblemAlert } from '../../components/ProblemAlert';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../lib/dates';
import { BODIES, EDUCATION_LEVELS, EMPLOYMENTS, GENDERS, POLITICAL_THEORY, useEnumOptions, useLabel } from '../../lib/labels';
import { cadresRoute } from './routes';
import { loadSavedFilters, storeSavedFilters, type CadreSearch, type SavedFilter } from './search';

const PAGE = 50;

/** The terms of the unit the list is narrowed to (GET /terms?unit_id=), newest first, for the term filter. */
function useUnitTerms(unitId: number | undefined) {
  return useQuery({
    queryKey: ['units', 'terms', unitId],
    queryFn: ({ signal }) => call(api.GET('/api/v1/terms', { params: { query: { unit_id: unitId!, limit: 50 } }, signal })),
    enabled: unitId !== undefined,
    select: (data) => [...data.items].sort((a, b) => (a.start_date < b.start_date ? 1 : -1)),
  });
}

function boolOptions(t: (k: string) => string) {
  return [
    { value: 'true', label: t('common:yes') },
    { value: 'false', label: t('common:no') },
  ];
}

export function CadreListPage() {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const search = cadresRoute.useSearch();
  const navigate = useNavigate({ from: '/cadres' });
  const perms = usePermissions();
  const positions = usePositions();
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const [q, setQ] = useState(search.q ?? '');
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadSavedFilters());
  const [saveName, setSaveName] = useState('');
  // The export is made by the worker (POST /cadres/exports → job) whatever the list's size: the list does not know
  // how many rows match (keyset pages, no count), and a province's export takes long enough to need a progress bar.
  const exportJob = useFileJob((filters: CadreSearch) =>
    call(api.POST('/api/v1/cadres/exports', { params: { query: cleanFilters(filters) } })),
  );

  const list = useCadreList(search, PAGE);
  const termUnit = search.unit_id ?? search.within ?? undefined;
  const terms = useUnitTerms(termUnit);
  const termOptions = (terms.data ?? []).map((term) => ({
    value: String(term.id),
    label: `${term.name} (${formatDate(term.start_date)}–${formatDate(term.end_date)})`,
  }));
  const items: Cadre[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sensitive = perms.can('cadres:read_sensitive');

  const setFilter = (patch: Partial<CadreSearch>) =>
    void navigate({ search: (prev: CadreSearch) => ({ ...prev, ...patch }), replace: true });
  const router = useRouter();
  // Only while the officer is still on the list: a name typed just before following a link would otherwise pull
  // them back here, because the profile's code may still be loading (this page still mounted) when it fires.
  const setQDebounced = useDebouncedCallback((value: string) => {
    if (router.latestLocation.pathname === cadresRoute.fullPath) setFilter({ q: value.trim() || undefined });
  }, 300);

  const activeCount = Object.keys(search).filter((k) => k !== 'q').length;
  const genderOptions = useEnumOptions('gender', GENDERS);
  const employmentOptions = useEnumOptions('employment', EMPLOYMENTS);
  const educationOptions = useEnumOptions('education_level', EDUCATION_LEVELS);
  const theoryOptions = useEnumOptions('political_theory', POLITICAL_THEORY);
  const bodyOptions = useEnumOptions('body', BODIES);
  const yesNo = boolOptions(t);
  const boolValue = (v: boolean | null | undefined) => (v === undefined || v === null ? null : String(v));
  const toBool = (v: string | null) => (v === null ? undefined : v === 'true');

  function saveCurrent() {
    const name = saveName.trim();
    if (!name) return;
    const next = [...saved.filter((s) => s.name !== name), { name, filters: search }];
    setSaved(next);
    storeSavedFilters(next);
    setSaveName('');
  }

  function removeSaved(name: string) {
    const next = saved.filter((s) => s.name !== name);
    setSaved(next);
    storeSavedFilters(next);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t('list.title')}
        </Title>
        <Group gap="xs">
          {perms.can('cadres:write') && (
            <>
              <Button component={Link} to="/cadres/new" leftSection={<IconPlus aria-hidden size={16} />}>
                {t('list.add')}
              </Button>
              <Button component={Link} to="/cadres/import" variant="default" leftSection={<IconFileImport aria-hidden size={16} />}>
                {t('list.import')}
              </Button>
            </>
          )}
          <Button variant="default" leftSection={<IconDownload aria-hidden size={16} />} onClick={() => exportJob.start(search)} loading={exportJob.busy}>
            {t('list.export')}
          </Button>
        </Group>
      </Group>
      {exportJob.error !== null && <ProblemAlert error={exportJob.error} />}
      {exportJob.jobId !== undefined && <JobProgress jobId={exportJob.jobId} fileLabel={t('list.exportAgain')} />}

      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              flex={1}
              label={t('list.search')}
              placeholder={t('list.searchPlaceholder')}
              leftSection={<IconSearch aria-hidden size={16} />}
              value={q}
              onChange={(e) => {
                setQ(e.currentTarget.value);
                setQDebounced(e.currentTarget.value);
              }}
              rightSection={
                q ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t('list.clearSearch')}
                    onClick={() => {
                      setQ('');
                      setFilter({ q: undefined });
                    }}
                  >
                    <IconX aria-hidden size={16} />
                  </ActionIcon>
                ) : undefined
              }
            />
            <Button
              variant={filtersOpen ? 'light' : 'default'}
              leftSection={<IconFilter aria-hidden size={16} />}
              onClick={toggleFilters}
              aria-expanded={filtersOpen}
              aria-controls="cadre-filters"
            >
              {t('list.filters')}
              {activeCount > 0 && (
                <Badge ml={6} size="sm" circle>
                  {activeCount}
                </Badge>
              )}
            </Button>
            <Menu position="bottom-end" withinPortal closeOnItemClick={false}>
              <Menu.Target>
                <ActionIcon variant="default" size="input-sm" aria-label={t('list.saved.title')}>
                  <IconBookmark aria-hidden size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown miw={260}>
                <Menu.Label>{t('list.saved.title')}</Menu.Label>
                {saved.length === 0 && (
                  <Text size="sm" c="dimmed" px="sm" py={4}>
                    {t('list.saved.empty')}
                  </Text>
                )}
                {saved.map((s) => (
                  <Menu.Item
                    key={s.name}
                    onClick={() => {
                      setQ(s.filters.q ?? '');
                      void navigate({ search: s.filters, replace: true });
                    }}
                    rightSection={
                      <ActionIcon
                        component="span"
                        size="sm"
                        variant="subtle"
                        color="red"
                        aria-label={t('list.saved.remove', { name: s.name })}
                        onClick={(e) => {
                          e.stopPropagation();
                          removeSaved(s.name);
                        }}
                      >
                        <IconTrash aria-hidden size={14} />
                      </ActionIcon>
                    }
                  >
                    {s.name}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Group gap={4} p={6} wrap="nowrap">
                  <TextInput
                    size="xs"
                    flex={1}
                    aria-label={t('list.saved.name')}
                    placeholder={t('list.saved.name')}
                    value={saveName}
                    onChange={(e) => setSaveName(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') saveCurrent();
                    }}
                  />
                  <Button size="xs" onClick={saveCurrent} disabled={!saveName.trim()}>
                    {t('list.saved.save')}
                  </Button>
                </Group>
              </Menu.Dropdown>
            </Menu>
          </Group>
          <Collapse expanded={filtersOpen} id="cadre-filters">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              <UnitSelect
                label={t('filter.within')}
                value={search.within ?? undefined}
                onChange={(within) => setFilter({ within, term_id: undefined })}
              />
              <Select
                label={t('filter.term')}
                data={termOptions}
                clearable
                disabled={termUnit === undefined}
                description={
                  termUnit === undefined
                    ? t('filter.termHint')
                    : terms.isSuccess && termOptions.length === 0
                      ? t('filter.termNone')
                      : undefined
                }
                value={search.term_id !== undefined && search.term_id !== null ? String(search.term_id) : null}
                onChange={(v) => setFilter({ term_id: v ? Number(v) : undefined })}
              />
              <Select label={t('field.gender')} data={genderOptions} clearable value={search.gender ?? null} onChange={(v) => setFilter({ gender: (v ?? undefined) as CadreSearch['gender'] })} />
              <Select label={t('field.employment')} data={employmentOptions} clearable value={search.employment ?? null} onChange={(v) => setFilter({ employment: (v ?? undefined) as CadreSearch['employment'] })} />
              <Select label={t('field.education_level')} data={educationOptions} clearable value={search.education_level ?? null} onChange={(v) => setFilter({ education_level: (v ?? undefined) as CadreSearch['education_level'] })} />
              <Select label={t('field.political_theory')} data={theoryOptions} clearable value={search.political_theory ?? null} onChange={(v) => setFilter({ political_theory: (v ?? undefined) as CadreSearch['political_theory'] })} />
              <Select
                label={t('filter.position')}
                data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))}
                clearable
                searchable
                value={search.position_code ?? null}
                onChange={(v) => setFilter({ position_code: v ?? undefined })}
              />
              <Select label={t('filter.body')} data={bodyOptions} clearable value={search.body ?? null} onChange={(v) => setFilter({ body: (v ?? undefined) as CadreSearch['body'] })} />
              <Select label={t('filter.hasCertificate')} data={yesNo} clearable value={boolValue(search.has_certificate)} onChange={(v) => setFilter({ has_certificate: toBool(v) })} />
              <NumberInput label={t('filter.ageMin')} min={0} max={120} allowDecimal={false} value={search.age_min ?? ''} onChange={(v) => setFilter({ age_min: typeof v === 'number' ? v : undefined })} />
              <NumberInput label={t('filter.ageMax')} min={0} max={120} allowDecimal={false} value={search.age_max ?? ''} onChange={(v) => setFilter({ age_max: typeof v === 'number' ? v : undefined })} />
              {sensitive && (
                <>
                  <Select label={t('filter.partyMember')} data={yesNo} clearable value={boolValue(search.party_member)} onChange={(v) => setFilter({ party_member: toBool(v) })} />
                  <Select label={t('filter.ethnicMinority')} data={yesNo} clearable value={boolValue(search.ethnic_minority)} onChange={(v) => setFilter({ ethnic_minority: toBool(v) })} />
                </>
              )}
              <DateField label={t('filter.asOf')} value={search.as_of ?? undefined} onChange={(as_of) => setFilter({ as_of })} />
              <DateField
                label={t('filter.retiringBy')}
                description={t('filter.retiringByHint')}
                value={search.retiring_by ?? undefined}
                onChange={(retiring_by) => setFilter({ retiring_by })}
              />
            </SimpleGrid>
            {activeCount > 0 && (
              <Button
                mt="sm"
                variant="subtle"
                size="xs"
                onClick={() => void navigate({ search: search.q ? { q: search.q } : {}, replace: true })}
              >
                {t('list.clearFilters')}
              </Button>
            )}
          </Collapse>
        </Stack>
      </Paper>

      {list.error ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}

      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {list.isLoading ? t('common:loading') : t('list.shown', { count: items.length })}
        {list.hasNextPage ? ` ${t('list.more')}` : ''}
      </Text>

      <Table.ScrollContainer minWidth={640} visibleFrom="sm">
        <Table striped highlightOnHover data-testid="cadre-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('field.full_name')}</Table.Th>
              <Table.Th scope="col">{t('field.birth_date')}</Table.Th>
              <Table.Th scope="col">{t('field.gender')}</Table.Th>
              <Table.Th scope="col">{t('field.employment')}</Table.Th>
              <Table.Th scope="col">{t('field.education_level')}</Table.Th>
              <Table.Th scope="col">{t('field.political_theory')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: c.id } as never} fw={500}>
                    {c.full_name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDate(c.birth_date)}</Table.Td>
                <Table.Td>{label('gender', c.gender)}</Table.Td>
                <Table.Td>{label('employment', c.employment)}</Table.Td>
                <Table.Td>{label('education_level', c.education_level)}</Table.Td>
                <Table.Td>{label('political_theory', c.political_theory)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Stack gap="xs" hiddenFrom="sm" data-testid="cadre-cards">
        {items.map((c) => (
          <Card key={c.id} withBorder padding="sm">
            <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: c.id } as never} fw={600}>
              {c.full_name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {formatDate(c.birth_date)} · {label('gender', c.gender)} · {label('employment', c.employment)}
            </Text>
            <Text size="sm">
              {label('education_level', c.education_level)} · {t('field.political_theory')}: {label('political_theory', c.political_theory)}
            </Text>
          </Card>
        ))}
      </Stack>

      {!list.isLoading && items.length === 0 && !list.error && (
        <Text c="dimmed">{t('list.empty')}</Text>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('list.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
