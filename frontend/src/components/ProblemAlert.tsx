import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { asProblem, problemMessage, type Translator } from '../api/problem';
import { fieldMessage } from './mutation';

export interface ProblemAlertProps {
  error: unknown;
  onRetry?: () => void;
  /** Heading; defaults to the generic "could not complete the request". */
  title?: string;
  /** Labels of the form's fields, so `errors[]` name the field as the user sees it. */
  fieldLabels?: Record<string, string>;
}

/** Shows any API failure (a ProblemError from problem+json, a network error, anything thrown). */
export function ProblemAlert({ error, onRetry, title, fieldLabels }: ProblemAlertProps) {
  const { t, i18n } = useTranslation('errors');
  const problem = asProblem(error);
  const translator: Translator = {
    exists: (key) => i18n.exists(key),
    t: (key, options) => String(i18n.t(key, options)),
  };
  const message = problemMessage(problem, translator);
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t('title')}
      icon={<IconAlertTriangle aria-hidden size={20} />}
      data-problem-code={problem.code}
    >
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {problem.detail && problem.detail !== message && (
          <Text size="sm" c="dimmed">
            {problem.detail}
          </Text>
        )}
        {problem.errors.length > 0 && (
          <List size="sm" aria-label={t('fieldErrors')}>
            {problem.errors.map((e, i) => (
              <List.Item key={`${e.field}-${i}`}>
                {e.field && e.field !== 'body' && (
                  <Text span fw={600} size="sm">
                    {fieldLabels?.[e.field.replace(/^body\./, '')] ?? e.field}:{' '}
                  </Text>
                )}
                {fieldMessage(e, (k) => String(i18n.t(k)), (k) => i18n.exists(k))}
              </List.Item>
            ))}
          </List>
        )}
        {problem.requestId && (
          <Text size="xs" c="dimmed">
            {t('requestId', { id: problem.requestId })}
          </Text>
        )}
        {onRetry && (
          <div>
            <Button size="sm" variant="default" onClick={onRetry}>
              {t('common:retry')}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
