import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** Placeholder page for a section that later issues will build. */
export function ComingSoon({ feature }: { feature: 'cadres' | 'planning' | 'reports' }) {
  const { t } = useTranslation();
  const name = t(`nav.${feature}`);
  return (
    <Card withBorder padding="lg" maw={640}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={1} size="h2">
            {name}
          </Title>
          <Badge color="gray" variant="light">
            {t('nav.comingSoon')}
          </Badge>
        </Group>
        <Text>{t('comingSoon.body')}</Text>
        <div>
          <Button component={Link} to="/units" variant="default">
            {t('comingSoon.back')}
          </Button>
        </div>
      </Stack>
    </Card>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" maw={640}>
      <Stack gap="sm">
        <Title order={1} size="h2">
          {t('notFound.title')}
        </Title>
        <Text>{t('notFound.body')}</Text>
        <div>
          <Button component={Link} to="/units" variant="default">
            {t('notFound.home')}
          </Button>
        </div>
      </Stack>
    </Card>
  );
}
