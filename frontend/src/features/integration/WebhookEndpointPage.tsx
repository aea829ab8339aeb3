import { Badge, Button, Card, Group, Loader, Modal, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AnchorLink } from '../../components/AnchorLink';
import { ConflictPanel } from '../../components/ConflictPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { SecretOnce } from '../../components/SecretOnce';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../lib/dates';
import {
  deliveryState,
  useDeleteWebhookEndpoint,
  useRetryDelivery,
  useRotateWebhookSecret,
  useUpdateWebhookEndpoint,
  useWebhookDeliveries,
  useWebhookEndpoint,
  type DeliveryFilter,
  type DeliveryState,
  type WebhookEndpoint,
} from './api';
import { WebhookForm } from './WebhookForm';
import { useOwnerLabel } from './WebhooksPage';

const route = getRouteApi('/integration/webhooks/$endpointId');

const STATE_BADGE: Record<DeliveryState, string> = {
  pending: 'queued',
  failed: 'late',
  delivered: 'succeeded',
  dead: 'failed',
};

function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation('integration');
  const [filter, setFilter] = useState<DeliveryFilter>('all');
  const deliveries = useWebhookDeliveries(endpoint.id, filter);
  const retry = useRetryDelivery();
  const items = deliveries.data?.items ?? [];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="deliveries-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="deliveries-title">{t('deliveries.title')}</Title>
          <Button size="compact-sm" variant="default" leftSection={<IconRefresh aria-hidden size={16} />} onClick={() => void deliveries.refetch()}>
            {t('deliveries.refresh')}
          </Button>
        </Group>
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as DeliveryFilter)}
          aria-label={t('deliveries.filter')}
          data={(['all', 'pending', 'succeeded', 'dead'] as const).map((f) => ({ value: f, label: t(`deliveries.filters.${f}`) }))}
        />
        <Text size="xs" c="dimmed">{t('deliveries.help')}</Text>
        {deliveries.error && <ProblemAlert error={deliveries.error} />}
        {retry.error !== null && <ProblemAlert error={retry.error} />}
        {deliveries.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
        {deliveries.isSuccess && items.length === 0 && <Text c="dimmed" data-testid="deliveries-empty">{t('deliveries.empty')}</Text>}
        {items.length > 0 && (
          <ScrollTable minWidth={820} label={t('deliveries.title')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('deliveries.created')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.event')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.status')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.attempts')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.nextRetry')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.lastResult')}</Table.Th>
                  <Table.Th scope="col">{t('deliveries.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => {
                  const state = deliveryState(d);
                  return (
                    <Table.Tr key={d.id} data-testid="delivery-row">
                      <Table.Td>{formatDateTime(d.created_at)}</Table.Td>
                      <Table.Td>
                        {t(`events.${d.event_type.replace('.', '_')}`, { defaultValue: d.event_type })}
                        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{d.msg_id}</Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}><StatusBadge status={STATE_BADGE[state]} label={t(`deliveries.state.${state}`)} /></Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                      <Table.Td>{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : '—'}</Table.Td>
                      <Table.Td>
                        {d.delivered_at
                          ? t('deliveries.deliveredAt', { at: formatDateTime(d.delivered_at), code: d.last_status_code ?? '' })
                          : d.last_error
                            ? t(`deliveries.errors.${d.last_error.startsWith('http_') ? 'http' : d.last_error.split(':')[0]}`, {
                                defaultValue: t('deliveries.errors.other', { error: d.last_error }),
                                code: d.last_status_code ?? '',
                              })
                            : '—'}
                      </Table.Td>
                      <Table.Td>
                        {d.status === 'dead' && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            loading={retry.isPending && retry.variables?.deliveryId === d.id}
                            onClick={() => retry.mutate({ endpointId: endpoint.id, deliveryId: d.id })}
                            aria-label={t('deliveries.retryOf', { id: d.msg_id })}
                          >
                            {t('deliveries.retry')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

/** A 412 on an endpoint edit: the saved version beside the user's edit; keep mine resubmits on top of theirs. */
function EndpointConflict({ update }: { update: ReturnType<typeof useUpdateWebhookEndpoint> }) {
  const { t } = useTranslation('integration');
  const conflict = update.conflict;
  if (!conflict) return null;
  const theirs = conflict.theirs as WebhookEndpoint | null;
  return (
    <ConflictPanel
      conflict={{ theirs, mine: conflict.mine.body }}
      fields={[
        { key: 'url', label: t('form.url') },
        { key: 'event_types', label: t('form.events'), format: (v) => (Array.isArray(v) ? v.map((x) => t(`events.${String(x).replace('.', '_')}`)).join(', ') : '—') },
        { key: 'description', label: t('form.description') },
        { key: 'is_active', label: t('col.state'), format: (v) => (v === false ? t('state.paused') : t('state.active')) },
      ]}
      onKeepMine={() => theirs && update.mutate({ endpoint: theirs, body: conflict.mine.body })}
      onUseTheirs={() => update.clearConflict()}
    />
  );
}

/** /integration/webhooks/$endpointId: one endpoint, its settings, secret rotation and delivery log. */
export function WebhookEndpointPage() {
  const { t } = useTranslation('integration');
  const { endpointId } = route.useParams();
  const id = Number(endpointId);
  const endpoint = useWebhookEndpoint(id);
  const ownerLabel = useOwnerLabel();
  const update = useUpdateWebhookEndpoint();
  const rotate = useRotateWebhookSecret();
  const remove = useDeleteWebhookEndpoint();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const e = endpoint.data;
  useDocumentTitle(`${t('endpoint.title')} · ${t('common:appName')}`);
  return (
    <Stack gap="md">
      <AnchorLink to="/integration/webhooks" size="sm">
        <Group gap={4} component="span"><IconArrowLeft aria-hidden size={16} />{t('back')}</Group>
      </AnchorLink>
      {endpoint.error && <ProblemAlert error={endpoint.error} />}
      {endpoint.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {e && (
        <>
          <Stack gap={4}>
            <Title order={1} size="h2">{t('endpoint.title')}</Title>
            <Text style={{ wordBreak: 'break-all' }} fw={600}>{e.url}</Text>
            {e.description && <Text size="sm" c="dimmed">{e.description}</Text>}
          </Stack>
          <Card withBorder padding="md" component="section" aria-labelledby="settings-title">
            <Stack gap="xs">
              <Title order={2} size="h4" id="settings-title">{t('endpoint.settings')}</Title>
              <Group gap="xs"><Text size="sm" fw={600}>{t('col.client')}:</Text><Text size="sm">{ownerLabel(e.owner)}</Text></Group>
              <Group gap="xs">
                <Text size="sm" fw={600}>{t('col.state')}:</Text>
                <StatusBadge status={e.is_active ? 'effective' : 'withdrawn'} label={e.is_active ? t('state.active') : t('state.paused')} />
              </Group>
              <Group gap={4} wrap="wrap">
                <Text size="sm" fw={600}>{t('col.events')}:</Text>
                {e.event_types.map((ev) => (
                  <Badge key={ev} variant="outline" tt="none" color="gray" style={{ color: '#1a1b1e' }}>
                    {t(`events.${ev.replace('.', '_')}`, { defaultValue: ev })}
                  </Badge>
                ))}
              </Group>
              {e.previous_secret_expires_at && (
                <Text size="sm" c="dimmed">{t('endpoint.rotationOverlap', { at: formatDateTime(e.previous_secret_expires_at) })}</Text>
              )}
              <Group gap="xs" wrap="wrap" mt="xs">
                <Button size="sm" variant="default" onClick={() => setEditing(true)}>{t('endpoint.edit')}</Button>
                <Button
                  size="sm"
                  variant="default"
                  leftSection={e.is_active ? <IconPlayerPause aria-hidden size={16} /> : <IconPlayerPlay aria-hidden size={16} />}
                  loading={update.isPending && !editing}
                  onClick={() => update.mutate({ endpoint: e, body: { is_active: !e.is_active } })}
                >
                  {e.is_active ? t('endpoint.pause') : t('endpoint.resume')}
                </Button>
                <Button size="sm" variant="default" onClick={() => { rotate.reset(); setConfirmRotate(true); }}>{t('endpoint.rotate')}</Button>
                <Button size="sm" color="red" variant="light" onClick={() => setConfirmDelete(true)}>{t('endpoint.delete')}</Button>
              </Group>
              {!editing && update.error !== null && <ProblemAlert error={update.error} />}
              {!editing && update.conflict && <EndpointConflict update={update} />}
            </Stack>
          </Card>
          <Deliveries endpoint={e} />
          <Modal opened={editing} onClose={() => { setEditing(false); update.reset(); }} title={t('endpoint.edit')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
            <WebhookForm
              initial={{ url: e.url, event_types: e.event_types as never, description: e.description ?? '' }}
              submitLabel={t('common:save')}
              pending={update.isPending}
              error={update.error}
              onSubmit={(v) =>
                update.mutate(
                  { endpoint: e, body: { url: v.url.trim(), event_types: v.event_types, description: v.description || null } },
                  { onSuccess: () => setEditing(false) },
                )
              }
            />
            {update.conflict && <EndpointConflict update={update} />}
          </Modal>
          <Modal opened={confirmRotate} onClose={() => { setConfirmRotate(false); rotate.reset(); }} title={t('endpoint.rotate')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
            {rotate.data ? (
              <Stack gap="sm">
                <SecretOnce label={t('secretLabel')} secret={rotate.data.secret} testId="webhook-secret" />
                <Text size="sm">{t('endpoint.rotatedHelp')}</Text>
                <Group><Button onClick={() => { setConfirmRotate(false); rotate.reset(); }}>{t('savedIt')}</Button></Group>
              </Stack>
            ) : (
              <Stack gap="sm">
                <Text size="sm">{t('endpoint.rotateConfirm')}</Text>
                {rotate.error !== null && <ProblemAlert error={rotate.error} />}
                <Group>
                  <Button loading={rotate.isPending} onClick={() => rotate.mutate(e.id)}>{t('endpoint.rotateNow')}</Button>
                  <Button variant="default" onClick={() => setConfirmRotate(false)}>{t('common:cancel')}</Button>
                </Group>
              </Stack>
            )}
          </Modal>
          <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('endpoint.delete')} closeButtonProps={{ 'aria-label': t('common:close') }}>
            <Stack gap="sm">
              <Text size="sm">{t('endpoint.deleteConfirm')}</Text>
              {remove.error !== null && <ProblemAlert error={remove.error} />}
              <Group>
                <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(e, { onSuccess: () => void navigate({ to: '/integration/webhooks' }) })}>
                  {t('endpoint.deleteNow')}
                </Button>
                <Button variant="default" onClick={() => setConfirmDelete(false)}>{t('common:cancel')}</Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </Stack>
  );
}
