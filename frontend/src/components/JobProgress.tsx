import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { jobFileUrl, useJob } from '../api/queries/jobs';
import { DownloadButton } from './DownloadButton';

/** A job's progress bar, its outcome, and its file when it has one. */
export function JobProgress({ jobId, fileLabel }: { jobId: string; fileLabel?: string }) {
  const { t } = useTranslation();
  const job = useJob(jobId).data;
  if (!job) return <Text size="sm">{t('loading')}</Text>;
  const percent = job.total ? Math.round((100 * job.progress) / job.total) : job.status === 'succeeded' ? 100 : job.progress;
  return (
    <Stack gap="xs" aria-live="polite">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {t(`job.status.${job.status}`)}
        </Text>
        <Text size="sm" c="dimmed">
          {percent}%
        </Text>
      </Group>
      <Progress value={percent} aria-label={t('job.progress')} color={job.status === 'failed' ? 'red' : 'blue'} />
      {job.status === 'failed' && (
        <Alert color="red" variant="light">
          {job.error ?? t('job.failed')}
        </Alert>
      )}
      {job.status === 'succeeded' && (job.file_url || job.file_name) && (
        <DownloadButton url={jobFileUrl(job)} fileName={job.file_name ?? 'file'}>
          {fileLabel ?? t('job.download')}
        </DownloadButton>
      )}
    </Stack>
  );
}
