import { Anchor, Badge, Box, Card, Group, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { DateField } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { UnitSelect } from '../../components/UnitSelect';
import { usePositions } from '../../api/queries/reference';
import { COVERAGE_RULES, useCoverageGaps, type CoverageRule } from './api';

export function CoverageGapsPage() {
  const { t } = useTranslation('training');
  const perms = usePermissions();
  const year = new Date().getFullYear();
  const [picked, setUnitId] = useState<number | undefined>();
  const unitId = picked ?? perms.grantUnitIds[0]; // the top of the user's grants until they pick one
  const [rule, setRule] = useState<CoverageRule>('part_time_skills');
  const [from, setFrom] = useState<string | undefined>(`${year}-01-01`);
  const [to, setTo] = useState<string | undefined>();
  const gaps = useCoverageGaps(unitId, rule, from, to);
  const positions = usePositions();
  const postName = (code: string | null | undefined) => (code ? positions.label(code) : '');
  const g = gaps.data;
  const pct = g && g.population ? Math.round((1000 * g.covered) / g.population) / 10 : 0;
  // nonstate_chairs_trained splits chairs by members (rulebook §4.6): ≥ 1,000 → province-run course, else any level
  const grouped = g?.items.some((p) => p.training_group != null) ?? false;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">{t('gaps.title')}</Title>
        <Text c="dimmed" size="sm">{t('gaps.intro')}</Text>
      </div>
      <Group wrap="wrap" align="flex-end">
        <UnitSelect label={t('gaps.unit')} value={unitId} onChange={setUnitId} w={300} />
        <Select label={t('gaps.rule')} w={420} allowDeselect={false} value={rule} onChange={(v) => v && setRule(v as CoverageRule)}
          data={COVERAGE_RULES.map((r) => ({ value: r, label: t(`rule.${r}`) }))} />
        <DateField label={t('gaps.from')} value={from} onChange={setFrom} w={170} />
        <DateField label={t('gaps.to')} value={to} onChange={setTo} w={170} />
      </Group>
      {unitId === undefined && <Text c="dimmed">{t('gaps.chooseUnit')}</Text>}
      {gaps.error !== null && <ProblemAlert error={gaps.error} />}
      {g && (
        <Card withBorder>
          <Text fw={600}>{t('gaps.summary', { covered: g.covered, population: g.population, pct, missing: g.population - g.covered })}</Text>
          <Progress.Root mt="xs" size="lg">
            <Progress.Section value={pct} color={pct >= 100 ? 'teal' : 'orange'} aria-label={t(`rule.${rule}`)} />
          </Progress.Root>
          {g.items.length === 0 ? <Text mt="sm" c="dimmed">{t('gaps.none')}</Text> : (
            <Box mt="sm"><ScrollTable minWidth={480}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('gaps.name')}</Table.Th><Table.Th>{t('gaps.unitName')}</Table.Th>
                    {grouped && <Table.Th>{t('gaps.group')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {g.items.map((p) => (
                    <Table.Tr key={p.cadre_id}>
                      <Table.Td>
                        <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: p.cadre_id } as never}>{p.full_name}</Anchor>
                        {p.position_code && <Text size="xs" c="dimmed">{postName(p.position_code)}</Text>}
                      </Table.Td>
                      <Table.Td>{p.unit_name}</Table.Td>
                      {grouped && (
                        <Table.Td>
                          {p.training_group && (
                            <Badge c="dark.8" variant="light" tt="none" color={p.training_group === 'province_trained' ? 'grape' : 'blue'}>
                              {t(`group.${p.training_group}`)}
                            </Badge>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable></Box>
          )}
        </Card>
      )}
    </Stack>
  );
}
