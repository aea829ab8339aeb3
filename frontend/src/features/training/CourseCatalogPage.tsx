import { Anchor, Badge, Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUserSearch } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../lib/dates';
import { TAGS, trainingKeys, useCourses, type Course, type Tag } from './api';

const QUALIFICATIONS = ['union_certificate', 'political_theory__trung_cap', 'political_theory__cao_cap', 'state_management__chuyen_vien'] as const;

interface CourseForm {
  name: string;
  organiser_unit_id: number | undefined;
  tags: Tag[];
  mode: Course['mode'];
  starts_on: string | undefined;
  ends_on: string | undefined;
  budget: number | undefined;
  qualification: string | null;
}

export function CourseCatalogPage() {
  const { t } = useTranslation('training');
  const perms = usePermissions();
  const navigate = useNavigate();
  const [tag, setTag] = useState<Tag | undefined>();
  const [year, setYear] = useState<number | undefined>(new Date().getFullYear());
  const courses = useCourses({ tag, year });
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<CourseForm>({
    initialValues: { name: '', organiser_unit_id: undefined, tags: [], mode: 'in_class', starts_on: undefined, ends_on: undefined,
      budget: undefined, qualification: null },
  });
  const create = useApiMutation({
    mutationFn: (v: CourseForm) => {
      const [kind, level] = (v.qualification ?? '').split('__');
      return call(api.POST('/api/v1/training-courses', {
        body: { name: v.name, organiser_unit_id: v.organiser_unit_id ?? 0, tags: v.tags, mode: v.mode, starts_on: v.starts_on ?? '',
          ends_on: v.ends_on ?? '', budget: v.budget ?? null,
          qualification: v.qualification ? { kind: kind as 'union_certificate', level: level ?? 'co_ban' } : null },
      }));
    },
    invalidate: [trainingKeys.all],
    form,
    formFields: ['name', 'organiser_unit_id', 'tags', 'mode', 'starts_on', 'ends_on', 'budget'],
    onSuccess: (c) => {
      close();
      void navigate({ to: '/training/courses/$courseId', params: { courseId: c.id } });
    },
  });
  const items = courses.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('catalog.title')}</Title>
          <Text c="dimmed" size="sm">{t('catalog.intro')}</Text>
        </div>
        <Group>
          <Button variant="default" component={Link} to="/training/gaps" leftSection={<IconUserSearch size={16} aria-hidden />}>
            {t('catalog.gaps')}
          </Button>
          {perms.can('cadres:write') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>{t('catalog.new')}</Button>
          )}
        </Group>
      </Group>
      <Group wrap="wrap">
        <Select label={t('catalog.tag')} placeholder={t('catalog.allTags')} clearable w={240}
          data={TAGS.map((x) => ({ value: x, label: t(`tag.${x}`) }))} value={tag ?? null}
          onChange={(v) => setTag((v as Tag | null) ?? undefined)} />
        <NumberInput label={t('catalog.year')} w={120} min={1990} max={2200} value={year ?? ''}
          onChange={(v) => setYear(typeof v === 'number' ? v : undefined)} />
      </Group>
      {courses.error !== null && <ProblemAlert error={courses.error} />}
      {!courses.isLoading && items.length === 0 && <Text c="dimmed">{t('catalog.empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={680}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalog.name')}</Table.Th>
                <Table.Th>{t('catalog.organiser')}</Table.Th>
                <Table.Th>{t('catalog.dates')}</Table.Th>
                <Table.Th>{t('catalog.mode')}</Table.Th>
                <Table.Th>{t('catalog.enrolled')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to="/training/courses/$courseId" params={{ courseId: c.id } as never}>{c.name}</Anchor>
                    <Group gap={4} mt={2}>
                      {c.tags.map((x) => <Badge c="dark.8" key={x} size="xs" variant="light" tt="none">{t(`tag.${x}`)}</Badge>)}
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.organiser_name}</Table.Td>
                  <Table.Td>{formatDate(c.starts_on)} – {formatDate(c.ends_on)}</Table.Td>
                  <Table.Td>{t(`mode.${c.mode}`)}</Table.Td>
                  <Table.Td>{c.enrolled}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal opened={opened} onClose={close} title={t('catalog.new')} centered size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Stack>
            <TextInput label={t('form.name')} required {...form.getInputProps('name')} />
            <UnitSelect label={t('form.organiser')} required value={form.values.organiser_unit_id}
              onChange={(v) => form.setFieldValue('organiser_unit_id', v)} error={form.errors.organiser_unit_id} />
            <MultiSelect label={t('form.tags')} required data={TAGS.map((x) => ({ value: x, label: t(`tag.${x}`) }))}
              {...form.getInputProps('tags')} />
            <Select label={t('form.mode')} allowDeselect={false} data={(['in_class', 'online'] as const).map((m) => ({ value: m, label: t(`mode.${m}`) }))}
              {...form.getInputProps('mode')} />
            <Group grow>
              <DateField label={t('form.startsOn')} value={form.values.starts_on} onChange={(v) => form.setFieldValue('starts_on', v)} error={form.errors.starts_on} />
              <DateField label={t('form.endsOn')} value={form.values.ends_on} onChange={(v) => form.setFieldValue('ends_on', v)} error={form.errors.ends_on} />
            </Group>
            <NumberInput label={t('form.budget')} min={0} thousandSeparator="." decimalSeparator="," {...form.getInputProps('budget')} />
            <Select label={t('form.qualification')} placeholder={t('form.noQualification')} clearable
              data={QUALIFICATIONS.map((q) => ({ value: q, label: t(`qualification.${q}`) }))} {...form.getInputProps('qualification')} />
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
