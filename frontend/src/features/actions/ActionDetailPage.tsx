import { Anchor, Button, Card, Grid, Group, Loader, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import { DownloadButton } from '../../components/DownloadButton';
import { CadreName, UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { useAction, useActions, useTransition } from './api';
import { ActionTable } from './ActionsPage';
import { blockingFailures, EligibilityPanel, onlyOverridableFailures } from './EligibilityPanel';

const route = getRouteApi('/actions/$actionId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

/** /actions/:id — one action: its facts, eligibility, the transitions the caller may make, the decision. */
export function ActionDetailPage() {
  const { t } = useTranslation('actions');
  const { actionId } = route.useParams();
  const id = Number(actionId);
  const action = useAction(id);
  const perms = usePermissions();
  const positions = usePositions();
  const transition = useTransition();
  const [overrideReason, setOverrideReason] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  const a = action.data;
  const history = useActions({ cadre_id: a?.cadre_id }, a !== undefined);
  useDocumentTitle(`${t('detail.title')} · ${t('common:appName')}`);

  if (action.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (action.error || !a) return <ProblemAlert error={action.error} onRetry={() => void action.refetch()} />;

  const failures = blockingFailures(a.eligibility);
  const canApprove = perms.can('actions:approve') && a.status === 'submitted';
  const overridable = failures.length > 0 && onlyOverridableFailures(a.eligibility);
  const go = (transitionName: 'submit' | 'withdraw' | 'approve' | 'reject') =>
    transition.mutate({ id, transition: transitionName, overrideReason: overrideReason || undefined, reason: rejectReason || undefined });

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/actions" size="sm">← {t('title')}</Anchor>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {t(`type.${a.type}`)}: <CadreName id={a.cadre_id} />
        </Title>
        <StatusBadge status={a.status} label={t(`status.${a.status}`)} />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Card withBorder padding="md" component="section" aria-labelledby="action-facts">
              <Title order={2} size="h4" id="action-facts" mb="sm">{t('detail.facts')}</Title>
              <SimpleGrid cols={{ base: 1, xs: 2 }} component="dl" m={0} spacing="sm">
                <Field label={t('field.position')}>{positions.label(a.position_code)}</Field>
                <Field label={t('field.unit')}><UnitName id={a.unit_id} /></Field>
                {a.from_unit_id && <Field label={t('field.fromUnit')}><UnitName id={a.from_unit_id} /></Field>}
                <Field label={t('field.effectiveDate')}>{formatDate(a.effective_date)}</Field>
                <Field label={t('field.dossierDate')}>{formatDate(a.dossier_date)}</Field>
                <Field label={t('field.decisionNo')}>{a.decision_no ?? '—'}</Field>
                <Field label={t('field.reason')}>{a.reason ?? '—'}</Field>
                {a.override_reason && <Field label={t('field.overrideReason')}>{a.override_reason}</Field>}
                <Field label={t('field.decidedAt')}>{a.decided_at ? formatDate(a.decided_at) : '—'}</Field>
              </SimpleGrid>
            </Card>
            <Card withBorder padding="md" component="section" aria-labelledby="action-steps">
              <Stack gap="sm">
                <Title order={2} size="h4" id="action-steps">{t('detail.steps')}</Title>
                {a.status === 'draft' && (
                  <Group gap="sm">
                    <Button onClick={() => go('submit')} loading={transition.isPending}>{t('actions.submit')}</Button>
                    <Button variant="default" onClick={() => go('withdraw')} loading={transition.isPending}>{t('actions.withdraw')}</Button>
                  </Group>
                )}
                {a.status === 'submitted' && !canApprove && (
                  <Group gap="sm">
                    <Text size="sm">{t('detail.waiting')}</Text>
                    <Button variant="default" onClick={() => go('withdraw')} loading={transition.isPending}>{t('actions.withdraw')}</Button>
                  </Group>
                )}
                {canApprove && (
                  <Stack gap="sm">
                    {overridable && (
                      <Textarea
                        label={t('field.overrideReason')}
                        description={t('detail.overrideHelp')}
                        value={overrideReason}
                        onChange={(e) => setOverrideReason(e.currentTarget.value)}
                        minRows={2}
                        autosize
                        required
                      />
                    )}
                    {failures.length > 0 && !overridable && <Text size="sm" c="#a11d1d">{t('detail.cannotOverride')}</Text>}
                    <Textarea label={t('field.rejectReason')} value={rejectReason} onChange={(e) => setRejectReason(e.currentTarget.value)} minRows={1} autosize />
                    <Group gap="sm">
                      <Button color="green" onClick={() => go('approve')} loading={transition.isPending}
                        disabled={(failures.length > 0 && !overridable) || (overridable && overrideReason.trim().length < 5)}>
                        {overridable ? t('actions.approveOverride') : t('actions.approve')}
                      </Button>
                      <Button color="red" variant="light" onClick={() => go('reject')} loading={transition.isPending}>{t('actions.reject')}</Button>
                      <Button variant="default" onClick={() => go('withdraw')} loading={transition.isPending}>{t('actions.withdraw')}</Button>
                    </Group>
                  </Stack>
                )}
                {(a.status === 'approved' || a.status === 'effective') && (
                  <DownloadButton url={`/api/v1/personnel-actions/${a.id}/decision.docx`} fileName={`quyet-dinh-${a.id}.docx`}>
                    {t('detail.decisionDocx')}
                  </DownloadButton>
                )}
                {transition.error !== null && <ProblemAlert error={transition.error} />}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <EligibilityPanel results={a.eligibility} />
        </Grid.Col>
      </Grid>
      <Card withBorder padding="md" component="section" aria-labelledby="action-history">
        <Title order={2} size="h4" id="action-history" mb="sm">{t('detail.history')}</Title>
        {history.data ? <ActionTable items={history.data.items} /> : <Loader size="xs" aria-label={t('common:loading')} />}
      </Card>
    </Stack>
  );
}
