import { Alert, Anchor, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { queryKeys } from '../../api/queries/keys';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { trainingKeys, useEnrolment } from './api';
import { trainingEnrolmentRoute } from './routes';

interface CompleteForm {
  result: 'passed' | 'failed' | null;
  attendance_pct: number | undefined;
  certificate_no: string;
  completed_on: string | undefined;
}

/** One learner's place in a class (lượt): attendance, result and certificate; a pass may add a qualification. */
export function EnrolmentPage() {
  const { enrolmentId } = trainingEnrolmentRoute.useParams();
  const { t } = useTranslation('training');
  const perms = usePermissions();
  const enrolment = useEnrolment(enrolmentId);
  const form = useForm<CompleteForm>({ initialValues: { result: null, attendance_pct: 100, certificate_no: '', completed_on: undefined } });
  const complete = useApiMutation({
    mutationFn: (v: CompleteForm) =>
      call(api.POST('/api/v1/enrolments/{enrolment_id}/complete', {
        params: { path: { enrolment_id: enrolmentId } },
        body: { result: v.result ?? 'passed', attendance_pct: v.attendance_pct ?? null, certificate_no: v.certificate_no || null,
          completed_on: v.completed_on ?? null },
      })),
    invalidate: [trainingKeys.all, ...(enrolment.data ? [queryKeys.cadres.detail(enrolment.data.cadre_id)] : [])],
    form,
    formFields: ['result', 'attendance_pct', 'certificate_no', 'completed_on'],
  });
  if (enrolment.isLoading) return <PageLoader />;
  if (enrolment.error !== null || !enrolment.data) return <ProblemAlert error={enrolment.error} />;
  const e = enrolment.data;
  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/training/courses/$courseId" params={{ courseId: e.course_id } as never} size="sm">
        <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('enrolment.back')}</Group>
      </Anchor>
      <div>
        <Title order={1} size="h2">{e.cadre_name}</Title>
        <Text c="dimmed">{e.course_name}</Text>
      </div>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Field label={t('course.status')} value={t(`status.${e.status}`)} />
          <Field label={t('enrolment.attendance')} value={e.attendance_pct !== null ? `${e.attendance_pct}%` : '—'} />
          <Field label={t('course.result')} value={e.result ? t(`course.${e.result}`) : '—'} />
          <Field label={t('course.certificate')} value={e.certificate_no ?? '—'} />
          <Field label={t('enrolment.completedOn')} value={formatDate(e.completed_on)} />
        </SimpleGrid>
        {e.qualification_id !== null && <Alert mt="sm" color="teal" variant="light">{t('course.qualificationAdded')}</Alert>}
      </Card>
      {e.status === 'enrolled' && perms.can('cadres:write') && (
        <Card withBorder>
          <Title order={2} size="h5" mb="sm">{t('course.complete')}</Title>
          <form onSubmit={form.onSubmit((v) => complete.mutate(v))}>
            <Stack>
              <Group grow align="flex-start">
                <Select label={t('course.result')} required allowDeselect={false}
                  data={[{ value: 'passed', label: t('course.passed') }, { value: 'failed', label: t('course.failed') }]}
                  {...form.getInputProps('result')} />
                <NumberInput label={t('enrolment.attendance')} min={0} max={100} suffix="%" {...form.getInputProps('attendance_pct')} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label={t('course.certificate')} {...form.getInputProps('certificate_no')} />
                <DateField label={t('enrolment.completedOn')} value={form.values.completed_on}
                  onChange={(v) => form.setFieldValue('completed_on', v)} error={form.errors.completed_on} />
              </Group>
              {complete.error !== null && <ProblemAlert error={complete.error} />}
              <Group justify="flex-end">
                <Button type="submit" loading={complete.isPending} disabled={!form.values.result}>{t('enrolment.save')}</Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text>{value}</Text>
    </div>
  );
}
