import { Alert, Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { useMyEvaluations, type MyEvaluation } from './api';

/**
 * "Tự đánh giá của tôi": the signed-in cadre's own evaluations (their account is linked to a cadre), the open
 * ones with the self-assessment form, the published ones with their result.
 */
export function MyEvaluationsPage() {
  const { t } = useTranslation('evaluation');
  const perms = usePermissions();
  const own = perms.me?.cadre_id ?? null;
  const mine = useMyEvaluations(own !== null);
  if (perms.isLoading || mine.isLoading) return <PageLoader />;
  return (
    <Stack gap="md" maw={860}>
      <div>
        <Title order={1} size="h2">{t('mine.title')}</Title>
        <Text c="dimmed">{t('mine.intro')}</Text>
      </div>
      {own === null && <Alert color="gray">{t('mine.notLinked')}</Alert>}
      {mine.error !== null && <ProblemAlert error={mine.error} />}
      {own !== null && (mine.data?.items ?? []).length === 0 && <Text c="dimmed">{t('mine.empty')}</Text>}
      {(mine.data?.items ?? []).map((e) => <MyEvaluationCard key={e.id} e={e} />)}
    </Stack>
  );
}

function MyEvaluationCard({ e }: { e: MyEvaluation }) {
  const { t } = useTranslation('evaluation');
  const canSelf = e.cycle_status === 'open' && (e.status === 'pending' || e.status === 'self_assessed');
  return (
    <Card withBorder>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">{t(`kind.${e.cycle_kind}`)} — {e.cycle_period}</Title>
        <Badge c="dark.8" variant="light" tt="none">{t(`steps.${e.status}`)}</Badge>
      </Group>
      <Text size="sm" c="dimmed">{formatDate(e.cycle_starts_on)} – {formatDate(e.cycle_ends_on)}</Text>
      <Stack gap={4} mt="xs">
        {e.self_score !== null && (
          <Text size="sm">{t('mine.selfScore', { score: e.self_score, level: e.self_level ? t(`level.${e.self_level}`) : '—' })}</Text>
        )}
        {e.collective_comment && <Text size="sm">{t('mine.collective')}: {e.collective_comment}</Text>}
        {e.published_at && e.level && (
          <Alert color="teal" variant="light" p="xs">
            {t('mine.result', { level: t(`level.${e.level}`), date: formatDate(e.published_at) })}
          </Alert>
        )}
      </Stack>
      {canSelf && (
        <Anchor component={Link} to="/evaluation/self-assessment/$evaluationId" params={{ evaluationId: e.id } as never} mt="sm" display="inline-block" fw={600}>
          {e.status === 'pending' ? t('mine.start') : t('mine.edit')}
        </Anchor>
      )}
    </Card>
  );
}
