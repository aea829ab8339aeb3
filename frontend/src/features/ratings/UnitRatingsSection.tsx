/** Ratings of a grassroots union (HD 1294) and its titles, for the unit page. */
import { Anchor, Badge, Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { awardPeriod } from '../conduct/awards';

export const ratingKeys = {
  unit: (unitId: number) => ['ratings', 'unit', unitId] as const,
  titles: (unitId: number) => ['ratings', 'titles', unitId] as const,
};

interface RatingForm {
  year: number;
  representation: number | undefined;
  organisation: number | undefined;
  communication: number | undefined;
  bonus: number | undefined;
}

export function UnitRatingsSection({ unitId }: { unitId: number }) {
  const { t } = useTranslation('conduct');
  const tEval = useTranslation('evaluation').t;
  const perms = usePermissions();
  const ratings = useQuery({
    queryKey: ratingKeys.unit(unitId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/unit-ratings', { params: { query: { unit_id: unitId, limit: 50 } }, signal })),
  });
  const titles = useQuery({
    queryKey: ratingKeys.titles(unitId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/units/{unit_id}/awards', { params: { path: { unit_id: unitId } }, signal })),
  });
  const [adding, setAdding] = useState(false);
  const form = useForm<RatingForm>({
    initialValues: { year: new Date().getFullYear() - 1, representation: undefined, organisation: undefined, communication: undefined, bonus: undefined },
  });
  const add = useApiMutation({
    mutationFn: (v: RatingForm) =>
      call(api.POST('/api/v1/unit-ratings', {
        body: { unit_id: unitId, year: v.year, representation: v.representation ?? 0, organisation: v.organisation ?? 0,
          communication: v.communication ?? 0, bonus: v.bonus ?? 0 },
      })),
    invalidate: [ratingKeys.unit(unitId)],
    form,
    formFields: ['year', 'representation', 'organisation', 'communication', 'bonus'],
    onSuccess: () => setAdding(false),
  });
  const items = [...(ratings.data?.items ?? [])].sort((a, b) => b.year - a.year);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{t('ratings.title')}</Title>
        {perms.can('units:write') && !adding && <Button size="compact-sm" variant="light" onClick={() => setAdding(true)}>{t('ratings.add')}</Button>}
      </Group>
      {ratings.error !== null && <ProblemAlert error={ratings.error} />}
      {items.length === 0 ? <Text size="sm" c="dimmed">{t('ratings.empty')}</Text> : (
        <Table striped>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('ratings.year')}</Table.Th><Table.Th>{t('ratings.score')}</Table.Th><Table.Th>{t('ratings.level')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to="/unit-ratings/$ratingId" params={{ ratingId: r.id } as never}
                    aria-label={t('rating.open', { year: r.year })}>{r.year}</Anchor>
                </Table.Td>
                <Table.Td>
                  {r.score}
                  {r.representation !== null && (
                    <Text size="xs" c="dimmed">{t('ratings.parts', { r: r.representation, o: r.organisation, c: r.communication, b: r.bonus })}</Text>
                  )}
                </Table.Td>
                <Table.Td><Badge c="dark.8" variant="light" tt="none">{tEval(`level.${r.level}`)}</Badge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {(titles.data?.items ?? []).length > 0 && (
        <Group gap={4} mt="xs">
          <Text size="sm">{t('ratings.titles')}:</Text>
          {(titles.data?.items ?? []).map((a) => (
            <Badge c="dark.8" key={a.id} color="grape" variant="light" tt="none">{t(`award.${a.kind}`)} {a.year ?? ''}{a.effective_from || a.effective_to ? ` (${awardPeriod(a)})` : ''}</Badge>
          ))}
        </Group>
      )}
      {adding && (
        <form onSubmit={form.onSubmit((v) => add.mutate(v))}>
          <Stack mt="sm" maw={420}>
            <NumberInput label={t('ratings.year')} min={1990} max={2200} required {...form.getInputProps('year')} />
            <NumberInput label={t('ratings.representation')} min={0} max={40} required {...form.getInputProps('representation')} />
            <NumberInput label={t('ratings.organisation')} min={0} max={40} required {...form.getInputProps('organisation')} />
            <NumberInput label={t('ratings.communication')} min={0} max={15} required {...form.getInputProps('communication')} />
            <NumberInput label={t('ratings.bonus')} min={0} max={5} required {...form.getInputProps('bonus')} />
            {add.error !== null && <ProblemAlert error={add.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>{t('section.cancel')}</Button>
              <Button type="submit" loading={add.isPending}>{t('ratings.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

export default UnitRatingsSection;
