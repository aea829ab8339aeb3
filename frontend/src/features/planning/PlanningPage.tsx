import { Badge, Button, Card, Grid, Loader, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import type { PlanningCycle } from '../../api/types';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { isShareCheck } from './shortfall';

const route = getRouteApi('/planning');

/** /planning: the planning cycles (quy hoạch) and a new one; a cycle opens on its own page (/planning/:id). */
export function PlanningPage() {
  const { t } = useTranslation('planning');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = useNavigate();
  const perms = usePermissions();
  const cycles = useQuery({
    queryKey: queryKeys.planning.cycles(undefined),
    queryFn: ({ signal }) => call(api.GET('/api/v1/planning-cycles', { params: { query: { limit: 100 } }, signal })),
  });
  const [pickedUnit, setUnit] = useState<number | undefined>();
  const unit = pickedUnit ?? perms.grantUnitIds[0]; // the top of the user's grants (known once /me answered)
  const [name, setName] = useState('');
  const [start, setStart] = useState<number | string>(new Date().getFullYear());
  const [end, setEnd] = useState<number | string>(new Date().getFullYear() + 5);
  const create = useApiMutation<{ unit_id: number; name: string; start_year: number; end_year: number }, PlanningCycle>({
    mutationFn: (body) => call(api.POST('/api/v1/planning-cycles', { body })),
    invalidate: [queryKeys.planning.all],
    onSuccess: (c) => void navigate({ to: '/planning/$cycleId', params: { cycleId: String(c.id) } }),
  });
  useEffect(() => {
    // links made before cycles had their own page: /planning?cycle=<id>
    if (search.cycle) void navigate({ to: '/planning/$cycleId', params: { cycleId: String(search.cycle) }, replace: true });
  }, [search.cycle, navigate]);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('title')}</Title>
      {cycles.error && <ProblemAlert error={cycles.error} />}
      {cycles.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover>
          <Table.Thead><Table.Tr><Table.Th>{t('cycle')}</Table.Th><Table.Th>{t('unit')}</Table.Th><Table.Th>{t('period')}</Table.Th><Table.Th>{t('state')}</Table.Th><Table.Th>{t('listAck')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(cycles.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td><UnitName id={c.unit_id} /></Table.Td>
                <Table.Td>{c.start_year}–{c.end_year}</Table.Td>
                <Table.Td><StatusBadge status={c.status} label={t(`status.${c.status}`)} /></Table.Td>
                <Table.Td>
                  {(c.acknowledgements ?? []).length > 0 ? (
                    <Badge color="yellow.9" variant="light" tt="none">
                      {t('listAckBadge', { checks: [...new Set((c.acknowledgements ?? []).flatMap((a) => a.checks).filter(isShareCheck))].map((k) => t(`structure.check.${k}`)).join(', ') })}
                    </Badge>
                  ) : '—'}
                </Table.Td>
                <Table.Td><Button component={Link} to="/planning/$cycleId" params={{ cycleId: String(c.id) } as never} size="compact-sm" variant="default" aria-label={t('openCycle', { name: c.name })}>{t('open')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {cycles.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('noCycles')}</Text>}
      {perms.can('actions:write') && (
        <Card withBorder padding="md" component="form" aria-labelledby="new-cycle" onSubmit={(e) => {
          e.preventDefault();
          if (unit) create.mutate({ unit_id: unit, name, start_year: Number(start), end_year: Number(end) });
        }}>
          <Title order={2} size="h4" id="new-cycle" mb="xs">{t('newCycle')}</Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, md: 6 }}><UnitSelect label={t('unit')} value={unit} onChange={setUnit} required /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}><TextInput label={t('cycle')} value={name} onChange={(e) => setName(e.currentTarget.value)} required /></Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3, md: 2 }}><NumberInput label={t('from')} value={start} onChange={setStart} min={2000} max={2100} /></Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3, md: 2 }}><NumberInput label={t('to')} value={end} onChange={setEnd} min={2000} max={2100} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 'content' }}><Button type="submit" loading={create.isPending} fullWidth>{t('create')}</Button></Grid.Col>
          </Grid>
          {create.error !== null && <ProblemAlert error={create.error} />}
        </Card>
      )}
    </Stack>
  );
}
