import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server shows only once (a webhook `whsec_` secret, an OAuth client secret, a temporary
 * password): the value, a copy button, and the warning that it cannot be shown again.
 */
export function SecretOnce({ label, secret, testId }: { label: string; secret: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('secret.title')}
      icon={<IconKey aria-hidden size={20} />}
      styles={{ title: { color: '#5c3c00' }, icon: { color: '#5c3c00' } }}
    >
      <Stack gap="xs">
        <Text size="sm">{t('secret.warning')}</Text>
        <Text size="sm" fw={600}>{label}</Text>
        <Code block data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                size="sm"
                variant={copied ? 'light' : 'filled'}
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck aria-hidden size={16} /> : <IconCopy aria-hidden size={16} />}
                onClick={copy}
              >
                {copied ? t('secret.copied') : t('secret.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
