import { Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { useUnitTypes } from '../../api/queries/reference';
import type { components } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate } from '../../lib/dates';
import { RestructureWizard, type RestructureKind } from './RestructureWizard';

type Flagged = components['schemas']['AbolishedTypeUnit'];
const FIXES: readonly RestructureKind[] = ['dissolve', 'move'];

/** /units/data-quality (D10): units alive after 1/7/2025 whose type is no longer allowed, fixed in one click
 * through the restructure wizard (dissolve or move), pre-filled with the unit and the operation. */
export function DataQualityPage() {
  const { t, i18n } = useTranslation('units');
  useDocumentTitle(`${t('dataQuality.title')} · ${t('common:appName')}`);
  const en = (i18n.resolvedLanguage ?? 'vi') === 'en';
  const perms = usePermissions();
  const types = useUnitTypes();
  const list = useQuery({
    queryKey: queryKeys.units.dataQuality,
    queryFn: ({ signal }) => call(api.GET('/api/v1/data-quality/abolished-unit-types', { params: { query: { limit: 200 } }, signal })),
  });
  const [fixing, setFixing] = useState<{ unit: Flagged; kind: RestructureKind } | null>(null);
  const items = list.data?.items ?? [];
  const canFix = perms.can('units:write');

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">{t('dataQuality.title')}</Title>
        <Text size="sm" c="dimmed" maw={760}>{t('dataQuality.intro')}</Text>
      </div>
      {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <Text size="sm">{t('dataQuality.empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={820} label={t('dataQuality.title')}>
          <Table striped verticalSpacing="xs" data-testid="data-quality-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dataQuality.unit')}</Table.Th>
                <Table.Th scope="col">{t('dataQuality.type')}</Table.Th>
                <Table.Th scope="col">{t('dataQuality.parentType')}</Table.Th>
                <Table.Th scope="col">{t('dataQuality.reason')}</Table.Th>
                <Table.Th scope="col">{t('dataQuality.allowedUntil')}</Table.Th>
                {canFix && <Table.Th scope="col">{t('dataQuality.fix')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <AnchorLink to="/units" search={{ unit: u.id }}>{u.name}</AnchorLink>
                  </Table.Td>
                  <Table.Td>{types.label(u.unit_type)}</Table.Td>
                  <Table.Td>{u.parent_type ? types.label(u.parent_type) : '—'}</Table.Td>
                  <Table.Td>{en ? u.reason_en : u.reason_vi}</Table.Td>
                  <Table.Td>{formatDate(u.allowed_until) || '—'}</Table.Td>
                  {canFix && (
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {FIXES.map((kind) => (
                          <Button key={kind} size="compact-sm" variant={kind === 'dissolve' ? 'light' : 'default'} color={kind === 'dissolve' ? 'red' : undefined}
                            aria-label={t('dataQuality.fixAria', { action: t(`wizard.action.${kind}`), name: u.name })}
                            onClick={() => setFixing({ unit: u, kind })}>
                            {t(`wizard.action.${kind}`)}
                          </Button>
                        ))}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {fixing && (
        <RestructureWizard
          unit={fixing.unit}
          kind={fixing.kind}
          types={types}
          onClose={() => setFixing(null)}
          onDone={() => {
            setFixing(null);
            void list.refetch();
          }}
        />
      )}
    </Stack>
  );
}
