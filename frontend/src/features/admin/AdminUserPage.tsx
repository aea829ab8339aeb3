import { Alert, Button, Card, Group, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AdminUser } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictPanel } from '../../components/ConflictPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../lib/dates';
import { GrantForm, GrantList } from './AdminPage';
import { useAdminUser, useUpdateUser, useUserOp } from './api';

const route = getRouteApi('/admin/users/$userId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

function EditUser({ user }: { user: AdminUser }) {
  const { t } = useTranslation('admin');
  const form = useForm({ initialValues: { display_name: user.display_name, email: user.email ?? '' } });
  const update = useUpdateUser(form);
  const { setValues, resetDirty } = form;
  useEffect(() => {
    setValues({ display_name: user.display_name, email: user.email ?? '' });
    resetDirty();
    // reload the form when the saved version changes
  }, [user.version]); // eslint-disable-line
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => update.mutate({ user, body: { display_name: v.display_name.trim(), email: v.email.trim() || null } }))}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('users.displayName')} required {...form.getInputProps('display_name')} />
          <TextInput label={t('users.email')} type="email" {...form.getInputProps('email')} />
        </SimpleGrid>
        {update.error !== null && !update.conflict && <ProblemAlert error={update.error} />}
        {update.conflict && (
          <ConflictPanel
            conflict={{ theirs: update.conflict.theirs, mine: update.conflict.mine.body }}
            fields={[
              { key: 'display_name', label: t('users.displayName') },
              { key: 'email', label: t('users.email') },
            ]}
            onKeepMine={() => {
              const theirs = update.conflict?.theirs as AdminUser | null;
              if (theirs && update.conflict) update.mutate({ user: theirs, body: update.conflict.mine.body });
            }}
            onUseTheirs={() => update.clearConflict()}
          />
        )}
        {update.isSuccess && <Alert color="green" variant="light" role="status">{t('detail.saved')}</Alert>}
        <Group>
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>{t('common:save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /admin/users/$userId: one account — details (editable), role grants, sign-in controls. */
export function AdminUserPage() {
  const { t } = useTranslation('admin');
  const { userId } = route.useParams();
  const user = useAdminUser(Number(userId));
  const op = useUserOp();
  const u = user.data;
  useDocumentTitle(`${u?.username ?? t('detail.user')} · ${t('common:appName')}`);
  const result = op.data as { temporary_password?: string | null; revoked_sessions?: number } | undefined;
  return (
    <Stack gap="md">
      <AnchorLink to="/admin" search={{ tab: 'users' }} size="sm">
        <Group gap={4} component="span"><IconArrowLeft aria-hidden size={16} />{t('detail.backUsers')}</Group>
      </AnchorLink>
      {user.error && <ProblemAlert error={user.error} />}
      {user.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {u && (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Title order={1} size="h2">{u.display_name}</Title>
              <Text size="sm" c="dimmed">{u.username}</Text>
            </div>
            <StatusBadge status={u.is_active ? 'effective' : 'rejected'} label={u.is_active ? t('users.active') : t('users.disabled')} />
          </Group>
          <Card withBorder padding="md" component="section" aria-labelledby="user-details">
            <Stack gap="sm">
              <Title order={2} size="h4" id="user-details">{t('detail.account')}</Title>
              <SimpleGrid cols={{ base: 1, xs: 3 }}>
                <Field label={t('users.username')}>{u.username}</Field>
                <Field label={t('detail.totp')}>{u.totp_enabled ? t('detail.totpOn') : t('detail.totpOff')}</Field>
                <Field label={t('detail.createdAt')}>{formatDateTime(u.created_at)}</Field>
              </SimpleGrid>
              <EditUser user={u} />
            </Stack>
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="user-grants">
            <Stack gap="sm">
              <Title order={2} size="h4" id="user-grants">{t('users.grants')}</Title>
              {u.grants.length === 0 ? <Text size="sm" c="dimmed">{t('detail.noGrants')}</Text> : <GrantList grants={u.grants} allowEnd />}
              <Text size="xs" c="dimmed">{t('detail.grantsHelp')}</Text>
              <GrantForm user={u} />
            </Stack>
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="user-signin">
            <Stack gap="sm">
              <Title order={2} size="h4" id="user-signin">{t('detail.signIn')}</Title>
              <Group gap="xs" wrap="wrap">
                <Button size="sm" variant="default" onClick={() => op.mutate({ id: u.id, op: 'revoke-sessions' })}>{t('users.revokeSessions')}</Button>
                <Button size="sm" variant="default" onClick={() => op.mutate({ id: u.id, op: 'reset-password' })}>{t('users.resetPassword')}</Button>
                {u.is_active ? (
                  <Button size="sm" color="red" variant="light" onClick={() => op.mutate({ id: u.id, op: 'disable' })}>{t('users.disable')}</Button>
                ) : (
                  <Button size="sm" variant="light" onClick={() => op.mutate({ id: u.id, op: 'enable' })}>{t('users.enable')}</Button>
                )}
              </Group>
              {result?.revoked_sessions !== undefined && (
                <Alert color="green" variant="light" role="status">{t('users.revoked', { count: result.revoked_sessions })}</Alert>
              )}
              {result?.temporary_password && <SecretOnce label={t('users.temporaryPassword')} secret={result.temporary_password} />}
              {op.error !== null && <ProblemAlert error={op.error} />}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
