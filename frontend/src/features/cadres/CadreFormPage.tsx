import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconEye } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { isProblemError } from '../../api/problem';
import { useCadre, useCadreSensitive } from '../../api/queries/cadres';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import type { Cadre, CadreCreate, CadreUpdate } from '../../api/types';
import { ConflictPanel, type ConflictField } from '../../components/ConflictPanel';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../lib/dates';
import { EDUCATION_LEVELS, EMPLOYMENTS, GENDERS, POLITICAL_THEORY, useEnumOptions, useLabel } from '../../lib/labels';
import { PageLoader } from '../../routes/root';
import enums from '../../i18n/locales/vi/enums.json';
import { cadreEditRoute, cadreNewRoute } from './routes';

export interface CadreFormValues {
  unit_id: number | undefined;
  family_name: string;
  middle_name: string;
  given_name: string;
  birth_date: string | undefined;
  gender: string | null;
  employment: string | null;
  education_level: string | null;
  political_theory: string | null;
  from_workers: boolean;
  phone: string;
  email: string;
  hometown: string;
  ethnicity: string | null;
  religion: string | null;
  party_member: boolean;
  party_joined_on: string | undefined;
  party_official_on: string | undefined;
  national_id: string;
  health: string;
}

const BASIC_FIELDS = [
  'unit_id',
  'family_name',
  'middle_name',
  'given_name',
  'birth_date',
  'gender',
  'employment',
  'from_workers',
  'phone',
  'email',
  'hometown',
] as const;
const SENSITIVE_FIELDS = ['ethnicity', 'religion', 'party_member', 'party_joined_on', 'party_official_on', 'national_id', 'health'] as const;
const FORM_FIELDS = [...BASIC_FIELDS, 'education_level', 'political_theory', ...SENSITIVE_FIELDS];

const EMPTY: CadreFormValues = {
  unit_id: undefined,
  family_name: '',
  middle_name: '',
  given_name: '',
  birth_date: undefined,
  gender: null,
  employment: null,
  education_level: null,
  political_theory: null,
  from_workers: false,
  phone: '',
  email: '',
  hometown: '',
  ethnicity: null,
  religion: null,
  party_member: false,
  party_joined_on: undefined,
  party_official_on: undefined,
  national_id: '',
  health: '',
};

function fromCadre(c: Cadre): CadreFormValues {
  return {
    ...EMPTY,
    unit_id: c.unit_id,
    family_name: c.family_name,
    middle_name: c.middle_name,
    given_name: c.given_name,
    birth_date: c.birth_date,
    gender: c.gender,
    employment: c.employment,
    education_level: c.education_level,
    political_theory: c.political_theory,
    from_workers: c.from_workers,
    phone: c.phone ?? '',
    email: c.email ?? '',
    hometown: c.hometown ?? '',
  };
}

function withSensitive(values: CadreFormValues, c: Cadre): CadreFormValues {
  return {
    ...values,
    ethnicity: c.ethnicity ?? null,
    religion: c.religion ?? null,
    party_member: c.party_member ?? false,
    party_joined_on: c.party_joined_on ?? undefined,
    party_official_on: c.party_official_on ?? undefined,
    national_id: c.national_id ?? '',
    health: c.health ?? '',
  };
}

/** Form values → API body: '' and unset become null/absent; only `fields` are sent. */
export function toBody(values: CadreFormValues, fields: readonly (keyof CadreFormValues)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f];
    out[f] = v === '' || v === undefined ? null : v;
  }
  if ('middle_name' in out && out.middle_name === null) out.middle_name = '';
  return out;
}

/** Only the fields the user changed (a PATCH touches nothing else, so a conflict is about real edits). */
export function changedFields(initial: CadreFormValues, values: CadreFormValues, fields: readonly (keyof CadreFormValues)[]) {
  return fields.filter((f) => JSON.stringify(initial[f] ?? null) !== JSON.stringify(values[f] ?? null));
}

function useFieldLabels(): Record<string, string> {
  const { t } = useTranslation('cadres');
  return useMemo(() => Object.fromEntries(FORM_FIELDS.map((f) => [f, t(`field.${f}`)])), [t]);
}

function CadreForm({ mode, cadre, initialUnit }: { mode: 'create' | 'edit'; cadre?: Cadre; initialUnit?: number }) {
  const { t } = useTranslation('cadres');
  const label = useLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const perms = usePermissions();
  const fieldLabels = useFieldLabels();
  const canSensitive = perms.can('cadres:read_sensitive');
  const [initial, setInitial] = useState<CadreFormValues>(() => (cadre ? fromCadre(cadre) : { ...EMPTY, unit_id: initialUnit }));
  const [editSensitive, setEditSensitive] = useState(mode === 'create');
  const sensitive = useCadreSensitive(cadre?.id ?? -1, mode === 'edit' && editSensitive && canSensitive, 'sửa hồ sơ');
  const form = useForm<CadreFormValues>({
    initialValues: initial,
    validate: {
      family_name: (v) => (v.trim() ? null : t('errors:field.required')),
      given_name: (v) => (v.trim() ? null : t('errors:field.required')),
      birth_date: (v) => (v ? null : t('errors:field.required')),
      gender: (v) => (v ? null : t('errors:field.required')),
      employment: (v) => (v ? null : t('errors:field.required')),
      unit_id: (v) => (v ? null : t('errors:field.required')),
    },
  });

  useEffect(() => {
    if (sensitive.data) {
      const next = withSensitive(form.getValues(), sensitive.data);
      setInitial((prev) => withSensitive(prev, sensitive.data));
      form.setValues(next);
    }
    // `form` is stable: run only when the sensitive record arrives
  }, [sensitive.data]);

  const sensitiveFields = editSensitive && canSensitive ? SENSITIVE_FIELDS : [];
  const createFields = [...BASIC_FIELDS, 'education_level', 'political_theory', ...sensitiveFields] as (keyof CadreFormValues)[];
  const editFields = [...BASIC_FIELDS, ...sensitiveFields] as (keyof CadreFormValues)[];

  const create = useApiMutation({
    mutationFn: (values: CadreFormValues) =>
      call(api.POST('/api/v1/cadres', { body: toBody(values, createFields) as CadreCreate })),
    form,
    formFields: FORM_FIELDS,
    invalidate: [queryKeys.cadres.all],
    setData: (data) => queryKeys.cadres.detail(data.id),
    onSuccess: (data) => void navigate({ to: '/cadres/$cadreId', params: { cadreId: data.id } }),
  });

  const update = useApiMutation({
    mutationFn: (vars: { values: CadreFormValues; version: number }, ctx) =>
      call(
        api.PATCH('/api/v1/cadres/{cadre_id}', {
          params: { path: { cadre_id: cadre!.id } },
          body: toBody(vars.values, changedFields(initial, vars.values, editFields)) as CadreUpdate,
          headers: ctx.headers,
        }),
      ),
    versionOf: (vars) => vars.version,
    form,
    formFields: FORM_FIELDS,
    invalidate: [queryKeys.cadres.all],
    loadCurrent: () =>
      call(api.GET('/api/v1/cadres/{cadre_id}', { params: { path: { cadre_id: cadre!.id }, query: { sensitive: false } } })),
    onSuccess: (data) => {
      queryClient.removeQueries({ queryKey: queryKeys.cadres.sensitive(data.id) });
      void navigate({ to: '/cadres/$cadreId', params: { cadreId: data.id } });
    },
  });

  const mutation = mode === 'create' ? create : update;
  const [version, setVersion] = useState(cadre?.version ?? 0);

  const genderOptions = useEnumOptions('gender', GENDERS);
  const employmentOptions = useEnumOptions('employment', EMPLOYMENTS);
  const educationOptions = useEnumOptions('education_level', EDUCATION_LEVELS);
  const theoryOptions = useEnumOptions('political_theory', POLITICAL_THEORY);
  const ethnicityOptions = useMemo(
    () => Object.keys(enums.ethnicity).map((value) => ({ value, label: label('ethnicity', value) })),
    [label],
  );
  const religionOptions = useMemo(() => Object.keys(enums.religion).map((value) => ({ value, label: label('religion', value) })), [label]);

  const conflictFields: ConflictField[] = FORM_FIELDS.map((key) => ({
    key,
    label: fieldLabels[key] ?? key,
    format: (v: unknown) => {
      if (v === null || v === undefined || v === '') return '—';
      if (key === 'birth_date' || key === 'party_joined_on' || key === 'party_official_on') return formatDate(String(v));
      if (key === 'gender' || key === 'employment' || key === 'education_level' || key === 'political_theory' || key === 'ethnicity' || key === 'religion')
        return label(key, String(v));
      if (typeof v === 'boolean') return label('boolean', String(v));
      return String(v);
    },
  }));

  const submit = form.onSubmit((values) => {
    if (mode === 'create') create.mutate(values);
    else update.mutate({ values, version });
  });

  const duplicateId =
    isProblemError(mutation.error) && mutation.error.code === 'duplicate_cadre'
      ? (mutation.error.problem.extensions?.existing_id as number | undefined)
      : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {update.conflict && (
          <ConflictPanel
            conflict={{
              theirs: update.conflict.theirs,
              mine: Object.fromEntries(changedFields(initial, update.conflict.mine.values, editFields).map((f) => [f, update.conflict!.mine.values[f]])),
            }}
            fields={conflictFields}
            onKeepMine={() => {
              const theirs = update.conflict!.theirs as Cadre | null;
              if (theirs) {
                setVersion(theirs.version);
                const mineValues = update.conflict!.mine.values;
                update.clearConflict();
                update.mutate({ values: mineValues, version: theirs.version });
              }
            }}
            onUseTheirs={() => {
              const theirs = update.conflict!.theirs as Cadre | null;
              if (theirs) {
                const next = fromCadre(theirs);
                setInitial(next);
                form.setValues(next);
                setVersion(theirs.version);
                queryClient.setQueryData(queryKeys.cadres.detail(theirs.id), theirs);
              }
              update.clearConflict();
              update.reset();
            }}
          />
        )}
        {mutation.error !== null && !update.conflict && (
          <ProblemAlert error={mutation.error} fieldLabels={fieldLabels} />
        )}
        {duplicateId !== undefined && (
          <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: duplicateId } as never}>
            {t('form.openExisting')}
          </Anchor>
        )}
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('form.identity')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('field.family_name')} required {...form.getInputProps('family_name')} />
            <TextInput label={t('field.middle_name')} {...form.getInputProps('middle_name')} />
            <TextInput label={t('field.given_name')} required {...form.getInputProps('given_name')} />
            <DateField
              label={t('field.birth_date')}
              required
              value={form.values.birth_date}
              onChange={(v) => form.setFieldValue('birth_date', v)}
              error={form.errors.birth_date}
            />
            <Select label={t('field.gender')} required data={genderOptions} {...form.getInputProps('gender')} />
            <UnitSelect label={t('field.unit_id')} required value={form.values.unit_id} onChange={(v) => form.setFieldValue('unit_id', v)} error={form.errors.unit_id} />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('form.work')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select label={t('field.employment')} required data={employmentOptions} {...form.getInputProps('employment')} />
            {mode === 'create' ? (
              <>
                <Select label={t('field.education_level')} data={educationOptions} clearable {...form.getInputProps('education_level')} />
                <Select label={t('field.political_theory')} data={theoryOptions} clearable {...form.getInputProps('political_theory')} />
              </>
            ) : (
              <Text size="sm" c="dimmed" style={{ gridColumn: 'span 2' }}>
                {t('form.derivedQualifications')}
              </Text>
            )}
            <TextInput label={t('field.phone')} type="tel" {...form.getInputProps('phone')} />
            <TextInput label={t('field.email')} type="email" {...form.getInputProps('email')} />
            <TextInput label={t('field.hometown')} {...form.getInputProps('hometown')} />
            <Checkbox mt="lg" label={t('field.from_workers')} {...form.getInputProps('from_workers', { type: 'checkbox' })} />
          </SimpleGrid>
        </Card>
        {canSensitive && (
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('sensitive.title')}
            </Title>
            {!editSensitive ? (
              <Button variant="light" leftSection={<IconEye aria-hidden size={16} />} onClick={() => setEditSensitive(true)}>
                {t('form.editSensitive')}
              </Button>
            ) : sensitive.isLoading ? (
              <Text c="dimmed">{t('common:loading')}</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Select label={t('field.ethnicity')} data={ethnicityOptions} searchable clearable {...form.getInputProps('ethnicity')} />
                <Select label={t('field.religion')} data={religionOptions} clearable {...form.getInputProps('religion')} />
                <TextInput label={t('field.national_id')} inputMode="numeric" {...form.getInputProps('national_id')} />
                <Checkbox mt="lg" label={t('field.party_member')} {...form.getInputProps('party_member', { type: 'checkbox' })} />
                <DateField label={t('field.party_joined_on')} value={form.values.party_joined_on} onChange={(v) => form.setFieldValue('party_joined_on', v)} error={form.errors.party_joined_on} />
                <DateField label={t('field.party_official_on')} value={form.values.party_official_on} onChange={(v) => form.setFieldValue('party_official_on', v)} error={form.errors.party_official_on} />
                <TextInput label={t('field.health')} {...form.getInputProps('health')} />
              </SimpleGrid>
            )}
            {sensitive.error ? <ProblemAlert error={sensitive.error} /> : null}
          </Card>
        )}
        <Group justify="flex-end">
          <Button variant="default" component={Link} to={cadre ? '/cadres/$cadreId' : '/cadres'} params={(cadre ? { cadreId: cadre.id } : undefined) as never}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {mode === 'create' ? t('form.create') : t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CadreCreatePage() {
  const { t } = useTranslation('cadres');
  const { unit } = cadreNewRoute.useSearch();
  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2">
        {t('form.createTitle')}
      </Title>
      <CadreForm mode="create" initialUnit={unit} />
    </Stack>
  );
}

export function CadreEditPage() {
  const { t } = useTranslation('cadres');
  const { cadreId } = cadreEditRoute.useParams();
  const cadre = useCadre(cadreId);
  if (cadre.isLoading) return <PageLoader />;
  if (cadre.error || !cadre.data) return <ProblemAlert error={cadre.error} />;
  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2">
        {t('form.editTitle', { name: cadre.data.full_name })}
      </Title>
      <Alert color="blue" variant="light">
        {t('form.versionNote', { version: cadre.data.version })}
      </Alert>
      <CadreForm mode="edit" cadre={cadre.data} />
    </Stack>
  );
}
