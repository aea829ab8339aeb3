import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { asProblem } from '../../api/problem';
import { formPath } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EVENT_TYPES, urlProblem, type WebhookEventType } from './api';

const FIELDS = ['url', 'event_types', 'description', 'client_id'] as const;

export interface WebhookFormValues {
  url: string;
  event_types: WebhookEventType[];
  description: string;
  client_id: string;
}

/** The endpoint form (create and edit): URL, event types as labelled checkboxes, description, subscriber. */
export function WebhookForm({
  initial,
  clients,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial?: Partial<WebhookFormValues>;
  /** Integration clients the admin may register the endpoint for (create only); undefined hides the field. */
  clients?: { value: string; label: string }[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: WebhookFormValues) => void;
}) {
  const { t } = useTranslation('integration');
  const form = useForm<WebhookFormValues>({
    initialValues: { url: '', event_types: ['cadre.created', 'cadre.updated'], description: '', client_id: '', ...initial },
    validate: {
      url: (v) => {
        const p = urlProblem(v);
        return p ? t(`form.urlError.${p}`) : null;
      },
      event_types: (v) => (v.length === 0 ? t('form.eventsRequired') : null),
    },
  });
  const problem = error ? asProblem(error) : null;
  // errors[] from the server go under their inputs (the rest stays in the alert)
  const { setFieldError } = form;
  useEffect(() => {
    if (!problem) return;
    for (const e of problem.errors) {
      const path = formPath(e.field, FIELDS);
      if (path) setFieldError(path.split('.')[0]!, e.message || e.code);
    }
  }, [error]);
  const ssrf = problem?.code === 'webhook_target_forbidden';
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('form.url')}
          description={t('form.urlHelp')}
          placeholder="https://hr.example.vn/webhooks/cadre"
          required
          type="url"
          autoComplete="off"
          {...form.getInputProps('url')}
        />
        <Checkbox.Group
          label={t('form.events')}
          description={t('form.eventsHelp')}
          required
          {...form.getInputProps('event_types')}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
            {EVENT_TYPES.map((e) => (
              <Checkbox key={e} value={e} label={t(`events.${e.replace('.', '_')}`)} description={e} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <TextInput label={t('form.description')} maxLength={300} {...form.getInputProps('description')} />
        {clients && (
          <Select
            label={t('form.client')}
            description={t('form.clientHelp')}
            placeholder={t('form.clientSelf')}
            data={clients}
            clearable
            searchable
            {...form.getInputProps('client_id')}
            onChange={(v) => form.setFieldValue('client_id', v ?? '')}
          />
        )}
        {ssrf ? (
          <Alert color="red" variant="light" title={t('form.ssrfTitle')} data-problem-code="webhook_target_forbidden">
            {t('form.ssrfText')}
          </Alert>
        ) : (
          error !== null && error !== undefined && <ProblemAlert error={error} />
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
