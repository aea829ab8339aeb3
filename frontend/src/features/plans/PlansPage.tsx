import { Anchor, Button, Card, Grid, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { DateField } from '../../components/DateField';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { PLAN_KINDS, usePlans, type PlanCreate, type PlanDetail, type PlanKind } from './api';

const route = getRouteApi('/plans');

function NewPlanForm() {
  const { t } = useTranslation('plans');
  const perms = usePermissions();
  const navigate = useNavigate();
  const year = new Date().getFullYear();
  const [kind, setKind] = useState<PlanKind>('ke_hoach');
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [issuer, setIssuer] = useState<number | undefined>(perms.grantUnitIds[0]);
  const [issuedOn, setIssuedOn] = useState<string | undefined>(undefined);
  const [start, setStart] = useState<string | undefined>(`${year}-01-01`);
  const [end, setEnd] = useState<string | undefined>(`${year}-12-31`);
  useEffect(() => {
    if (issuer === undefined && perms.grantUnitIds[0] !== undefined) setIssuer(perms.grantUnitIds[0]);
  }, [issuer, perms.grantUnitIds]);
  const create = useApiMutation<PlanCreate, PlanDetail>({
    mutationFn: (body) => call(api.POST('/api/v1/plans', { body })),
    invalidate: [queryKeys.plans.all],
    onSuccess: (p) => void navigate({ to: '/plans/$planId', params: { planId: String(p.id) } }),
  });
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-labelledby="new-plan"
      onSubmit={(e) => {
        e.preventDefault();
        if (!issuer || !start || !end) return;
        create.mutate({
          kind,
          number: number.trim() || null,
          title,
          issuer_unit_id: issuer,
          issued_on: issuedOn ?? null,
          period_start: start,
          period_end: end,
          tasks: [],
          targets: [],
        });
      }}
    >
      <Title order={2} size="h4" id="new-plan" mb="xs">{t('new.title')}</Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <Select label={t('fields.kind')} data={PLAN_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={kind} onChange={(v) => v && setKind(v as PlanKind)} allowDeselect={false} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <TextInput label={t('fields.number')} placeholder={t('fields.numberHint')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('fields.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <UnitSelect label={t('fields.issuer')} value={issuer} onChange={setIssuer} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 2 }}>
          <DateField label={t('fields.issuedOn')} value={issuedOn} onChange={setIssuedOn} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 2 }}>
          <DateField label={t('fields.periodStart')} value={start} onChange={setStart} required />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 2 }}>
          <DateField label={t('fields.periodEnd')} value={end} onChange={setEnd} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 2 }}>
          <Button type="submit" loading={create.isPending} fullWidth>{t('new.create')}</Button>
        </Grid.Col>
      </Grid>
      {create.error !== null && <ProblemAlert error={create.error} />}
    </Card>
  );
}

/** /plans: the plans and resolutions in the user's units; a plan opens on its own page (/plans/:id). */
export function PlansPage() {
  const { t } = useTranslation('plans');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = useNavigate();
  const perms = usePermissions();
  const [status, setStatus] = useState<string | null>(null);
  const plans = usePlans(status ? { status } : {});
  useEffect(() => {
    // links made before plans had their own page: /plans?plan=<id>
    if (search.plan) void navigate({ to: '/plans/$planId', params: { planId: String(search.plan) }, replace: true });
  }, [search.plan, navigate]);
  const items = plans.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">{t('title')}</Title>
        <Group gap="xs" align="flex-end">
          <Select
            label={t('fields.status')}
            w={180}
            clearable
            placeholder={t('allStatuses')}
            data={(['draft', 'issued'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={setStatus}
          />
          <Button component={Link} to="/measurements" variant="default">{t('measurements.title')}</Button>
        </Group>
      </Group>
      {plans.error && <ProblemAlert error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {items.length > 0 && (
        <ScrollTable minWidth={640} label={t('title')}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.title')}</Table.Th>
                <Table.Th scope="col">{t('fields.issuer')}</Table.Th>
                <Table.Th scope="col">{t('fields.period')}</Table.Th>
                <Table.Th scope="col">{t('fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to="/plans/$planId" params={{ planId: String(p.id) } as never}>
                      {t(`kind.${p.kind}`)}{p.number ? ` ${p.number}` : ''}: {p.title}
                    </Anchor>
                    {p.parent_plan_id && <Text size="xs" c="dimmed">{t('implements')}</Text>}
                  </Table.Td>
                  <Table.Td><UnitName id={p.issuer_unit_id} /></Table.Td>
                  <Table.Td>{formatDate(p.period_start)} – {formatDate(p.period_end)}</Table.Td>
                  <Table.Td><StatusBadge status={p.status} label={t(`status.${p.status}`)} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {plans.data && items.length === 0 && <Text size="sm" c="dimmed">{t('none')}</Text>}
      {perms.can('units:write') && <NewPlanForm />}
    </Stack>
  );
}
