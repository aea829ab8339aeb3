import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Menu,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconEdit,
  IconEye,
  IconEyeOff,
  IconFileTypeDocx,
  IconFileTypePdf,
  IconLock,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { downloadFile } from '../../lib/download';
import {
  useCadre,
  useCadreAssignments,
  useCadreConduct,
  useCadreEmployment,
  useCadreFamily,
  useCadreQualifications,
  useCadreSensitive,
} from '../../api/queries/cadres';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import { useUnit } from '../../api/queries/units';
import type { Cadre } from '../../api/types';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { PageLoader } from '../../routes/root';
import { ageOn, formatDate } from '../../lib/dates';
import { useLabel } from '../../lib/labels';
import { PersonalDataExportButton } from '../privacy/PersonalDataExportButton';
import { CadreDeclarations } from '../self-declarations/SelfDeclarationsPage';
import { cadreProfileRoute } from './routes';

/**
 * Mount point for the awards/discipline section built by the domains engineer
 * (src/features/conduct/CadreConductSection.tsx, default-exporting `({cadreId}) => ReactNode`). Until that
 * module exists the glob is empty and the slot renders nothing.
 */
const conductModules = import.meta.glob<{ default: (props: { cadreId: number }) => ReactNode }>(
  '../conduct/CadreConductSection.tsx',
);
const conductLoader = Object.values(conductModules)[0];
const CadreConductSection = conductLoader ? lazy(conductLoader) : null;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{children === '' || children === null || children === undefined ? '—' : children}</Text>
    </div>
  );
}

function SectionState({ loading, error, empty }: { loading: boolean; error: unknown; empty: boolean }) {
  const { t } = useTranslation('cadres');
  if (loading) return <Text c="dimmed">{t('common:loading')}</Text>;
  if (error) return <ProblemAlert error={error} />;
  if (empty) return <Text c="dimmed">{t('profile.emptySection')}</Text>;
  return null;
}

function Posts({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const positions = usePositions();
  const q = useCadreAssignments(cadreId);
  const items = q.data?.items ?? [];
  return (
    <Stack gap="xs">
      <SectionState loading={q.isLoading} error={q.error} empty={items.length === 0} />
      {items.length > 0 && (
        <ScrollTable minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('posts.position')}</Table.Th>
                <Table.Th scope="col">{t('posts.body')}</Table.Th>
                <Table.Th scope="col">{t('posts.basis')}</Table.Th>
                <Table.Th scope="col">{t('posts.period')}</Table.Th>
                <Table.Th scope="col">{t('posts.decision')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{positions.label(a.position_code)}</Table.Td>
                  <Table.Td>{label('body', a.body)}</Table.Td>
                  <Table.Td>{label('basis', a.basis)}</Table.Td>
                  <Table.Td>
                    {formatDate(a.from_date)} – {a.to_date ? formatDate(a.to_date) : t('posts.current')}
                    {a.end_reason && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({label('end_reason', a.end_reason)})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.decision_no ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function DocumentLink({ id }: { id: number | null | undefined }) {
  const { t } = useTranslation('cadres');
  const [error, setError] = useState<unknown>(null);
  if (!id) return <>—</>;
  return (
    <>
      <Anchor component="button" type="button" size="sm" onClick={() => void downloadFile(`/api/v1/documents/${id}`, `tai-lieu-${id}`).catch(setError)}>
        {t('documents.open')}
      </Anchor>
      {error !== null && <ProblemAlert error={error} />}
    </>
  );
}

function Qualifications({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const q = useCadreQualifications(cadreId);
  const items = q.data?.items ?? [];
  return (
    <Stack gap="xs">
      <SectionState loading={q.isLoading} error={q.error} empty={items.length === 0} />
      {items.length > 0 && (
        <ScrollTable minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('qualifications.kind')}</Table.Th>
                <Table.Th scope="col">{t('qualifications.level')}</Table.Th>
                <Table.Th scope="col">{t('qualifications.major')}</Table.Th>
                <Table.Th scope="col">{t('qualifications.institution')}</Table.Th>
                <Table.Th scope="col">{t('qualifications.awardedOn')}</Table.Th>
                <Table.Th scope="col">{t('documents.title')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{label('qualification_kind', x.kind)}</Table.Td>
                  <Table.Td>
                    {x.kind === 'education' ? label('education_level', x.level) : x.kind === 'political_theory' ? label('political_theory', x.level) : x.level}
                  </Table.Td>
                  <Table.Td>{x.major ?? '—'}</Table.Td>
                  <Table.Td>{x.institution ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(x.awarded_on) || '—'}</Table.Td>
                  <Table.Td>
                    <DocumentLink id={x.document_id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function Employment({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('cadres');
  const q = useCadreEmployment(cadreId);
  const items = q.data?.items ?? [];
  return (
    <Stack gap="xs">
      <SectionState loading={q.isLoading} error={q.error} empty={items.length === 0} />
      {items.length > 0 && (
        <ScrollTable minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('employment.period')}</Table.Th>
                <Table.Th scope="col">{t('employment.organisation')}</Table.Th>
                <Table.Th scope="col">{t('employment.position')}</Table.Th>
                <Table.Th scope="col">{t('employment.salary')}</Table.Th>
                <Table.Th scope="col">{t('documents.title')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>
                    {formatDate(x.from_date)} – {x.to_date ? formatDate(x.to_date) : t('posts.current')}
                  </Table.Td>
                  <Table.Td>{x.organisation}</Table.Td>
                  <Table.Td>{x.job_position ?? '—'}</Table.Td>
                  <Table.Td>
                    {x.salary_coefficient ?? '—'}
                    {x.salary_grade ? ` (${t('employment.grade', { grade: x.salary_grade })})` : ''}
                  </Table.Td>
                  <Table.Td>
                    <DocumentLink id={x.document_id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

/** A section of sensitive data behind an explicit "show" (the server logs each read as sensitive). */
function RevealGate({ allowed, children, what }: { allowed: boolean; children: (revealed: boolean) => ReactNode; what: string }) {
  const { t } = useTranslation('cadres');
  const [revealed, setRevealed] = useState(false);
  if (!allowed) {
    return (
      <Alert color="gray" icon={<IconLock aria-hidden size={18} />}>
        {t('sensitive.notAllowed')}
      </Alert>
    );
  }
  if (!revealed) {
    return (
      <Stack gap="xs" align="flex-start">
        <Text size="sm" c="dimmed">
          {t('sensitive.hiddenHint', { what })}
        </Text>
        <Button variant="light" leftSection={<IconEye aria-hidden size={16} />} onClick={() => setRevealed(true)}>
          {t('sensitive.reveal')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      {children(revealed)}
      <Group>
        <Button variant="subtle" size="xs" leftSection={<IconEyeOff aria-hidden size={14} />} onClick={() => setRevealed(false)}>
          {t('sensitive.hide')}
        </Button>
      </Group>
    </Stack>
  );
}

function SensitiveDetails({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const [purpose, setPurpose] = useState('');
  const [asked, setAsked] = useState(false);
  const q = useCadreSensitive(cadreId, asked, purpose);
  if (!asked) {
    return (
      <Group align="flex-end" gap="xs">
        <TextInput label={t('sensitive.purpose')} placeholder={t('sensitive.purposePlaceholder')} value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} maxLength={300} />
        <Button variant="light" leftSection={<IconEye aria-hidden size={16} />} onClick={() => setAsked(true)}>
          {t('sensitive.reveal')}
        </Button>
      </Group>
    );
  }
  if (q.isLoading) return <Text c="dimmed">{t('common:loading')}</Text>;
  if (q.error) return <ProblemAlert error={q.error} />;
  const c = q.data as Cadre;
  return (
    <Stack gap="sm" data-testid="sensitive-details">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        <Field label={t('field.ethnicity')}>{label('ethnicity', c.ethnicity)}</Field>
        <Field label={t('field.religion')}>{label('religion', c.religion)}</Field>
        <Field label={t('field.party_member')}>{c.party_member === undefined || c.party_member === null ? '—' : label('boolean', String(c.party_member))}</Field>
        <Field label={t('field.party_joined_on')}>{formatDate(c.party_joined_on)}</Field>
        <Field label={t('field.party_official_on')}>{formatDate(c.party_official_on)}</Field>
        <Field label={t('field.national_id')}>{c.national_id}</Field>
        <Field label={t('field.health')}>{c.health}</Field>
      </SimpleGrid>
      <Group>
        <Button variant="subtle" size="xs" leftSection={<IconEyeOff aria-hidden size={14} />} onClick={() => setAsked(false)}>
          {t('sensitive.hide')}
        </Button>
      </Group>
    </Stack>
  );
}

function Family({ cadreId, allowed }: { cadreId: number; allowed: boolean }) {
  const { t } = useTranslation('cadres');
  return (
    <RevealGate allowed={allowed} what={t('tabs.family')}>
      {(revealed) => <FamilyTable cadreId={cadreId} enabled={revealed} />}
    </RevealGate>
  );
}

function FamilyTable({ cadreId, enabled }: { cadreId: number; enabled: boolean }) {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const q = useCadreFamily(cadreId, enabled);
  const items = q.data?.items ?? [];
  return (
    <>
      <SectionState loading={q.isLoading} error={q.error} empty={items.length === 0} />
      {items.length > 0 && (
        <ScrollTable minWidth={520}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('family.relation')}</Table.Th>
                <Table.Th scope="col">{t('family.name')}</Table.Th>
                <Table.Th scope="col">{t('family.birthYear')}</Table.Th>
                <Table.Th scope="col">{t('family.occupation')}</Table.Th>
                <Table.Th scope="col">{t('family.address')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{label('relationship', f.relation)}</Table.Td>
                  <Table.Td>{f.full_name}</Table.Td>
                  <Table.Td>{f.birth_year ?? '—'}</Table.Td>
                  <Table.Td>{f.occupation ?? '—'}</Table.Td>
                  <Table.Td>{f.address ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </>
  );
}

function Conduct({ cadreId, allowed }: { cadreId: number; allowed: boolean }) {
  const { t } = useTranslation('cadres');
  return (
    <RevealGate allowed={allowed} what={t('tabs.conduct')}>
      {(revealed) => <ConductTables cadreId={cadreId} enabled={revealed} />}
    </RevealGate>
  );
}

function ConductTables({ cadreId, enabled }: { cadreId: number; enabled: boolean }) {
  const { t } = useTranslation('cadres');
  const q = useCadreConduct(cadreId, enabled);
  const clearances = q.data?.clearances ?? [];
  return (
    <Stack gap="md">
      <SectionState loading={q.isLoading} error={q.error} empty={false} />
      {/* disciplines are listed, with their record form, in the conduct section below (features/conduct) */}
      <div>
        <Title order={3} size="h5" mb={4}>
          {t('conduct.clearances')}
        </Title>
        {clearances.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('conduct.noClearance')}
          </Text>
        ) : (
          <Table striped>
            <Table.Tbody>
              {clearances.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Badge color={c.positive ? 'green' : 'red'} variant="light">
                      {c.positive ? t('conduct.positive') : t('conduct.negative')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(c.concluded_on)}</Table.Td>
                  <Table.Td>{c.concluded_by}</Table.Td>
                  <Table.Td>{c.decision_no ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}

function Documents({ cadreId, canWrite }: { cadreId: number; canWrite: boolean }) {
  const { t } = useTranslation('cadres');
  const [uploaded, setUploaded] = useState<{ id: number; filename: string }[]>([]);
  const upload = useApiMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return call(
        api.POST('/api/v1/cadres/{cadre_id}/documents', {
          params: { path: { cadre_id: cadreId } },
          body: form as unknown as never,
          bodySerializer: (b) => b as unknown as FormData,
        }),
      );
    },
    invalidate: [queryKeys.cadres.detail(cadreId)],
    onSuccess: (doc) => setUploaded((prev) => [...prev, { id: doc.id, filename: doc.filename }]),
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('documents.hint')}
      </Text>
      {uploaded.map((d) => (
        <Group key={d.id} gap="xs">
          <Text size="sm">{d.filename}</Text>
          <DocumentLink id={d.id} />
        </Group>
      ))}
      {canWrite && (
        <FileButton onChange={(f) => f && upload.mutate(f)} accept="application/pdf,image/*,.docx,.xlsx">
          {(props) => (
            <Button {...props} variant="default" leftSection={<IconUpload aria-hidden size={16} />} loading={upload.isPending} w="fit-content">
              {t('documents.upload')}
            </Button>
          )}
        </FileButton>
      )}
      {upload.error !== null && <ProblemAlert error={upload.error} />}
    </Stack>
  );
}

export function CadreProfilePage() {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const { cadreId } = cadreProfileRoute.useParams();
  const perms = usePermissions();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cadre = useCadre(cadreId);
  const unit = useUnit(cadre.data?.unit_id);
  const [confirmOpen, { open: openConfirm, close: closeConfirm }] = useDisclosure(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const canWrite = perms.can('cadres:write');
  const canSensitive = perms.can('cadres:read_sensitive');

  const remove = useApiMutation({
    mutationFn: (c: Cadre, ctx) =>
      call(api.DELETE('/api/v1/cadres/{cadre_id}', { params: { path: { cadre_id: c.id } }, headers: ctx.headers })),
    versionOf: (c) => c.version,
    invalidate: [queryKeys.cadres.all],
    onSuccess: () => {
      closeConfirm();
      queryClient.removeQueries({ queryKey: queryKeys.cadres.detail(cadreId) });
      void navigate({ to: '/cadres' });
    },
  });

  async function download2c(fmt: 'docx' | 'pdf') {
    setDownloadError(null);
    try {
      // GET /api/v1/cadres/{cadre_id}/resume.docx | resume.pdf (Mẫu 2C)
      const url = fmt === 'pdf' ? `/api/v1/cadres/${cadreId}/resume.pdf` : `/api/v1/cadres/${cadreId}/resume.docx`;
      await downloadFile(url, `mau-2c-${cadreId}.${fmt}`);
    } catch (e) {
      setDownloadError(e);
    }
  }

  if (cadre.isLoading) return <PageLoader />;
  if (cadre.error || !cadre.data) return <ProblemAlert error={cadre.error} onRetry={() => void cadre.refetch()} />;
  const c = cadre.data;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cadres" size="sm">
        ← {t('profile.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1} size="h2">
            {c.full_name}
          </Title>
          <Text c="dimmed" size="sm">
            {label('gender', c.gender)} · {t('profile.born', { date: formatDate(c.birth_date), age: ageOn(c.birth_date) })} ·{' '}
            {unit.data ? (
              <Anchor component={Link} to="/units" search={{ unit: unit.data.id } as never} size="sm">
                {unit.data.name}
              </Anchor>
            ) : (
              '…'
            )}
          </Text>
        </div>
        <Group gap="xs">
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" rightSection={<IconChevronDown aria-hidden size={16} />}>
                {t('profile.resume')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconFileTypeDocx aria-hidden size={16} />} onClick={() => void download2c('docx')}>
                {t('profile.resumeDocx')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFileTypePdf aria-hidden size={16} />} onClick={() => void download2c('pdf')}>
                {t('profile.resumePdf')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {canSensitive && <PersonalDataExportButton cadreId={c.id} />}
          {canWrite && (
            <>
              <Button component={Link} to="/cadres/$cadreId/edit" params={{ cadreId: c.id } as never} leftSection={<IconEdit aria-hidden size={16} />}>
                {t('profile.edit')}
              </Button>
              <Button color="red" variant="light" leftSection={<IconTrash aria-hidden size={16} />} onClick={openConfirm}>
                {t('profile.delete')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      {downloadError !== null && <ProblemAlert error={downloadError} />}

      <Card withBorder>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Field label={t('field.employment')}>{label('employment', c.employment)}</Field>
          <Field label={t('field.education_level')}>{label('education_level', c.education_level)}</Field>
          <Field label={t('field.political_theory')}>{label('political_theory', c.political_theory)}</Field>
          <Field label={t('field.from_workers')}>{label('boolean', String(c.from_workers))}</Field>
          <Field label={t('field.phone')}>{c.phone}</Field>
          <Field label={t('field.email')}>{c.email}</Field>
          <Field label={t('field.hometown')}>{c.hometown}</Field>
          <Field label={t('field.updated_at')}>{formatDate(c.updated_at)}</Field>
        </SimpleGrid>
      </Card>

      {canWrite && <CadreDeclarations cadreId={c.id} />}

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('sensitive.title')}
        </Title>
        {canSensitive ? (
          <SensitiveDetails cadreId={c.id} />
        ) : (
          <Alert color="gray" icon={<IconLock aria-hidden size={18} />}>
            {t('sensitive.notAllowed')}
          </Alert>
        )}
      </Card>

      <Tabs defaultValue="posts" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="posts">{t('tabs.posts')}</Tabs.Tab>
          <Tabs.Tab value="qualifications">{t('tabs.qualifications')}</Tabs.Tab>
          <Tabs.Tab value="employment">{t('tabs.employment')}</Tabs.Tab>
          <Tabs.Tab value="family">{t('tabs.family')}</Tabs.Tab>
          <Tabs.Tab value="conduct">{t('tabs.conduct')}</Tabs.Tab>
          <Tabs.Tab value="documents">{t('tabs.documents')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="posts" pt="sm">
          <Posts cadreId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="qualifications" pt="sm">
          <Qualifications cadreId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="employment" pt="sm">
          <Employment cadreId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="family" pt="sm">
          <Family cadreId={c.id} allowed={canSensitive} />
        </Tabs.Panel>
        <Tabs.Panel value="conduct" pt="sm">
          <Stack gap="md">
            <Conduct cadreId={c.id} allowed={canSensitive} />
            {CadreConductSection && (
              <Suspense fallback={<Text c="dimmed">{t('common:loading')}</Text>}>
                <CadreConductSection cadreId={c.id} />
              </Suspense>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="sm">
          <Documents cadreId={c.id} canWrite={canWrite} />
        </Tabs.Panel>
      </Tabs>

      <Modal opened={confirmOpen} onClose={closeConfirm} title={t('delete.title')} centered closeButtonProps={{ 'aria-label': t('common:close') }}>
        <Stack>
          <Text>{t('delete.body', { name: c.full_name })}</Text>
          {remove.error !== null && <ProblemAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={closeConfirm}>
              {t('common:cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(c)}>
              {t('delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
