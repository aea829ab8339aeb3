import { Anchor, Card, Group, List, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconClock, IconUsersGroup } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { useRootUnits, useUnitTypes } from '../org-units/api';
import { formatCount } from '../org-units/labels';

/**
 * /chair — the phone-first page of a grassroots union chair (Chủ tịch CĐCS). For now it shows the
 * chair's own unit (the first top unit in their scope) and its member count; later issues add the
 * committee, indicator returns and training enrolment.
 */
export function ChairPage() {
  const { t, i18n } = useTranslation('chair');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const roots = useRootUnits();
  const types = useUnitTypes();
  const unit = roots.data?.[0];
  const others = (roots.data?.length ?? 0) - 1;
  const lang = i18n.resolvedLanguage ?? 'vi';

  return (
    <Stack gap="md" maw={560} mx="auto">
      <div>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Text c="dimmed">{t('subtitle')}</Text>
      </div>

      {roots.isPending && <Loader aria-label={t('common:loading')} />}
      {roots.isError && <ProblemAlert error={roots.error} onRetry={() => void roots.refetch()} />}
      {roots.data && !unit && <Text>{t('noUnit')}</Text>}

      {unit && (
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="chair-unit-name">
          <Stack gap="sm">
            <Title order={2} size="h3" id="chair-unit-name">
              {unit.name}
            </Title>
            <Text size="sm" c="dimmed">
              {unit.code} · {types.label(unit.unit_type)}
            </Text>
            <Group gap="md" wrap="nowrap" align="center" mt="xs">
              <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
                <IconUsersGroup size={28} />
              </ThemeIcon>
              <div>
                <Text size="sm" c="dimmed" id="chair-member-count-label">
                  {t('memberCount')}
                </Text>
                <Text fz={36} fw={700} lh={1.1} data-testid="member-count">
                  {formatCount(unit.member_count, lang)}
                </Text>
              </div>
            </Group>
            <Group gap="xl">
              <div>
                <Text size="xs" c="dimmed">
                  {t('workforce')}
                </Text>
                <Text fw={600}>{formatCount(unit.workforce, lang)}</Text>
              </div>
              {unit.established_on && (
                <div>
                  <Text size="xs" c="dimmed">
                    {t('establishedOn')}
                  </Text>
                  <Text fw={600}>{formatDate(unit.established_on)}</Text>
                </div>
              )}
            </Group>
            {others > 0 && (
              <Text size="sm" c="dimmed">
                {t('otherUnits', { count: others })}
              </Text>
            )}
          </Stack>
        </Card>
      )}

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="chair-upcoming">
        <Title order={2} size="h4" id="chair-upcoming" mb="sm">
          {t('upcoming.title')}
        </Title>
        <List
          spacing="xs"
          size="sm"
          icon={
            <ThemeIcon size={20} radius="xl" color="gray" variant="light" aria-hidden>
              <IconClock size={14} />
            </ThemeIcon>
          }
        >
          <List.Item>{t('upcoming.committee')}</List.Item>
          <List.Item>{t('upcoming.indicators')}</List.Item>
          <List.Item>{t('upcoming.training')}</List.Item>
          <List.Item>{t('upcoming.deadlines')}</List.Item>
        </List>
      </Card>

      <Anchor component={Link} to="/units" size="sm" py={6}>
        {t('fullView')}
      </Anchor>
    </Stack>
  );
}
