import { Alert, Badge, Button, Card, Group, Loader, MultiSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AdminClient, components } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictPanel } from '../../components/ConflictPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, todayIso } from '../../lib/dates';
import { useLabel } from '../../lib/labels';
import { AgreementFields, GrantList, SCOPES } from './AdminPage';
import { useAdminClient, useClientOp, useUpdateClient } from './api';

type S = components['schemas'];
const route = getRouteApi('/admin/clients/$clientId');
/** OAuth protocol scopes (not permissions): not shown as access scopes. */
const PROTOCOL_SCOPES = ['openid', 'profile', 'offline_access'];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

interface ClientForm {
  name: string;
  scopes: string[];
  rate: number | string;
  agreement: S['ProcessingAgreement'];
}

function EditClient({ client }: { client: AdminClient }) {
  const { t } = useTranslation('admin');
  const form = useForm<ClientForm>({
    initialValues: {
      name: client.name,
      scopes: client.scopes.filter((s) => !PROTOCOL_SCOPES.includes(s)),
      rate: client.rate_limit_per_minute ?? '',
      agreement: client.processing_agreement ?? { number: '', signed_on: todayIso(), purpose: '', data_categories: ['units'], expires_on: '' },
    },
  });
  const update = useUpdateClient(form);
  const bodyOf = (v: ClientForm): S['ClientUpdate'] => ({
    name: v.name.trim(),
    scopes: v.scopes,
    rate_limit_per_minute: v.rate === '' ? null : Number(v.rate),
    processing_agreement: v.agreement.number ? v.agreement : null,
  });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => update.mutate({ client, body: bodyOf(v) }))}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('clients.name')} required {...form.getInputProps('name')} />
          <NumberInput label={t('clients.rateLimit')} description={t('clients.rateLimitHelp')} min={1} max={100000} {...form.getInputProps('rate')} />
        </SimpleGrid>
        <MultiSelect
          label={t('clients.scopes')}
          required
          data={[...new Set([...SCOPES, ...form.values.scopes])].map((s) => ({ value: s, label: t(`clients.scope.${s.replace(':', '_')}`, { defaultValue: s }) }))}
          {...form.getInputProps('scopes')}
        />
        {!client.is_public && <AgreementFields value={form.values.agreement} onChange={(a) => form.setFieldValue('agreement', a)} />}
        {update.error !== null && !update.conflict && <ProblemAlert error={update.error} />}
        {update.conflict && (
          <ConflictPanel
            conflict={{ theirs: update.conflict.theirs, mine: update.conflict.mine.body }}
            fields={[
              { key: 'name', label: t('clients.name') },
              { key: 'scopes', label: t('clients.scopes'), format: (v) => (Array.isArray(v) ? v.join(', ') : '—') },
              { key: 'rate_limit_per_minute', label: t('clients.rateLimit') },
            ]}
            onKeepMine={() => {
              const theirs = update.conflict?.theirs as AdminClient | null;
              if (theirs && update.conflict) update.mutate({ client: theirs, body: update.conflict.mine.body });
            }}
            onUseTheirs={() => update.clearConflict()}
          />
        )}
        {update.isSuccess && <Alert color="green" variant="light" role="status">{t('detail.saved')}</Alert>}
        <Group>
          <Button type="submit" loading={update.isPending}>{t('common:save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /admin/clients/$clientId: a connected system — scopes, unit scope, processing agreement, rate limit, secret. */
export function AdminClientPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const { clientId } = route.useParams();
  const client = useAdminClient(clientId);
  const op = useClientOp();
  const [confirmRotate, setConfirmRotate] = useState(false);
  const c = client.data;
  useDocumentTitle(`${c?.name ?? t('detail.client')} · ${t('common:appName')}`);
  const secret = (op.data as { client_secret?: string } | undefined)?.client_secret;
  const agreement = c?.processing_agreement;
  const expired = agreement ? agreement.expires_on < todayIso() : false;
  return (
    <Stack gap="md">
      <AnchorLink to="/admin" search={{ tab: 'clients' }} size="sm">
        <Group gap={4} component="span"><IconArrowLeft aria-hidden size={16} />{t('detail.backClients')}</Group>
      </AnchorLink>
      {client.error && <ProblemAlert error={client.error} />}
      {client.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {c && (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Title order={1} size="h2">{c.name}</Title>
              <Text size="sm" c="dimmed">{t('clients.clientId')}: {c.client_id}</Text>
            </div>
            <StatusBadge status={c.is_active ? 'effective' : 'rejected'} label={c.is_active ? t('users.active') : t('users.disabled')} />
          </Group>
          <Card withBorder padding="md" component="section" aria-labelledby="client-summary">
            <Stack gap="sm">
              <Title order={2} size="h4" id="client-summary">{t('detail.summary')}</Title>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
                <Field label={t('detail.kind')}>{c.is_public ? t('detail.publicClient') : t('detail.confidentialClient')}</Field>
                <Field label={t('clients.rateLimit')}>{c.rate_limit_per_minute ?? t('detail.serverDefault')}</Field>
                <Field label={t('detail.createdAt')}>{formatDateTime(c.created_at)}</Field>
                <Field label={t('clients.scopes')}>
                  <Group gap={4}>
                    {c.scopes.filter((s) => !PROTOCOL_SCOPES.includes(s)).map((s) => (
                      <Badge key={s} variant="outline" color="gray" tt="none" style={{ color: '#1a1b1e' }}>
                        {t(`clients.scope.${s.replace(':', '_')}`, { defaultValue: s })}
                      </Badge>
                    ))}
                  </Group>
                </Field>
                <Field label={t('detail.unitScope')}>
                  {c.grants.length === 0 ? t('detail.noGrants') : <GrantList grants={c.grants} allowEnd={false} />}
                </Field>
                <Field label={t('clients.agreement')}>
                  {agreement ? (
                    <Stack gap={2}>
                      <Text size="sm">{agreement.number} · {formatDate(agreement.signed_on)} – {formatDate(agreement.expires_on)}</Text>
                      <Text size="xs" c="dimmed">{agreement.data_categories.map((k) => t(`clients.category.${k}`)).join(', ')}</Text>
                      <Text size="xs">{agreement.purpose}</Text>
                      {expired && <Badge color="red" variant="light" tt="none" style={{ color: '#8a1c1c' }}>{t('detail.agreementExpired')}</Badge>}
                    </Stack>
                  ) : (
                    '—'
                  )}
                </Field>
              </SimpleGrid>
              <Text size="xs" c="dimmed">{t('detail.roleNote', { roles: c.grants.map((g) => label('role', g.role)).join(', ') || '—' })}</Text>
            </Stack>
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="client-edit">
            <Stack gap="sm">
              <Title order={2} size="h4" id="client-edit">{t('detail.edit')}</Title>
              <EditClient key={c.version} client={c} />
            </Stack>
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="client-access">
            <Stack gap="sm">
              <Title order={2} size="h4" id="client-access">{t('detail.access')}</Title>
              <Group gap="xs" wrap="wrap">
                {!c.is_public && !confirmRotate && (
                  <Button size="sm" variant="default" onClick={() => setConfirmRotate(true)}>{t('clients.rotate')}</Button>
                )}
                <Button size="sm" variant="light" color={c.is_active ? 'red' : undefined} onClick={() => op.mutate({ id: c.client_id, op: c.is_active ? 'disable' : 'enable' })}>
                  {c.is_active ? t('users.disable') : t('users.enable')}
                </Button>
              </Group>
              {confirmRotate && !secret && (
                <Alert color="orange" variant="light">
                  <Stack gap="xs">
                    <Text size="sm">{t('detail.rotateConfirm')}</Text>
                    <Group>
                      <Button size="sm" loading={op.isPending} onClick={() => op.mutate({ id: c.client_id, op: 'rotate-secret' })}>{t('clients.rotate')}</Button>
                      <Button size="sm" variant="default" onClick={() => setConfirmRotate(false)}>{t('common:cancel')}</Button>
                    </Group>
                  </Stack>
                </Alert>
              )}
              {secret && <SecretOnce label={t('clients.secret')} secret={secret} testId="client-secret" />}
              {op.error !== null && <ProblemAlert error={op.error} />}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
