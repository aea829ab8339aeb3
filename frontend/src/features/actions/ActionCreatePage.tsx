import { Button, Card, Grid, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePositions } from '../../api/queries/reference';
import type { ActionCreate, ActionType, Eligibility } from '../../api/types';
import { DateField } from '../../components/DateField';
import { CadreSelect, UnitSelect } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { todayIso } from '../../lib/dates';
import { useCreateAction, useEligibilityPreview, useRecordClearance, useTransition } from './api';
import { EligibilityPanel } from './EligibilityPanel';
import { ACTION_TYPES } from './labels';

const route = getRouteApi('/actions/new');

/** Inline fix for a failed political-clearance rule: record the conclusion without leaving the form. */
function ClearanceFix({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('actions');
  const [open, setOpen] = useState(false);
  const [concludedOn, setConcludedOn] = useState(todayIso());
  const [by, setBy] = useState('');
  const [decision, setDecision] = useState('');
  const record = useRecordClearance();
  if (!open) {
    return (
      <Button size="xs" variant="light" mt={4} onClick={() => setOpen(true)}>
        {t('clearance.open')}
      </Button>
    );
  }
  return (
    <Card withBorder p="sm" mt="xs" component="form" onSubmit={(e) => {
      e.preventDefault();
      record.mutate(
        { cadreId, positive: true, concluded_on: concludedOn, concluded_by: by, decision_no: decision },
        { onSuccess: () => setOpen(false) },
      );
    }}>
      <Stack gap="xs">
        <Text size="sm" fw={600}>{t('clearance.title')}</Text>
        <DateField label={t('clearance.concludedOn')} value={concludedOn} onChange={(v) => setConcludedOn(v ?? '')} required />
        <TextInput label={t('clearance.concludedBy')} value={by} onChange={(e) => setBy(e.currentTarget.value)} required />
        <TextInput label={t('clearance.decisionNo')} value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
        {record.error !== null && <ProblemAlert error={record.error} />}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={record.isPending}>{t('clearance.save')}</Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>{t('common:cancel')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** /actions/new: propose a personnel action with the live eligibility panel beside the form. */
export function ActionCreatePage() {
  const { t } = useTranslation('actions');
  useDocumentTitle(`${t('create.title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = useNavigate();
  const positions = usePositions();
  const [type, setType] = useState<ActionType>('appointment');
  const [cadreId, setCadreId] = useState<number | undefined>(search.cadre);
  const [unitId, setUnitId] = useState<number | undefined>(search.unit);
  const [position, setPosition] = useState<string | null>(null);
  const [effective, setEffective] = useState('');
  const [decisionNo, setDecisionNo] = useState('');
  const [reason, setReason] = useState('');
  const create = useCreateAction();
  const transition = useTransition();

  const body: ActionCreate | undefined = useMemo(
    () =>
      cadreId && unitId && position && effective
        ? { type, cadre_id: cadreId, unit_id: unitId, position_code: position, effective_date: effective }
        : undefined,
    [type, cadreId, unitId, position, effective],
  );
  const [debounced] = useDebouncedValue(body, 300);
  const preview = useEligibilityPreview(debounced);

  const save = async (submit: boolean) => {
    if (!body) return;
    const action = await create.mutateAsync({ ...body, decision_no: decisionNo || null, reason: reason || null });
    if (submit) await transition.mutateAsync({ id: action.id, transition: 'submit' });
    await navigate({ to: '/actions/$actionId', params: { actionId: String(action.id) } });
  };

  const fixFor = (rule: Eligibility) => (rule.rule === 'political_clearance' && cadreId ? <ClearanceFix cadreId={cadreId} /> : null);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('create.title')}</Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder padding="md" component="form" aria-labelledby="action-form-title" onSubmit={(e) => {
            e.preventDefault();
            void save(false).catch(() => undefined);
          }}>
            <Stack gap="sm">
              <Title order={2} size="h4" id="action-form-title">{t('create.formTitle')}</Title>
              <Select
                label={t('field.type')}
                data={ACTION_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
                value={type}
                onChange={(v) => v && setType(v as ActionType)}
                allowDeselect={false}
                required
              />
              <CadreSelect label={t('field.cadre')} placeholder={t('field.cadreSearch')} value={cadreId} onChange={setCadreId} required />
              <UnitSelect label={t('field.unit')} placeholder={t('field.unitSearch')} value={unitId} onChange={setUnitId} required />
              <Select
                label={t('field.position')}
                searchable
                data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))}
                value={position}
                onChange={setPosition}
                required
              />
              <DateField label={t('field.effectiveDate')} value={effective} onChange={(v) => setEffective(v ?? '')} required />
              <TextInput label={t('field.decisionNo')} value={decisionNo} onChange={(e) => setDecisionNo(e.currentTarget.value)} />
              <Textarea label={t('field.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
              {create.error !== null && <ProblemAlert error={create.error} />}
              {transition.error !== null && <ProblemAlert error={transition.error} />}
              <Group gap="sm">
                <Button type="submit" variant="default" disabled={!body} loading={create.isPending}>
                  {t('create.saveDraft')}
                </Button>
                <Button disabled={!body} loading={create.isPending || transition.isPending}
                  onClick={() => void save(true).catch(() => undefined)}>
                  {t('create.saveSubmit')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {preview.error ? (
            <ProblemAlert error={preview.error} title={t('eligibility.title')} />
          ) : (
            <EligibilityPanel results={preview.data?.eligibility} loading={preview.isFetching} fixFor={fixFor} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
