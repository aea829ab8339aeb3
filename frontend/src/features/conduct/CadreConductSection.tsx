/**
 * Awards, evaluation results and courses attended, on the cadre profile (mounted by cadres/CadreProfilePage
 * through its `conduct` slot), and the cadre's disciplines with their effective periods (`Disciplines.tsx`).
 */
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import type { components } from '../../api/schema';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { useCadreEvaluationResults } from '../evaluation/api';
import { useCadreEnrolments } from '../training/api';
import { awardPeriod } from './awards';
import { CadreDisciplines } from './Disciplines';

type AwardKind = components['schemas']['AwardCreate']['kind'];
const PERSON_AWARDS: AwardKind[] = ['bang_khen_tld', 'bang_khen_tinh', 'bang_lao_dong_sang_tao', 'ky_niem_chuong', 'giay_khen'];

export const conductKeys = {
  awards: (cadreId: number) => ['conduct', 'awards', cadreId] as const,
};

function useAwards(cadreId: number) {
  return useQuery({
    queryKey: conductKeys.awards(cadreId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/cadres/{cadre_id}/awards', { params: { path: { cadre_id: cadreId } }, signal })),
  });
}

interface AwardForm {
  kind: AwardKind | null;
  issuer: string;
  decision_no: string;
  awarded_on: string | undefined;
  effective_from: string | undefined;
  effective_to: string | undefined;
}

export function CadreConductSection({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('conduct');
  const tEval = useTranslation('evaluation').t;
  const tTrain = useTranslation('training').t;
  const perms = usePermissions();
  const awards = useAwards(cadreId);
  const results = useCadreEvaluationResults(cadreId);
  const courses = useCadreEnrolments(cadreId);
  const [adding, setAdding] = useState(false);
  const form = useForm<AwardForm>({
    initialValues: { kind: null, issuer: '', decision_no: '', awarded_on: undefined, effective_from: undefined, effective_to: undefined },
  });
  const add = useApiMutation({
    mutationFn: (v: AwardForm) =>
      call(api.POST('/api/v1/cadres/{cadre_id}/awards', {
        params: { path: { cadre_id: cadreId } },
        body: {
          kind: v.kind ?? 'giay_khen', issuer: v.issuer, decision_no: v.decision_no || null, awarded_on: v.awarded_on ?? '',
          effective_from: v.effective_from ?? null, effective_to: v.effective_to ?? null,
        },
      })),
    invalidate: [conductKeys.awards(cadreId)],
    form,
    formFields: ['kind', 'issuer', 'decision_no', 'awarded_on', 'effective_from', 'effective_to'],
    onSuccess: () => {
      setAdding(false);
      form.reset();
    },
  });
  return (
    <Stack gap="md" aria-label={t('section.title')}>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">{t('section.evaluations')}</Title>
        </Group>
        {results.error !== null && <ProblemAlert error={results.error} />}
        {(results.data?.items ?? []).length === 0 ? <Text size="sm" c="dimmed">{t('section.noEvaluations')}</Text> : (
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('section.period')}</Table.Th><Table.Th>{t('section.level')}</Table.Th><Table.Th>{t('section.awardedOn')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(results.data?.items ?? []).map((r) => (
                <Table.Tr key={r.evaluation_id}>
                  <Table.Td>{tEval(`kind.${r.kind}`)} {r.period}</Table.Td>
                  <Table.Td><Badge c="dark.8" variant="light" tt="none" color={r.level === 'khong_hoan_thanh' ? 'red' : 'teal'}>{tEval(`level.${r.level}`)}</Badge></Table.Td>
                  <Table.Td>{formatDate(r.decided_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">{t('section.training')}</Title>
        {courses.error !== null && <ProblemAlert error={courses.error} />}
        {(courses.data?.items ?? []).length === 0 ? <Text size="sm" c="dimmed">{t('section.noTraining')}</Text> : (
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('section.course')}</Table.Th><Table.Th>{t('section.result')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(courses.data?.items ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.course_name}</Table.Td>
                  <Table.Td>{e.result ? t(`result.${e.result}`) : tTrain(`status.${e.status}`)}{e.completed_on ? ` · ${formatDate(e.completed_on)}` : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">{t('section.awards')}</Title>
          {perms.can('cadres:write') && !adding && <Button size="compact-sm" variant="light" onClick={() => setAdding(true)}>{t('section.addAward')}</Button>}
        </Group>
        {awards.error !== null && <ProblemAlert error={awards.error} />}
        {(awards.data?.items ?? []).length === 0 ? <Text size="sm" c="dimmed">{t('section.noAwards')}</Text> : (
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('section.kind')}</Table.Th><Table.Th>{t('section.issuer')}</Table.Th><Table.Th>{t('section.decisionNo')}</Table.Th><Table.Th>{t('section.awardedOn')}</Table.Th><Table.Th>{t('section.effectivePeriod')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(awards.data?.items ?? []).map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t(`award.${a.kind}`)}</Table.Td>
                  <Table.Td>{a.issuer}</Table.Td>
                  <Table.Td>{a.decision_no ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(a.awarded_on)}</Table.Td>
                  <Table.Td>{awardPeriod(a)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {adding && (
          <form onSubmit={form.onSubmit((v) => add.mutate(v))}>
            <Stack mt="sm" maw={480}>
              <Select label={t('section.kind')} required data={PERSON_AWARDS.map((k) => ({ value: k, label: t(`award.${k}`) }))} {...form.getInputProps('kind')} />
              <TextInput label={t('section.issuer')} required {...form.getInputProps('issuer')} />
              <TextInput label={t('section.decisionNo')} {...form.getInputProps('decision_no')} />
              <DateField label={t('section.awardedOn')} value={form.values.awarded_on} onChange={(v) => form.setFieldValue('awarded_on', v)} error={form.errors.awarded_on} />
              <Group grow align="flex-start">
                <DateField label={t('section.effectiveFrom')} value={form.values.effective_from}
                  onChange={(v) => form.setFieldValue('effective_from', v)} error={form.errors.effective_from} />
                <DateField label={t('section.effectiveTo')} value={form.values.effective_to}
                  onChange={(v) => form.setFieldValue('effective_to', v)} error={form.errors.effective_to} />
              </Group>
              {add.error !== null && <ProblemAlert error={add.error} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setAdding(false)}>{t('section.cancel')}</Button>
                <Button type="submit" loading={add.isPending}>{t('section.save')}</Button>
              </Group>
            </Stack>
          </form>
        )}
      </Card>
      <CadreDisciplines cadreId={cadreId} />
    </Stack>
  );
}

export default CadreConductSection;
