import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconGitCompare } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Conflict } from './mutation';
import { ScrollTable } from './ScrollTable';

export interface ConflictField {
  key: string;
  label: string;
  /** How a value is shown (labels for codes, dd/mm/yyyy for dates). */
  format?: (value: unknown) => ReactNode;
}

function plain(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}

/**
 * A 412 Precondition Failed, shown the way a person can resolve it: for every field the version now
 * saved by someone else beside the user's own edit, differences marked. "Keep my edits" resubmits them
 * on top of the new version; "Use theirs" discards them.
 */
export function ConflictPanel<TVars>({
  conflict,
  fields,
  onKeepMine,
  onUseTheirs,
}: {
  conflict: Conflict<TVars>;
  fields: readonly ConflictField[];
  onKeepMine: () => void;
  onUseTheirs: () => void;
}) {
  const { t } = useTranslation('common');
  const theirs = (conflict.theirs ?? {}) as Record<string, unknown>;
  const mine = conflict.mine as Record<string, unknown>;
  const rows = fields.filter((f) => f.key in mine || f.key in theirs);
  return (
    <Alert color="orange" variant="light" icon={<IconGitCompare aria-hidden size={20} />} title={t('conflict.title')} data-testid="conflict">
      <Stack gap="sm">
        <Text size="sm">{t('conflict.body')}</Text>
        <ScrollTable minWidth={320}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('conflict.field')}</Table.Th>
                <Table.Th scope="col">{t('conflict.theirs')}</Table.Th>
                <Table.Th scope="col">{t('conflict.mine')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((f) => {
                const fmt = f.format ?? plain;
                const differs = f.key in mine && JSON.stringify(mine[f.key] ?? null) !== JSON.stringify(theirs[f.key] ?? null);
                return (
                  <Table.Tr key={f.key} data-differs={differs || undefined}>
                    <Table.Th scope="row" fw={500}>
                      {f.label}
                    </Table.Th>
                    <Table.Td>{fmt(theirs[f.key])}</Table.Td>
                    <Table.Td fw={differs ? 700 : undefined}>
                      {f.key in mine ? fmt(mine[f.key]) : <Text span c="dimmed" size="sm">{t('conflict.unchanged')}</Text>}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Group gap="sm">
          <Button onClick={onKeepMine}>{t('conflict.keepMine')}</Button>
          <Button variant="default" onClick={onUseTheirs}>
            {t('conflict.useTheirs')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
