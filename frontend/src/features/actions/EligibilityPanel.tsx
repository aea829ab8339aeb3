import { Alert, Card, Group, List, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Eligibility } from '../../api/types';

/** Rules an authorised approver may override with a written reason (API.md, rule 11). */
export const OVERRIDABLE_RULES = ['in_plan'] as const;

export function blockingFailures(results: readonly Eligibility[]): Eligibility[] {
  return results.filter((r) => r.blocking && !r.passed);
}

/** True when every blocking failure may be overridden (so approval with a reason is possible). */
export function onlyOverridableFailures(results: readonly Eligibility[]): boolean {
  return blockingFailures(results).every((r) => (OVERRIDABLE_RULES as readonly string[]).includes(r.rule));
}

/**
 * Each eligibility rule green or red with its reason and figures. The figures come from the server in
 * Vietnamese (the legal wording); the rule's name is translated.
 */
export function EligibilityPanel({
  results,
  loading,
  fixFor,
  headingId = 'eligibility-title',
}: {
  results: readonly Eligibility[] | undefined;
  loading?: boolean;
  /** Something the user can do right here about a failed rule (e.g. record the clearance). */
  fixFor?: (rule: Eligibility) => ReactNode;
  headingId?: string;
}) {
  const { t, i18n } = useTranslation('actions');
  const failures = blockingFailures(results ?? []);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} aria-busy={loading || undefined}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={headingId}>
            {t('eligibility.title')}
          </Title>
          {loading && <Loader size="xs" aria-label={t('common:loading')} />}
        </Group>
        {!results && !loading && <Text size="sm" c="dimmed">{t('eligibility.fillForm')}</Text>}
        {results && (
          <List spacing="xs" listStyleType="none" p={0} aria-label={t('eligibility.title')} data-testid="eligibility">
            {results.map((r) => (
              <List.Item
                key={r.rule}
                data-rule={r.rule}
                data-passed={r.passed}
                icon={
                  <ThemeIcon color={r.passed ? 'green' : r.blocking ? 'red' : 'yellow'} size={24} radius="xl" aria-hidden>
                    {r.passed ? <IconCheck size={16} /> : <IconX size={16} />}
                  </ThemeIcon>
                }
              >
                <Text size="sm" fw={600}>
                  {t(`rule.${r.rule}`, { defaultValue: t('rule.other') })}
                  {': '}
                  <Text span size="sm" fw={600} c={r.passed ? '#1e5a2b' : '#a11d1d'}>
                    {r.passed ? t('eligibility.passed') : t('eligibility.failed')}
                  </Text>
                </Text>
                <Text size="sm" lang={i18n.language === 'vi' ? undefined : 'vi'}>
                  {r.message}
                </Text>
                {!r.passed && fixFor?.(r)}
              </List.Item>
            ))}
          </List>
        )}
        {results && failures.length === 0 && (
          <Alert color="green" variant="light">
            {t('eligibility.allPassed')}
          </Alert>
        )}
        {results && failures.length > 0 && (
          <Alert color={onlyOverridableFailures(results) ? 'yellow' : 'red'} variant="light">
            {onlyOverridableFailures(results) ? t('eligibility.overridableOnly') : t('eligibility.blocked')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
