import { Anchor, Badge, Button, Card, Group, Loader, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useState } from 'react';
import type { ReactNode } from 'react';

import { usePermissions } from '../../api/queries/me';
import { useTranslation } from 'react-i18next';

import type { Unit } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { useUnit, type UnitTypeCatalogue } from './api';
import { formatCount, sectorLabelKey } from './labels';
import { UnitDisciplinesSection } from '../conduct/Disciplines';
import { UnitRatingsSection } from '../ratings/UnitRatingsSection';
import { RESTRUCTURE_KINDS, RestructureWizard, type RestructureKind } from './RestructureWizard';
import { UnitBodies } from './UnitBodies';
import { UnitStructureEditor } from './UnitStructureEditor';
import { UnitHistory } from './UnitHistory';

/** Grassroots unions are rated yearly (HD 1294); the ratings section is shown for them only. */
const GRASSROOTS = new Set(['cong_doan_co_so', 'nghiep_doan_co_so']);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

export interface UnitDetailProps {
  unitId: number;
  /** The unit as listed in the tree or search for the chosen date; fetched by id when absent. */
  listed?: Unit;
  types: UnitTypeCatalogue;
  onSelectParent(id: number): void;
}

/** The selected unit's record and its organisational history. */
export function UnitDetail({ unitId, listed, types, onSelectParent }: UnitDetailProps) {
  const { t, i18n } = useTranslation('units');
  const fetched = useUnit(listed ? undefined : unitId);
  const unit = listed ?? fetched.data;
  const parent = useUnit(unit?.parent_id ?? undefined);
  const lang = i18n.resolvedLanguage ?? 'vi';
  const none = t('common:none');
  const perms = usePermissions();
  const [wizard, setWizard] = useState<RestructureKind | null>(null);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="unit-detail-title">
      <Stack gap="md">
        {!unit && fetched.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
        {!unit && fetched.isError && <ProblemAlert error={fetched.error} onRetry={() => void fetched.refetch()} />}
        {unit && (
          <>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('detail.title')}
              </Text>
              <Group gap="xs" align="center">
                <Title order={2} size="h3" id="unit-detail-title">
                  {unit.name}
                </Title>
                {unit.ended_on && (
                  <Badge color="gray" variant="outline">
                    {t('tree.ended')}
                  </Badge>
                )}
                {perms.can('units:write') && !unit.ended_on && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="light" ml="auto" rightSection={<IconChevronDown aria-hidden size={14} />}>
                        {t('wizard.menu')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {RESTRUCTURE_KINDS.map((k) => (
                        <Menu.Item key={k} onClick={() => setWizard(k)} color={k === 'dissolve' ? 'red' : undefined}>
                          {t(`wizard.action.${k}`)}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            </div>
            <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm" m={0}>
              <Field label={t('detail.code')}>{unit.code}</Field>
              <Field label={t('detail.type')}>{types.label(unit.unit_type)}</Field>
              <Field label={t('detail.sector')}>{unit.sector ? t(sectorLabelKey(unit.sector)) : none}</Field>
              <Field label={t('detail.parent')}>
                {unit.parent_id === null
                  ? none
                  : parent.data
                    ? (
                        <Anchor component="button" type="button" size="sm" onClick={() => onSelectParent(parent.data.id)}>
                          {parent.data.name}
                        </Anchor>
                      )
                    : none}
              </Field>
              <Field label={t('detail.memberCount')}>{formatCount(unit.member_count, lang)}</Field>
              <Field label={t('detail.workforce')}>{formatCount(unit.workforce, lang)}</Field>
              {unit.admin_area && <Field label={t('detail.adminArea')}>{unit.admin_area}</Field>}
              <Field label={t('detail.establishedOn')}>{formatDate(unit.established_on) || none}</Field>
              <Field label={t('detail.endedOn')}>{formatDate(unit.ended_on) || none}</Field>
            </SimpleGrid>
            <UnitBodies unitId={unit.id} />
            {perms.can('units:write') && !unit.ended_on && <UnitStructureEditor unitId={unit.id} />}
            <UnitHistory unitId={unit.id} />
            {GRASSROOTS.has(unit.unit_type) && <UnitRatingsSection unitId={unit.id} />}
            <UnitDisciplinesSection unitId={unit.id} />
            {wizard && (
              <RestructureWizard
                unit={unit}
                kind={wizard}
                types={types}
                onClose={() => setWizard(null)}
                onDone={(id) => {
                  setWizard(null);
                  onSelectParent(id);
                }}
              />
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
