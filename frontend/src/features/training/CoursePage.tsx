import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconCertificate } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { useCadreList } from '../../api/queries/cadres';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { trainingKeys, useCourse, useCourseEnrolments, type Enrolment } from './api';
import { trainingCourseRoute } from './routes';

export function CoursePage() {
  const { courseId } = trainingCourseRoute.useParams();
  const { t } = useTranslation('training');
  const course = useCourse(courseId);
  const enrolments = useCourseEnrolments(courseId);
  const perms = usePermissions();
  if (course.isLoading) return <PageLoader />;
  if (course.error !== null || !course.data) return <ProblemAlert error={course.error} />;
  const c = course.data;
  const items = enrolments.data?.items ?? [];
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/training" size="sm">
        <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('course.back')}</Group>
      </Anchor>
      <div>
        <Title order={1} size="h2">{c.name}</Title>
        <Text c="dimmed">{c.organiser_name} · {formatDate(c.starts_on)} – {formatDate(c.ends_on)} · {t(`mode.${c.mode}`)}</Text>
        <Group gap={4} mt={4}>
          {c.tags.map((x) => <Badge c="dark.8" key={x} variant="light" tt="none">{t(`tag.${x}`)}</Badge>)}
          {c.qualification && (
            <Badge c="dark.8" color="grape" variant="light" tt="none" leftSection={<IconCertificate size={12} aria-hidden />}>
              {t(`qualification.${c.qualification.kind === 'union_certificate' ? 'union_certificate' : `${c.qualification.kind}__${c.qualification.level}`}`)}
            </Badge>
          )}
        </Group>
      </div>
      {perms.can('cadres:write') && <Enrol courseId={c.id} />}
      <Title order={2} size="h4">{t('course.learners')} ({items.length})</Title>
      {enrolments.error !== null && <ProblemAlert error={enrolments.error} />}
      {items.length === 0 ? <Text c="dimmed">{t('course.empty')}</Text> : (
        <ScrollTable minWidth={600}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('course.cadre')}</Table.Th>
                <Table.Th>{t('course.status')}</Table.Th>
                <Table.Th>{t('course.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => <EnrolmentRow key={e.id} e={e} canWrite={perms.can('cadres:write')} />)}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function Enrol({ courseId }: { courseId: number }) {
  const { t } = useTranslation('training');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const results = useCadreList({ q: debounced || undefined }, 8, debounced.trim().length >= 2);
  const enrol = useApiMutation({
    mutationFn: (cadreId: number) =>
      call(api.POST('/api/v1/training-courses/{course_id}/enrolments', { params: { path: { course_id: courseId } }, body: { cadre_id: cadreId } })),
    invalidate: [trainingKeys.all],
    onSuccess: () => setQ(''),
  });
  const found = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('course.enrol')}</Title>
      <TextInput label={t('course.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} />
      {debounced.trim().length >= 2 && (
        <Stack gap={4} mt="xs">
          {found.map((p) => (
            <Group key={p.id} justify="space-between" maw={520}>
              <Text size="sm">{p.full_name} · {formatDate(p.birth_date)}</Text>
              <Button size="compact-sm" variant="light" onClick={() => enrol.mutate(p.id)} aria-label={`${t('course.add')} ${p.full_name}`}>
                {t('course.add')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {enrol.error !== null && <ProblemAlert error={enrol.error} />}
    </Card>
  );
}

function EnrolmentRow({ e, canWrite }: { e: Enrolment; canWrite: boolean }) {
  const { t } = useTranslation('training');
  const [result, setResult] = useState<'passed' | 'failed' | null>(null);
  const [certificate, setCertificate] = useState('');
  const complete = useApiMutation({
    mutationFn: (r: 'passed' | 'failed') =>
      call(api.POST('/api/v1/enrolments/{enrolment_id}/complete', {
        params: { path: { enrolment_id: e.id } }, body: { result: r, certificate_no: certificate || null },
      })),
    invalidate: [trainingKeys.all, queryKeys.cadres.detail(e.cadre_id)],
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: e.cadre_id } as never}>{e.cadre_name}</Anchor>
        <Anchor component={Link} to="/training/enrolments/$enrolmentId" params={{ enrolmentId: e.id } as never} size="xs" display="block"
          aria-label={`${t('course.details')} — ${e.cadre_name}`}>
          {t('course.details')}
        </Anchor>
      </Table.Td>
      <Table.Td>{t(`status.${e.status}`)}</Table.Td>
      <Table.Td>
        {e.status === 'completed' ? (
          <Stack gap={0}>
            <Text size="sm">{e.result ? t(`course.${e.result}`) : '—'}{e.certificate_no ? ` · ${e.certificate_no}` : ''}</Text>
            {e.qualification_id !== null && <Text size="xs" c="dimmed">{t('course.qualificationAdded')}</Text>}
          </Stack>
        ) : canWrite ? (
          <Group gap={4} wrap="wrap">
            <Select size="xs" w={130} aria-label={`${t('course.result')} — ${e.cadre_name}`} placeholder={t('course.result')}
              data={[{ value: 'passed', label: t('course.passed') }, { value: 'failed', label: t('course.failed') }]}
              value={result} onChange={(v) => setResult(v as 'passed' | 'failed' | null)} />
            <TextInput size="xs" w={140} aria-label={`${t('course.certificate')} — ${e.cadre_name}`} placeholder={t('course.certificate')}
              value={certificate} onChange={(ev) => setCertificate(ev.currentTarget.value)} />
            <Button size="compact-sm" disabled={!result} loading={complete.isPending} onClick={() => result && complete.mutate(result)}>
              {t('course.complete')}
            </Button>
          </Group>
        ) : '—'}
        {complete.error !== null && <ProblemAlert error={complete.error} />}
      </Table.Td>
    </Table.Tr>
  );
}
