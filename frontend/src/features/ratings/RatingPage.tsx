import { Anchor, Badge, Button, Card, Group, NumberInput, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import type { components } from '../../api/schema';
import { ConflictPanel } from '../../components/ConflictPanel';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { ratingRoute } from './routes';

type Rating = components['schemas']['RatingRead'];
export const ratingDetailKey = (id: number) => ['ratings', 'one', id] as const;

/** The four HD 1294 components with their maxima: 40 / 40 / 15 / 5 = 100 points. */
const PARTS = [
  { key: 'representation', max: 40 },
  { key: 'organisation', max: 40 },
  { key: 'communication', max: 15 },
  { key: 'bonus', max: 5 },
] as const;
type PartKey = (typeof PARTS)[number]['key'];
type RatingForm = Record<PartKey, number | undefined> & { decision_no: string };

/** A grassroots union's rating for a year (HD 1294): the 40/40/15/5 breakdown, the level, and its correction. */
export function RatingPage() {
  const { ratingId } = ratingRoute.useParams();
  const { t } = useTranslation('conduct');
  const tEval = useTranslation('evaluation').t;
  const perms = usePermissions();
  const rating = useQuery({
    queryKey: ratingDetailKey(ratingId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/unit-ratings/{rating_id}', { params: { path: { rating_id: ratingId } }, signal })),
    enabled: ratingId > 0,
  });
  const [editing, setEditing] = useState(false);
  if (rating.isLoading) return <PageLoader />;
  if (rating.error !== null || !rating.data) return <ProblemAlert error={rating.error} />;
  const r = rating.data;
  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/units" search={{ unit: r.unit_id } as never} size="sm">
        <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('rating.back')}</Group>
      </Anchor>
      <div>
        <Title order={1} size="h2">{t('rating.title', { year: r.year })}</Title>
        <Text c="dimmed">{r.unit_name} · {t('rating.asOf', { date: formatDate(r.as_of) })}</Text>
      </div>
      <Card withBorder>
        <Group justify="space-between" mb="sm" wrap="wrap">
          <Text fw={700} size="xl">{t('rating.total', { score: r.score })}</Text>
          <Badge c="dark.8" size="lg" variant="light" tt="none">{tEval(`level.${r.level}`)}</Badge>
        </Group>
        <Stack gap="xs">
          {PARTS.map((p) => {
            const v = r[p.key];
            return (
              <div key={p.key}>
                <Group justify="space-between"><Text size="sm">{t(`ratings.${p.key}`)}</Text><Text size="sm" fw={600}>{v ?? '—'} / {p.max}</Text></Group>
                <Progress value={v === null ? 0 : (100 * v) / p.max} aria-label={t(`ratings.${p.key}`)} />
              </div>
            );
          })}
        </Stack>
        {r.representation === null && <Text size="xs" c="dimmed" mt="xs">{t('rating.noBreakdown')}</Text>}
        <Text size="sm" mt="sm">{t('section.decisionNo')}: {r.decision_no ?? '—'}</Text>
      </Card>
      {perms.can('units:write') && !editing && (
        <Group><Button variant="light" onClick={() => setEditing(true)}>{t('rating.edit')}</Button></Group>
      )}
      {editing && <RatingEdit r={r} onDone={() => setEditing(false)} />}
    </Stack>
  );
}

function RatingEdit({ r, onDone }: { r: Rating; onDone: () => void }) {
  const { t } = useTranslation('conduct');
  const [version, setVersion] = useState(r.version);
  const form = useForm<RatingForm>({
    initialValues: { representation: r.representation ?? undefined, organisation: r.organisation ?? undefined,
      communication: r.communication ?? undefined, bonus: r.bonus ?? undefined, decision_no: r.decision_no ?? '' },
  });
  const save = useApiMutation({
    mutationFn: (v: RatingForm, ctx) =>
      call(api.PATCH('/api/v1/unit-ratings/{rating_id}', {
        params: { path: { rating_id: r.id } },
        body: { representation: v.representation ?? 0, organisation: v.organisation ?? 0, communication: v.communication ?? 0,
          bonus: v.bonus ?? 0, decision_no: v.decision_no || null },
        headers: ctx.headers,
      })),
    versionOf: () => version,
    loadCurrent: () => call(api.GET('/api/v1/unit-ratings/{rating_id}', { params: { path: { rating_id: r.id } } })),
    invalidate: [ratingDetailKey(r.id), ['ratings', 'unit', r.unit_id]],
    form,
    formFields: ['representation', 'organisation', 'communication', 'bonus', 'decision_no'],
    onSuccess: onDone,
  });
  const total = PARTS.reduce((s, p) => s + (form.values[p.key] ?? 0), 0);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">{t('rating.edit')}</Title>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {PARTS.map((p) => (
            <NumberInput key={p.key} label={t(`ratings.${p.key}`)} min={0} max={p.max} decimalScale={1} required {...form.getInputProps(p.key)} />
          ))}
          <Text fw={600}>{t('rating.total', { score: Math.round(total * 100) / 100 })}</Text>
          <TextInput label={t('section.decisionNo')} {...form.getInputProps('decision_no')} />
          {save.conflict ? (
            <ConflictPanel conflict={save.conflict}
              fields={[...PARTS.map((p) => ({ key: p.key, label: t(`ratings.${p.key}`) })), { key: 'decision_no', label: t('section.decisionNo') }]}
              onKeepMine={() => {
                const theirs = save.conflict?.theirs as Rating | null;
                const mine = save.conflict?.mine;
                save.clearConflict();
                if (theirs && mine) {
                  setVersion(theirs.version);
                  save.mutate(mine);
                }
              }}
              onUseTheirs={() => {
                const theirs = save.conflict?.theirs as Rating | null;
                save.clearConflict();
                if (theirs) {
                  setVersion(theirs.version);
                  form.setValues({ representation: theirs.representation ?? undefined, organisation: theirs.organisation ?? undefined,
                    communication: theirs.communication ?? undefined, bonus: theirs.bonus ?? undefined, decision_no: theirs.decision_no ?? '' });
                }
              }} />
          ) : save.error !== null && <ProblemAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>{t('section.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('ratings.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
