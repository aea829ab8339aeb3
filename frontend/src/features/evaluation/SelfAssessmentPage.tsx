import { Alert, Anchor, Button, Card, Group, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PageLoader } from '../../routes/root';
import { usePermissions } from '../../api/queries/me';
import { evaluationKeys, levelFor, useCycle, useEvaluation, useMyEvaluations, useRuleSets, weightedScore } from './api';
import { selfAssessmentRoute } from './routes';

interface SelfForm {
  scores: Record<string, number | undefined>;
  text: string;
}

/**
 * Phiếu tự đánh giá: the cadre scores each criterion of the rule set in force and writes their own comment —
 * under their own login (their account is linked to the cadre: the cycle comes from `GET /me/evaluations`, they
 * may not read the cycle itself) or entered by an officer on their behalf.
 */
export function SelfAssessmentPage() {
  const { evaluationId } = selfAssessmentRoute.useParams();
  const { t, i18n } = useTranslation('evaluation');
  const navigate = useNavigate();
  const perms = usePermissions();
  const evaluation = useEvaluation(evaluationId);
  const own = perms.me?.cadre_id != null && perms.me.cadre_id === evaluation.data?.cadre_id;
  const mine = useMyEvaluations(own);
  const cycle = useCycle(own ? -1 : evaluation.data?.cycle_id ?? -1);
  const ruleSets = useRuleSets();
  const form = useForm<SelfForm>({ initialValues: { scores: {}, text: '' } });
  const submit = useApiMutation({
    mutationFn: (v: SelfForm) =>
      call(api.POST('/api/v1/evaluations/{evaluation_id}/self-assessment', {
        params: { path: { evaluation_id: evaluationId } },
        body: { criteria_scores: v.scores as Record<string, number>, text: v.text },
      })),
    invalidate: [evaluationKeys.all],
    form,
    formFields: ['text', 'criteria_scores'],
    onSuccess: (e) =>
      void (own ? navigate({ to: '/me/evaluations' }) : navigate({ to: '/evaluation/cycles/$cycleId', params: { cycleId: e.cycle_id } })),
  });
  if (evaluation.isLoading || cycle.isLoading || mine.isLoading || ruleSets.isLoading) return <PageLoader />;
  if (evaluation.error !== null || !evaluation.data) return <ProblemAlert error={evaluation.error} />;
  const ruleSetCode = own ? mine.data?.items.find((m) => m.id === evaluationId)?.rule_set_code : cycle.data?.rule_set_code;
  const rs = ruleSets.data?.items.find((r) => r.code === ruleSetCode);
  const criteria = rs?.criteria ?? [];
  const score = weightedScore(criteria, form.values.scores);
  const en = i18n.language.startsWith('en');
  return (
    <Stack gap="md" maw={760}>
      {own ? (
        <Anchor component={Link} to="/me/evaluations" size="sm">
          <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('mine.back')}</Group>
        </Anchor>
      ) : (
        <Anchor component={Link} to="/evaluation/cycles/$cycleId" params={{ cycleId: evaluation.data.cycle_id } as never} size="sm">
          <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('self.back')}</Group>
        </Anchor>
      )}
      <div>
        <Title order={1} size="h2">{t('self.title')}</Title>
        <Text c="dimmed">{t('self.for', { name: evaluation.data.cadre_name })} · {rs?.name}</Text>
      </div>
      <form onSubmit={form.onSubmit((v) => submit.mutate(v))}>
        <Stack>
          <Card withBorder>
            <Title order={2} size="h5" mb="sm">{t('self.criteria')}</Title>
            <Stack gap="sm">
              {criteria.map((c) => (
                <NumberInput key={c.code} label={`${en ? c.name_en : c.name_vi} (${t('self.weight', { weight: c.weight })})`}
                  min={0} max={100} step={1} decimalScale={1} required
                  value={form.values.scores[c.code] ?? ''}
                  onChange={(v) => form.setFieldValue(`scores.${c.code}`, typeof v === 'number' ? v : undefined)}
                  error={form.errors[`criteria_scores.${c.code}`]} />
              ))}
            </Stack>
          </Card>
          {score !== undefined && rs && (
            <Alert color="blue" variant="light">
              <Text fw={600}>{t('self.score', { score })}</Text>
              <Text>{t('self.level', { level: t(`level.${levelFor(score, rs)}`) })}</Text>
            </Alert>
          )}
          <Textarea label={t('self.text')} required autosize minRows={4} {...form.getInputProps('text')} />
          {submit.error !== null && <ProblemAlert error={submit.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={submit.isPending} disabled={score === undefined}>{t('self.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
