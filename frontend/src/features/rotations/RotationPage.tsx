import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import { DateField } from '../../components/DateField';
import { UnitName } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, todayIso } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { isOverdue, rotationKeys, useRotation } from './api';
import { rotationRoute } from './routes';

/** One movement: origin, destination, planned duration and return; record the cadre's return. */
export function RotationPage() {
  const { rotationId } = rotationRoute.useParams();
  const { t } = useTranslation('rotations');
  const perms = usePermissions();
  const positions = usePositions();
  const rotation = useRotation(rotationId);
  const [returnedOn, setReturnedOn] = useState<string | undefined>(todayIso());
  const back = useApiMutation({
    mutationFn: (d: string) =>
      call(api.POST('/api/v1/rotations/{rotation_id}/return', { params: { path: { rotation_id: rotationId } }, body: { returned_on: d } })),
    invalidate: [rotationKeys.all],
  });
  if (rotation.isLoading) return <PageLoader />;
  if (rotation.error !== null || !rotation.data) return <ProblemAlert error={rotation.error} />;
  const r = rotation.data;
  return (
    <Stack gap="md" maw={820}>
      <Anchor component={Link} to="/rotations" size="sm">
        <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('detail.back')}</Group>
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">{r.cadre_name}</Title>
          <Text c="dimmed">{t(`kind.${r.kind}`)}{r.decision_no ? ` · ${r.decision_no}` : ''}</Text>
        </div>
        {r.returned_on ? (
          <Badge c="dark.8" color="green" variant="light" size="lg" tt="none">{t('status.returned', { date: formatDate(r.returned_on) })}</Badge>
        ) : isOverdue(r, todayIso()) ? (
          <Badge c="dark.8" color="red" variant="light" size="lg" tt="none">{t('status.overdue')}</Badge>
        ) : null}
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Field label={t('field.from')} value={<UnitName id={r.from_unit_id} />} />
          <Field label={t('field.to')} value={<UnitName id={r.to_unit_id} />} />
          <Field label={t('field.position')} value={r.position_code ? positions.label(r.position_code) : '—'} />
          <Field label={t('field.headOfUnit')} value={r.head_of_unit ? t('detail.yes') : t('detail.no')} />
          <Field label={t('field.startsOn')} value={formatDate(r.starts_on)} />
          <Field label={t('field.plannedMonths')} value={r.planned_months ? t('detail.months', { count: r.planned_months }) : '—'} />
          <Field label={t('field.plannedEnd')} value={r.planned_end_on ? formatDate(r.planned_end_on) : '—'} />
          <Field label={t('field.returnedOn')} value={r.returned_on ? formatDate(r.returned_on) : '—'} />
        </SimpleGrid>
        {r.note && <Text size="sm" mt="sm">{r.note}</Text>}
      </Card>
      {r.kind !== 'transfer' && r.returned_on === null && (
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">{t('detail.recordReturn')}</Title>
          <Text size="sm" c="dimmed" mb="sm">{t('detail.returnHint')}</Text>
          {perms.can('actions:write') ? (
            <Group align="flex-end" wrap="wrap">
              <DateField label={t('field.returnedOn')} value={returnedOn} onChange={setReturnedOn} w={190} />
              <Button disabled={!returnedOn} loading={back.isPending} onClick={() => returnedOn && back.mutate(returnedOn)}>
                {t('detail.saveReturn')}
              </Button>
            </Group>
          ) : (
            <Alert color="gray" p="xs">{t('detail.noPermission')}</Alert>
          )}
          {back.error !== null && <ProblemAlert error={back.error} />}
        </Card>
      )}
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text component="div">{value}</Text>
    </div>
  );
}
