import { Alert, Button, Card, Checkbox, Group, Loader, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { AnchorLink } from '../../components/AnchorLink';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../lib/dates';
import {
  dueUrgency,
  isOpen,
  RESTRICTING,
  useAcknowledgeRequest,
  useCompleteRequest,
  useDataSubjectRequest,
  type DataSubjectRequest,
} from './api';
import { DueDate, STATUS_BADGE } from './DataRequestsPage';
import { PersonalDataExportButton } from './PersonalDataExportButton';

const route = getRouteApi('/data-requests/$requestId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

function CompleteForm({ request }: { request: DataSubjectRequest }) {
  const { t } = useTranslation('privacy');
  const form = useForm({
    initialValues: { outcome: '', rejected: false },
    validate: { outcome: (v: string) => (v.trim() ? null : t('complete.outcomeRequired')) },
  });
  const complete = useCompleteRequest(form);
  const restricts = RESTRICTING.includes(request.kind) && !form.values.rejected;
  return (
    <form noValidate onSubmit={form.onSubmit((v) => complete.mutate({ id: request.id, body: { outcome: v.outcome.trim(), rejected: v.rejected } }))}>
      <Stack gap="sm">
        <Textarea label={t('complete.outcome')} description={t('complete.outcomeHelp')} required autosize minRows={3} maxLength={2000} {...form.getInputProps('outcome')} />
        <Checkbox label={t('complete.rejected')} description={t('complete.rejectedHelp')} {...form.getInputProps('rejected', { type: 'checkbox' })} />
        {restricts && <Alert color="orange" variant="light">{t('complete.restrictionWarning')}</Alert>}
        {complete.error !== null && <ProblemAlert error={complete.error} />}
        <Group>
          <Button type="submit" color={form.values.rejected ? 'red' : undefined} loading={complete.isPending}>
            {form.values.rejected ? t('complete.rejectButton') : t('complete.button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /data-requests/$requestId: one request, its deadlines, acknowledgement and completion. */
export function DataRequestPage() {
  const { t } = useTranslation('privacy');
  const { requestId } = route.useParams();
  const request = useDataSubjectRequest(Number(requestId));
  const acknowledge = useAcknowledgeRequest();
  const { can } = usePermissions();
  useDocumentTitle(`${t('detail.title')} · ${t('common:appName')}`);
  const r = request.data;
  return (
    <Stack gap="md">
      <AnchorLink to="/data-requests" size="sm">
        <Group gap={4} component="span"><IconArrowLeft aria-hidden size={16} />{t('detail.back')}</Group>
      </AnchorLink>
      {request.error && <ProblemAlert error={request.error} />}
      {request.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {r && (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Title order={1} size="h2">{t('detail.heading', { kind: t(`kind.${r.kind}`) })}</Title>
              <Text size="sm">
                {t('col.subject')}:{' '}
                <AnchorLink to="/cadres/$cadreId" params={{ cadreId: String(r.cadre_id) } as never}>
                  {r.cadre_name ?? t('subjectNo', { id: r.cadre_id })}
                </AnchorLink>
              </Text>
            </div>
            <StatusBadge status={STATUS_BADGE[r.status]} label={t(`status.${r.status}`)} />
          </Group>
          <Card withBorder padding="md">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Field label={t('col.received')}>{formatDate(r.received_on)}</Field>
              <Field label={t('col.ackDue')}>
                {r.status === 'received' ? <DueDate value={r.ack_due} urgency={dueUrgency(r, r.ack_due)} /> : formatDate(r.ack_due)}
              </Field>
              <Field label={t('col.completeDue')}><DueDate value={r.complete_due} urgency={dueUrgency(r, r.complete_due)} /></Field>
              <Field label={t('detail.acknowledgedAt')}>{r.acknowledged_at ? formatDateTime(r.acknowledged_at) : '—'}</Field>
              <Field label={t('detail.completedAt')}>{r.completed_at ? formatDateTime(r.completed_at) : '—'}</Field>
              <Field label={t('form.note')}>{r.note || '—'}</Field>
              <Field label={t('complete.outcome')}>{r.outcome || '—'}</Field>
            </SimpleGrid>
          </Card>
          <Text size="sm" c="dimmed">{t(`kindHelp.${r.kind}`)}</Text>
          {r.kind === 'access' && can('cadres:read_sensitive') && (
            <Card withBorder padding="md" component="section" aria-labelledby="export-title">
              <Stack gap="xs">
                <Title order={2} size="h4" id="export-title">{t('export.title')}</Title>
                <Text size="sm">{t('export.help')}</Text>
                <PersonalDataExportButton cadreId={r.cadre_id} w="fit-content" />
              </Stack>
            </Card>
          )}
          {isOpen(r) && can('cadres:write') && (
            <Card withBorder padding="md" component="section" aria-labelledby="handle-title">
              <Stack gap="sm">
                <Title order={2} size="h4" id="handle-title">{t('detail.handle')}</Title>
                {r.status === 'received' && (
                  <Stack gap={4}>
                    <Text size="sm">{t('detail.ackHelp')}</Text>
                    <Group>
                      <Button variant="light" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(r.id)}>
                        {t('detail.acknowledge')}
                      </Button>
                    </Group>
                    {acknowledge.error !== null && <ProblemAlert error={acknowledge.error} />}
                  </Stack>
                )}
                <CompleteForm request={r} />
              </Stack>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
