import { Button, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { UnitName } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { UnitSelect } from '../../components/UnitSelect';
import { sortByVi } from '../../lib/collation';
import { trainingKeys, useProgrammes } from './api';

interface ProgrammeForm {
  name: string;
  organiser_unit_id: number | undefined;
  year: number | undefined;
  budget: number | undefined;
}

export function formatVnd(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'vi-VN').format(value);
}

/** Chương trình đào tạo, bồi dưỡng: a year's programme of an organising unit with its budget; its classes hang under it. */
export function ProgrammesPage() {
  const { t, i18n } = useTranslation('training');
  const perms = usePermissions();
  const programmes = useProgrammes();
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<ProgrammeForm>({
    initialValues: { name: '', organiser_unit_id: undefined, year: new Date().getFullYear(), budget: undefined },
  });
  const create = useApiMutation({
    mutationFn: (v: ProgrammeForm) =>
      call(api.POST('/api/v1/training-programmes', {
        body: { name: v.name, organiser_unit_id: v.organiser_unit_id ?? perms.grantUnitIds[0] ?? 0, year: v.year ?? 0, budget: v.budget ?? null },
      })),
    invalidate: [trainingKeys.programmes],
    form,
    formFields: ['name', 'organiser_unit_id', 'year', 'budget'],
    onSuccess: () => {
      close();
      form.reset();
    },
  });
  const items = programmes.data?.items ?? [];
  const byYear = sortByVi(items, (p) => p.name).sort((a, b) => b.year - a.year);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('programmes.title')}</Title>
          <Text c="dimmed" size="sm">{t('programmes.intro')}</Text>
        </div>
        {perms.can('cadres:write') && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>{t('programmes.new')}</Button>}
      </Group>
      {programmes.error !== null && <ProblemAlert error={programmes.error} />}
      {!programmes.isLoading && items.length === 0 && <Text c="dimmed">{t('programmes.empty')}</Text>}
      {byYear.length > 0 && (
        <ScrollTable minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('programmes.year')}</Table.Th>
                <Table.Th>{t('programmes.name')}</Table.Th>
                <Table.Th>{t('programmes.organiser')}</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>{t('programmes.budget')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byYear.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.year}</Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td><UnitName id={p.organiser_unit_id} /></Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatVnd(p.budget, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal opened={opened} onClose={close} title={t('programmes.new')} centered closeButtonProps={{ 'aria-label': t('common:close') }}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Stack>
            <TextInput label={t('programmes.name')} required {...form.getInputProps('name')} />
            <UnitSelect label={t('programmes.organiser')} required value={form.values.organiser_unit_id ?? perms.grantUnitIds[0]}
              onChange={(v) => form.setFieldValue('organiser_unit_id', v)} error={form.errors.organiser_unit_id} />
            <NumberInput label={t('programmes.year')} required min={1950} max={2200} {...form.getInputProps('year')} />
            <NumberInput label={t('form.budget')} min={0} thousandSeparator="." decimalSeparator="," {...form.getInputProps('budget')} />
            {create.error !== null && <ProblemAlert error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('form.cancel')}</Button>
              <Button type="submit" loading={create.isPending}>{t('programmes.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
