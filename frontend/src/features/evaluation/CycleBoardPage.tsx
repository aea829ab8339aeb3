import { Badge, Button, Card, Checkbox, Group, Modal, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../lib/dates';
import { evaluationKeys, useCycles, type Cycle } from './api';

type Kind = Cycle['kind'];

interface CycleForm {
  unit_id: number | undefined;
  kind: Kind;
  period: string;
  starts_on: string | undefined;
  ends_on: string | undefined;
  anonymous_comments: boolean;
}

/** Share of evaluations past self-assessment and past decision (the two bars the board shows). */
export function cycleProgress(c: Cycle): { selfPct: number; decidedPct: number } {
  const p = c.progress;
  const total = p.total || 1;
  const decided = p.decided + p.published;
  const self = p.total - p.pending;
  return { selfPct: Math.round((100 * self) / total), decidedPct: Math.round((100 * decided) / total) };
}

export function CycleBoardPage() {
  const { t } = useTranslation('evaluation');
  const cycles = useCycles();
  const perms = usePermissions();
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const year = new Date().getFullYear();
  const form = useForm<CycleForm>({
    initialValues: { unit_id: undefined, kind: 'annual', period: String(year), starts_on: `${year}-01-01`,
      ends_on: `${year}-12-31`, anonymous_comments: true },
  });
  const create = useApiMutation({
    mutationFn: (v: CycleForm) =>
      call(api.POST('/api/v1/evaluation-cycles', {
        body: { unit_id: v.unit_id ?? 0, kind: v.kind, period: v.period, starts_on: v.starts_on ?? '', ends_on: v.ends_on ?? '',
          anonymous_comments: v.anonymous_comments },
      })),
    invalidate: [evaluationKeys.cycles],
    form,
    formFields: ['unit_id', 'kind', 'period', 'starts_on', 'ends_on'],
    onSuccess: (c) => {
      close();
      void navigate({ to: '/evaluation/cycles/$cycleId', params: { cycleId: c.id } });
    },
  });
  const items = cycles.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('board.title')}</Title>
          <Text c="dimmed" size="sm" maw={720}>{t('board.intro')}</Text>
        </div>
        {perms.can('cadres:write') && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>{t('board.new')}</Button>
        )}
      </Group>
      {cycles.error !== null && <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />}
      {!cycles.isLoading && items.length === 0 && <Text c="dimmed">{t('board.empty')}</Text>}
      <Stack gap="sm">
        {items.map((c) => {
          const { selfPct, decidedPct } = cycleProgress(c);
          const over = c.top_share > c.max_top_share;
          return (
            <Card key={c.id} withBorder padding="md" radius="md">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <div>
                  <Link to="/evaluation/cycles/$cycleId" params={{ cycleId: c.id }} style={{ fontWeight: 600 }}>
                    {t(`kind.${c.kind}`)} — {c.period}
                  </Link>
                  <Text size="sm" c="dimmed">{formatDate(c.starts_on)} – {formatDate(c.ends_on)} · {t('board.ruleSet')}: {c.rule_set_code === 'qd366_2025' ? 'QĐ 366-QĐ/TW' : 'QĐ 124-QĐ/TW'}</Text>
                </div>
                <Badge c="dark.8" color={c.status === 'open' ? 'blue' : 'gray'} variant="light">{t(`status.${c.status}`)}</Badge>
              </Group>
              <Stack gap={4} mt="sm">
                <Text size="xs">{t('steps.self_assessed')}: {selfPct}% · {t('steps.decided')}: {decidedPct}% ({c.progress.total})</Text>
                <Progress.Root size="lg">
                  <Progress.Section value={decidedPct} color="teal" aria-label={`${t('steps.decided')} — ${c.period}`} />
                  <Progress.Section value={Math.max(0, selfPct - decidedPct)} color="blue.3"
                    aria-label={`${t('steps.self_assessed')} — ${c.period}`} />
                </Progress.Root>
                <Text size="xs" c={over ? 'red.8' : undefined}>
                  {t('cycle.cap')}: {t('cycle.capValue', { share: c.top_share, cap: c.max_top_share })}
                </Text>
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <Modal opened={opened} onClose={close} title={t('board.new')} centered closeButtonProps={{ 'aria-label': t('common:close') }}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Stack>
            <UnitSelect label={t('form.unit')} required value={form.values.unit_id}
              onChange={(v) => form.setFieldValue('unit_id', v)} error={form.errors.unit_id} />
            <Select label={t('form.kind')} data={(['annual', 'quarterly', 'monthly', 'ad_hoc'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              allowDeselect={false} {...form.getInputProps('kind')} />
            <TextInput label={t('form.period')} required {...form.getInputProps('period')} />
            <Group grow>
              <DateField label={t('form.startsOn')} value={form.values.starts_on} onChange={(v) => form.setFieldValue('starts_on', v)} error={form.errors.starts_on} />
              <DateField label={t('form.endsOn')} value={form.values.ends_on} onChange={(v) => form.setFieldValue('ends_on', v)} error={form.errors.ends_on} />
            </Group>
            <Checkbox label={t('form.anonymous')} {...form.getInputProps('anonymous_comments', { type: 'checkbox' })} />
            {create.error !== null && <ProblemAlert error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('form.cancel')}</Button>
              <Button type="submit" loading={create.isPending}>{t('form.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
