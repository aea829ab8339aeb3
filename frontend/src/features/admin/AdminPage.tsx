import {
  Alert, Badge, Button, Card, Checkbox, Code, Group, Loader, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Tabs, Text,
  Textarea, TextInput, Title,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePositions } from '../../api/queries/reference';
import type { AdminClient, AdminUser, components } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { DateField } from '../../components/DateField';
import { CadreSelect, UnitSelect } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import { EDUCATION_LEVELS, POLITICAL_THEORY, useLabel } from '../../lib/labels';
import {
  useAddGrant, useAdminClients, useAdminUsers, useClientOp, useConfiguration, useCreateClient, useCreateUser, useEndGrant,
  useNewRuleSetting, usePutAuthority, usePutStandard, useUpdateClient, useUserOp,
} from './api';

type S = components['schemas'];
const route = getRouteApi('/admin');
const ROLES = ['system_admin', 'org_officer', 'approver', 'grassroots_chair', 'viewer', 'integration'] as const;
export const SCOPES = ['units:read', 'units:write', 'cadres:read', 'cadres:write', 'cadres:read_sensitive', 'reports:read', 'webhooks:manage'] as const;
const CATEGORIES = ['units', 'cadres', 'sensitive', 'reports'] as const;

export function GrantList({ grants, allowEnd }: { grants: S['RoleGrantRead'][]; allowEnd: boolean }) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const end = useEndGrant();
  return (
    <Stack gap={4}>
      {grants.map((g) => (
        <Group key={g.id} gap="xs" wrap="wrap">
          <Badge variant="outline" color={g.active ? 'blue' : 'gray'} tt="none">{label('role', g.role)}</Badge>
          <Text size="sm">{g.unit_name}</Text>
          <Text size="xs" c="dimmed">
            {g.valid_from ? formatDate(g.valid_from) : '…'} – {g.valid_to ? formatDate(g.valid_to) : '…'}
          </Text>
          {allowEnd && g.active && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => end.mutate({ id: g.id, valid_to: todayIso() })}>
              {t('grants.endToday')}
            </Button>
          )}
        </Group>
      ))}
      {end.error !== null && <ProblemAlert error={end.error} />}
    </Stack>
  );
}

function UserCreateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [v, setV] = useState({ username: '', display_name: '', email: '', password: '', role: 'viewer', unit: undefined as number | undefined, valid_from: '', valid_to: '',
    cadre: undefined as number | undefined });
  const create = useCreateUser();
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => {
      e.preventDefault();
      if (!v.unit) return;
      create.mutate({
        username: v.username, display_name: v.display_name, email: v.email || null, password: v.password,
        role: v.role as S['UserCreate']['role'], unit_id: v.unit, valid_from: v.valid_from || null, valid_to: v.valid_to || null,
        cadre_id: v.cadre ?? null,
      }, { onSuccess: onDone });
    }}>
      <TextInput label={t('users.username')} value={v.username} onChange={(e) => setV({ ...v, username: e.currentTarget.value })} required autoComplete="off" />
      <TextInput label={t('users.displayName')} value={v.display_name} onChange={(e) => setV({ ...v, display_name: e.currentTarget.value })} required />
      <TextInput label={t('users.email')} type="email" value={v.email} onChange={(e) => setV({ ...v, email: e.currentTarget.value })} />
      <TextInput label={t('users.password')} type="password" description={t('users.passwordHelp')} value={v.password} onChange={(e) => setV({ ...v, password: e.currentTarget.value })} required autoComplete="new-password" />
      <Select label={t('grants.role')} data={ROLES.map((r) => ({ value: r, label: label('role', r) }))} value={v.role} onChange={(r) => r && setV({ ...v, role: r })} allowDeselect={false} />
      <UnitSelect label={t('grants.unit')} value={v.unit} onChange={(unit) => setV({ ...v, unit })} required />
      <CadreSelect label={t('users.cadre')} description={t('users.cadreHelp')} value={v.cadre} onChange={(cadre) => setV({ ...v, cadre })} />
      <Group grow>
        <DateField label={t('grants.validFrom')} value={v.valid_from} onChange={(d) => setV({ ...v, valid_from: d ?? '' })} />
        <DateField label={t('grants.validTo')} value={v.valid_to} onChange={(d) => setV({ ...v, valid_to: d ?? '' })} />
      </Group>
      {create.error !== null && <ProblemAlert error={create.error} />}
      <Group><Button type="submit" loading={create.isPending}>{t('users.create')}</Button></Group>
    </Stack>
  );
}

export function GrantForm({ user }: { user: AdminUser }) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [role, setRole] = useState<string>('viewer');
  const [unit, setUnit] = useState<number | undefined>(undefined);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const add = useAddGrant();
  return (
    <Stack gap="xs" component="form" onSubmit={(e) => {
      e.preventDefault();
      if (!unit) return;
      add.mutate({ user_id: user.id, role: role as S['RoleGrantCreate']['role'], unit_id: unit, valid_from: from || null, valid_to: to || null });
    }}>
      <Text fw={600} size="sm">{t('grants.add')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Select label={t('grants.role')} data={ROLES.map((r) => ({ value: r, label: label('role', r) }))} value={role} onChange={(r) => r && setRole(r)} allowDeselect={false} />
        <UnitSelect label={t('grants.unit')} value={unit} onChange={setUnit} required />
        <DateField label={t('grants.validFrom')} value={from} onChange={(d) => setFrom(d ?? '')} />
        <DateField label={t('grants.validTo')} value={to} onChange={(d) => setTo(d ?? '')} />
      </SimpleGrid>
      {add.error !== null && <ProblemAlert error={add.error} />}
      <Group><Button type="submit" size="sm" loading={add.isPending}>{t('grants.addButton')}</Button></Group>
    </Stack>
  );
}

function UsersTab() {
  const { t } = useTranslation('admin');
  const [q, setQ] = useState('');
  const [needle] = useDebouncedValue(q.trim(), 300);
  const users = useAdminUsers(needle);
  const op = useUserOp();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const open = users.data?.items.find((u) => u.id === openId);
  const result = op.data as { temporary_password?: string | null; revoked_sessions?: number } | undefined;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <TextInput label={t('users.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} type="search" />
        <Button onClick={() => setCreating(true)}>{t('users.new')}</Button>
      </Group>
      {users.error && <ProblemAlert error={users.error} />}
      {users.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.username')}</Table.Th>
              <Table.Th>{t('users.displayName')}</Table.Th>
              <Table.Th>{t('users.grants')}</Table.Th>
              <Table.Th>{t('users.state')}</Table.Th>
              <Table.Th>{t('users.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td><AnchorLink to="/admin/users/$userId" params={{ userId: String(u.id) }}>{u.username}</AnchorLink></Table.Td>
                <Table.Td>{u.display_name}</Table.Td>
                <Table.Td><GrantList grants={u.grants} allowEnd={false} /></Table.Td>
                <Table.Td><StatusBadge status={u.is_active ? 'effective' : 'rejected'} label={u.is_active ? t('users.active') : t('users.disabled')} /></Table.Td>
                <Table.Td><Button size="compact-sm" variant="default" onClick={() => setOpenId(u.id)} aria-label={t('users.manage', { name: u.username })}>{t('users.manageShort')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('users.new')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        <UserCreateForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={open !== undefined} onClose={() => { setOpenId(null); op.reset(); }} title={open ? `${open.display_name} (${open.username})` : ''} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        {open && (
          <Stack gap="md">
            <GrantList grants={open.grants} allowEnd />
            <GrantForm user={open} />
            <Group gap="xs" wrap="wrap">
              <Button size="sm" variant="default" onClick={() => op.mutate({ id: open.id, op: 'revoke-sessions' })}>{t('users.revokeSessions')}</Button>
              <Button size="sm" variant="default" onClick={() => op.mutate({ id: open.id, op: 'reset-password' })}>{t('users.resetPassword')}</Button>
              {open.is_active ? (
                <Button size="sm" color="red" variant="light" onClick={() => op.mutate({ id: open.id, op: 'disable' })}>{t('users.disable')}</Button>
              ) : (
                <Button size="sm" variant="light" onClick={() => op.mutate({ id: open.id, op: 'enable' })}>{t('users.enable')}</Button>
              )}
            </Group>
            {result?.revoked_sessions !== undefined && (
              <Alert color="green" variant="light" role="status">{t('users.revoked', { count: result.revoked_sessions })}</Alert>
            )}
            {result?.temporary_password && (
              <Alert color="yellow" variant="light" title={t('users.temporaryPassword')}>
                <Code fz="md">{result.temporary_password}</Code>
                <Text size="xs" mt={4}>{t('users.shownOnce')}</Text>
              </Alert>
            )}
            {op.error !== null && <ProblemAlert error={op.error} />}
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

export function AgreementFields({ value, onChange }: { value: S['ProcessingAgreement']; onChange: (v: S['ProcessingAgreement']) => void }) {
  const { t } = useTranslation('admin');
  return (
    <Card withBorder p="sm">
      <Stack gap="xs">
        <Text fw={600} size="sm">{t('clients.agreement')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label={t('clients.agreementNo')} value={value.number} onChange={(e) => onChange({ ...value, number: e.currentTarget.value })} required />
          <DateField label={t('clients.signedOn')} value={value.signed_on} onChange={(d) => onChange({ ...value, signed_on: d ?? '' })} required />
          <DateField label={t('clients.expiresOn')} value={value.expires_on} onChange={(d) => onChange({ ...value, expires_on: d ?? '' })} required />
          <MultiSelect label={t('clients.categories')} data={CATEGORIES.map((c) => ({ value: c, label: t(`clients.category.${c}`) }))}
            value={value.data_categories} onChange={(c) => onChange({ ...value, data_categories: c as S['ProcessingAgreement']['data_categories'] })} required />
        </SimpleGrid>
        <Textarea label={t('clients.purpose')} value={value.purpose} onChange={(e) => onChange({ ...value, purpose: e.currentTarget.value })} required autosize minRows={2} />
      </Stack>
    </Card>
  );
}

function ClientCreateForm() {
  const { t } = useTranslation('admin');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<number | undefined>(undefined);
  const [scopes, setScopes] = useState<string[]>(['units:read', 'cadres:read']);
  const [rate, setRate] = useState<number | string>(120);
  const [agreement, setAgreement] = useState<S['ProcessingAgreement']>({ number: '', signed_on: todayIso(), purpose: '', data_categories: ['units', 'cadres'], expires_on: '' });
  const create = useCreateClient();
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => {
      e.preventDefault();
      if (!unit) return;
      create.mutate({ name, unit_id: unit, scopes, rate_limit_per_minute: rate === '' ? null : Number(rate), processing_agreement: agreement, role: 'integration', grant_types: ['client_credentials'] });
    }}>
      <TextInput label={t('clients.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
      <UnitSelect label={t('clients.unit')} value={unit} onChange={setUnit} required />
      <MultiSelect label={t('clients.scopes')} data={SCOPES.map((s) => ({ value: s, label: t(`clients.scope.${s.replace(':', '_')}`) }))} value={scopes} onChange={setScopes} required />
      <NumberInput label={t('clients.rateLimit')} description={t('clients.rateLimitHelp')} value={rate} onChange={setRate} min={1} max={100000} />
      <AgreementFields value={agreement} onChange={setAgreement} />
      {create.error !== null && <ProblemAlert error={create.error} />}
      {create.data?.client_secret && (
        <Stack gap={4}>
          <Text size="sm">{t('clients.clientId')}: <Code>{create.data.client_id}</Code></Text>
          <SecretOnce label={t('clients.secret')} secret={create.data.client_secret} testId="client-secret" />
        </Stack>
      )}
      <Group><Button type="submit" loading={create.isPending}>{t('clients.create')}</Button></Group>
    </Stack>
  );
}

function ClientRow({ c }: { c: AdminClient }) {
  const { t } = useTranslation('admin');
  const op = useClientOp();
  const update = useUpdateClient();
  const [rate, setRate] = useState<number | string>(c.rate_limit_per_minute ?? '');
  const secret = (op.data as { client_secret?: string } | undefined)?.client_secret;
  return (
    <Table.Tr>
      <Table.Td>
        <AnchorLink to="/admin/clients/$clientId" params={{ clientId: c.client_id }} size="sm" fw={600}>{c.name}</AnchorLink>
        <Text size="xs" c="dimmed">{c.client_id}</Text>
      </Table.Td>
      <Table.Td>{c.scopes.map((s) => t(`clients.scope.${s.replace(':', '_')}`, { defaultValue: s })).join(', ')}</Table.Td>
      <Table.Td>
        {c.processing_agreement ? (
          <Text size="sm">{c.processing_agreement.number} · {t('clients.until', { date: formatDate(c.processing_agreement.expires_on) })}</Text>
        ) : '—'}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <NumberInput size="xs" w={90} aria-label={t('clients.rateLimitOf', { name: c.name })} value={rate} onChange={setRate} min={1} />
          <Button size="compact-xs" variant="default" onClick={() => update.mutate({ client: c, body: { rate_limit_per_minute: rate === '' ? null : Number(rate) } })}>{t('common:save')}</Button>
        </Group>
        {update.error !== null && <ProblemAlert error={update.error} />}
      </Table.Td>
      <Table.Td><StatusBadge status={c.is_active ? 'effective' : 'rejected'} label={c.is_active ? t('users.active') : t('users.disabled')} /></Table.Td>
      <Table.Td>
        <Group gap={4}>
          {!c.is_public && <Button size="compact-xs" variant="default" onClick={() => op.mutate({ id: c.client_id, op: 'rotate-secret' })}>{t('clients.rotate')}</Button>}
          <Button size="compact-xs" variant="default" color={c.is_active ? 'red' : undefined} onClick={() => op.mutate({ id: c.client_id, op: c.is_active ? 'disable' : 'enable' })}>
            {c.is_active ? t('users.disable') : t('users.enable')}
          </Button>
        </Group>
        {secret && <SecretOnce label={t('clients.secret')} secret={secret} />}
        {op.error !== null && <ProblemAlert error={op.error} />}
      </Table.Td>
    </Table.Tr>
  );
}

function ClientsTab() {
  const { t } = useTranslation('admin');
  const clients = useAdminClients();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="sm">
      <Group justify="flex-end"><Button onClick={() => setCreating(true)}>{t('clients.new')}</Button></Group>
      {clients.error && <ProblemAlert error={clients.error} />}
      <Table.ScrollContainer minWidth={860}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('clients.name')}</Table.Th>
              <Table.Th>{t('clients.scopes')}</Table.Th>
              <Table.Th>{t('clients.agreement')}</Table.Th>
              <Table.Th>{t('clients.rateLimit')}</Table.Th>
              <Table.Th>{t('users.state')}</Table.Th>
              <Table.Th>{t('users.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{(clients.data?.items ?? []).map((c) => <ClientRow key={c.client_id} c={c} />)}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('clients.new')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        <ClientCreateForm />
      </Modal>
    </Stack>
  );
}

function SettingsTab() {
  const { t } = useTranslation('admin');
  const { authority, standards, settings } = useConfiguration();
  const positions = usePositions();
  const label = useLabel();
  const putAuthority = usePutAuthority();
  const putStandard = usePutStandard();
  const newSetting = useNewRuleSetting();
  const [authPos, setAuthPos] = useState<string | null>(null);
  const [levels, setLevels] = useState<number | string>(1);
  const [stdPos, setStdPos] = useState<string | null>(null);
  const [minEdu, setMinEdu] = useState<string | null>(null);
  const [minPt, setMinPt] = useState<string | null>(null);
  const [cert, setCert] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const [value, setValue] = useState<number | string>('');
  const [from, setFrom] = useState('');
  const [source, setSource] = useState('');
  const codes = [...new Set((settings.data?.items ?? []).map((s) => s.code))];
  return (
    <Stack gap="md">
      <Card withBorder padding="md" component="section" aria-labelledby="authority-title">
        <Title order={2} size="h4" id="authority-title" mb="xs">{t('settings.authority')}</Title>
        <Text size="sm" c="dimmed" mb="xs">{t('settings.authorityHelp')}</Text>
        <Table striped mb="sm">
          <Table.Thead><Table.Tr><Table.Th>{t('settings.position')}</Table.Th><Table.Th>{t('settings.levelsAbove')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(authority.data?.items ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.position_code ? positions.label(a.position_code) : t('settings.anyPosition')}</Table.Td>
                <Table.Td>{t('settings.levels', { count: a.levels_above })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="flex-end" gap="xs">
          <Select label={t('settings.position')} data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))} value={authPos} onChange={setAuthPos} searchable clearable placeholder={t('settings.anyPosition')} />
          <NumberInput label={t('settings.levelsAbove')} value={levels} onChange={setLevels} min={0} max={5} w={140} />
          <Button onClick={() => putAuthority.mutate({ position_code: authPos, levels_above: Number(levels) })} loading={putAuthority.isPending}>{t('common:save')}</Button>
        </Group>
        {putAuthority.error !== null && <ProblemAlert error={putAuthority.error} />}
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="standards-title">
        <Title order={2} size="h4" id="standards-title" mb="xs">{t('settings.standards')}</Title>
        <Table striped mb="sm">
          <Table.Thead><Table.Tr><Table.Th>{t('settings.position')}</Table.Th><Table.Th>{t('settings.minEducation')}</Table.Th><Table.Th>{t('settings.minPolitical')}</Table.Th><Table.Th>{t('settings.certificate')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(standards.data?.items ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{positions.label(s.position_code)}</Table.Td>
                <Table.Td>{label('education_level', s.min_education)}</Table.Td>
                <Table.Td>{label('political_theory', s.min_political_theory)}</Table.Td>
                <Table.Td>{s.requires_union_certificate ? t('common:yes') : t('common:no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select label={t('settings.position')} data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))} value={stdPos} onChange={setStdPos} searchable />
          <Select label={t('settings.minEducation')} data={EDUCATION_LEVELS.map((c) => ({ value: c, label: label('education_level', c) }))} value={minEdu} onChange={setMinEdu} clearable />
          <Select label={t('settings.minPolitical')} data={POLITICAL_THEORY.map((c) => ({ value: c, label: label('political_theory', c) }))} value={minPt} onChange={setMinPt} clearable />
          <Checkbox label={t('settings.certificate')} checked={cert} onChange={(e) => setCert(e.currentTarget.checked)} />
          <Button disabled={!stdPos} onClick={() => stdPos && putStandard.mutate({ position_code: stdPos, min_education: minEdu as S['TitleStandardBody']['min_education'], min_political_theory: minPt as S['TitleStandardBody']['min_political_theory'], requires_union_certificate: cert })} loading={putStandard.isPending}>{t('common:save')}</Button>
        </Group>
        {putStandard.error !== null && <ProblemAlert error={putStandard.error} />}
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="rules-title">
        <Title order={2} size="h4" id="rules-title" mb="xs">{t('settings.rules')}</Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped mb="sm">
            <Table.Thead><Table.Tr><Table.Th>{t('settings.rule')}</Table.Th><Table.Th>{t('settings.value')}</Table.Th><Table.Th>{t('settings.validFrom')}</Table.Th><Table.Th>{t('settings.source')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(settings.data?.items ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{t(`settings.code.${s.code}`, { defaultValue: t('settings.otherRule') })}</Table.Td>
                  <Table.Td>{s.value}</Table.Td>
                  <Table.Td>{formatDate(s.valid_from)}{s.valid_to ? ` – ${formatDate(s.valid_to)}` : ''}</Table.Td>
                  <Table.Td>{s.source ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="sm" c="dimmed" mb="xs">{t('settings.newVersionHelp')}</Text>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select label={t('settings.rule')} data={codes.map((c) => ({ value: c, label: t(`settings.code.${c}`, { defaultValue: t('settings.otherRule') }) }))} value={code} onChange={setCode} />
          <NumberInput label={t('settings.value')} value={value} onChange={setValue} w={120} />
          <DateField label={t('settings.validFrom')} value={from} onChange={(d) => setFrom(d ?? '')} w={150} />
          <TextInput label={t('settings.source')} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
          <Button disabled={!code || value === '' || !from} onClick={() => code && newSetting.mutate({ code, value: Number(value), valid_from: from, source: source || null })} loading={newSetting.isPending}>{t('common:save')}</Button>
        </Group>
        {newSetting.error !== null && <ProblemAlert error={newSetting.error} />}
      </Card>
    </Stack>
  );
}

/** /admin: users and their role grants, OAuth clients (processing agreement, rate limit), configuration. */
export function AdminPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab = search.tab ?? 'users';
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('title')}</Title>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: (v as 'users' | 'clients' | 'settings') ?? 'users' } })}>
        <Tabs.List>
          <Tabs.Tab value="users">{t('tabs.users')}</Tabs.Tab>
          <Tabs.Tab value="clients">{t('tabs.clients')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('tabs.settings')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'users' && <UsersTab />}
      {tab === 'clients' && <ClientsTab />}
      {tab === 'settings' && <SettingsTab />}
    </Stack>
  );
}
