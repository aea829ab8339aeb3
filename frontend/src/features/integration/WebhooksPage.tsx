import { Badge, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { AnchorLink } from '../../components/AnchorLink';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { SecretOnce } from '../../components/SecretOnce';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { ownerOf, useCreateWebhookEndpoint, useWebhookEndpoints, type WebhookEndpointSecret } from './api';
import { WebhookForm } from './WebhookForm';

/** Integration clients by client id, for admins (their names label the subscribers). */
export function useClientNames(enabled: boolean) {
  const clients = useQuery({
    queryKey: queryKeys.admin.clients({ purpose: 'webhooks' }),
    queryFn: ({ signal }) => call(api.GET('/api/v1/admin/clients', { params: { query: { limit: 200 } }, signal })),
    enabled,
  });
  const items = (clients.data?.items ?? []).filter((c) => c.grant_types.includes('client_credentials'));
  return { items, name: (id: string) => items.find((c) => c.client_id === id)?.name };
}

/** Who an endpoint belongs to, in words: the client's name, or "this account". */
export function useOwnerLabel() {
  const { t } = useTranslation('integration');
  const { me, can } = usePermissions();
  const clients = useClientNames(can('admin'));
  return (owner: string) => {
    const o = ownerOf(owner);
    if (owner === me?.subject) return t('owner.me');
    if (o.kind === 'client') return clients.name(o.id) ? `${clients.name(o.id)} (${o.id})` : o.id;
    if (o.kind === 'user') return t('owner.user', { id: o.id });
    return owner;
  };
}

function CreateEndpoint({ onCreated }: { onCreated: (e: WebhookEndpointSecret) => void }) {
  const { t } = useTranslation('integration');
  const { can } = usePermissions();
  const clients = useClientNames(can('admin'));
  const create = useCreateWebhookEndpoint();
  return (
    <WebhookForm
      clients={can('admin') ? clients.items.map((c) => ({ value: c.client_id, label: `${c.name} (${c.client_id})` })) : undefined}
      submitLabel={t('form.create')}
      pending={create.isPending}
      error={create.error}
      onSubmit={(v) =>
        create.mutate(
          { url: v.url.trim(), event_types: v.event_types, description: v.description || null, client_id: v.client_id || null },
          { onSuccess: onCreated },
        )
      }
    />
  );
}

/** /integration/webhooks: the endpoints other systems receive change notifications at. */
export function WebhooksPage() {
  const { t } = useTranslation('integration');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const endpoints = useWebhookEndpoints();
  const ownerLabel = useOwnerLabel();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<WebhookEndpointSecret | null>(null);
  const close = () => {
    setCreating(false);
    setCreated(null);
  };
  const items = endpoints.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('title')}</Title>
          <Text size="sm" c="dimmed" maw={720}>{t('intro')}</Text>
        </div>
        <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setCreating(true)}>
          {t('new')}
        </Button>
      </Group>
      {endpoints.error && <ProblemAlert error={endpoints.error} onRetry={() => void endpoints.refetch()} />}
      {endpoints.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {endpoints.isSuccess && items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={760} label={t('title')}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('col.client')}</Table.Th>
                <Table.Th scope="col">{t('col.url')}</Table.Th>
                <Table.Th scope="col">{t('col.events')}</Table.Th>
                <Table.Th scope="col">{t('col.state')}</Table.Th>
                <Table.Th scope="col">{t('col.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id} data-testid="webhook-row">
                  <Table.Td>{ownerLabel(e.owner)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    <AnchorLink to="/integration/webhooks/$endpointId" params={{ endpointId: String(e.id) }}>
                      {e.url}
                    </AnchorLink>
                    {e.description && <Text size="xs" c="dimmed">{e.description}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {e.event_types.map((ev) => (
                        <Badge key={ev} variant="outline" tt="none" color="gray" style={{ color: '#1a1b1e' }}>
                          {t(`events.${ev.replace('.', '_')}`, { defaultValue: ev })}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.is_active ? 'effective' : 'withdrawn'} label={e.is_active ? t('state.active') : t('state.paused')} />
                  </Table.Td>
                  <Table.Td>{formatDate(e.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal
        opened={creating}
        onClose={close}
        title={created ? t('createdTitle') : t('new')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common:close') }}
      >
        {created ? (
          <Stack gap="sm">
            <Text size="sm">{t('createdText', { url: created.url })}</Text>
            <SecretOnce label={t('secretLabel')} secret={created.secret} testId="webhook-secret" />
            <Text size="xs" c="dimmed">{t('verifyHelp')}</Text>
            <Group>
              <Button onClick={close}>{t('savedIt')}</Button>
              <AnchorLink to="/integration/webhooks/$endpointId" params={{ endpointId: String(created.id) }}>
                {t('openEndpoint')}
              </AnchorLink>
            </Group>
          </Stack>
        ) : (
          <CreateEndpoint onCreated={setCreated} />
        )}
      </Modal>
    </Stack>
  );
}
