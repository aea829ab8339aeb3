import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate, todayIso } from '../../lib/dates';
import { useLabel } from '../../lib/labels';

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10} %`;
}

/** The unit's terms and, for the current term, its bodies (BCH/BTV/UBKT…) with seats, vacancies and shares. */
export function UnitBodies({ unitId }: { unitId: number }) {
  const { t } = useTranslation('units');
  const label = useLabel();
  const terms = useQuery({
    queryKey: ['units', 'terms', unitId],
    queryFn: ({ signal }) => call(api.GET('/api/v1/terms', { params: { query: { unit_id: unitId, limit: 50 } }, signal })),
  });
  const today = todayIso();
  const items = [...(terms.data?.items ?? [])].sort((a, b) => (a.start_date < b.start_date ? 1 : -1));
  const current = items.find((x) => x.start_date <= today && (!x.end_date || x.end_date >= today));
  const compositions = useQueries({
    queries: (current?.bodies ?? []).map((b) => ({
      queryKey: ['units', 'composition', b.id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(api.GET('/api/v1/bodies/{body_id}/composition', { params: { path: { body_id: b.id } }, signal })),
    })),
  });
  if (terms.error) return <ProblemAlert error={terms.error} />;
  if (!terms.data) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('terms.title')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('terms.none')}
        </Text>
      ) : (
        <Group gap="xs">
          {items.map((x) => (
            <Badge key={x.id} variant={x.id === current?.id ? 'filled' : 'light'} tt="none">
              {x.name}: {formatDate(x.start_date)} – {formatDate(x.end_date) || '…'}
            </Badge>
          ))}
        </Group>
      )}
      {current && current.bodies.length > 0 && (
        <ScrollTable minWidth={480}>
          <Table striped withTableBorder data-testid="unit-bodies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('terms.body')}</Table.Th>
                <Table.Th scope="col">{t('terms.seats')}</Table.Th>
                <Table.Th scope="col">{t('terms.filled')}</Table.Th>
                <Table.Th scope="col">{t('terms.vacancies')}</Table.Th>
                <Table.Th scope="col">{t('terms.women')}</Table.Th>
                <Table.Th scope="col">{t('terms.young')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {current.bodies.map((b, i) => {
                const c = compositions[i]?.data;
                return (
                  <Table.Tr key={b.id}>
                    <Table.Td>{label('body', b.kind)}</Table.Td>
                    <Table.Td>{b.seats ?? '—'}</Table.Td>
                    <Table.Td>{c?.filled ?? '…'}</Table.Td>
                    <Table.Td>{c ? (c.vacancies ?? '—') : '…'}</Table.Td>
                    <Table.Td>{c ? pct(c.women_share) : '…'}</Table.Td>
                    <Table.Td>{c ? pct(c.young_share) : '…'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
