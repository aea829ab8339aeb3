import { Button, Card, Group, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { jobFileUrl } from '../../api/queries/jobs';
import type { Job } from '../../api/types';
import { DownloadButton } from '../../components/DownloadButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../lib/dates';
import { isActive, JOB_KINDS, JOB_STATUSES, percentOf, useJobList, type JobStatus } from './api';
import { jobsRoute, type JobsSearch } from './routes';

function useKindLabel() {
  const { t } = useTranslation('jobs');
  return (kind: string) => ((JOB_KINDS as readonly string[]).includes(kind) ? t(`kind.${kind}`) : t('kind.other'));
}

/** Progress of a queued or running job: a bar with its percentage (striped while the total is unknown). */
function JobBar({ job, labelId }: { job: Job; labelId: string }) {
  const { t } = useTranslation('jobs');
  const percent = percentOf(job);
  const text = percent === undefined ? t('progressUnknown') : t('progressPercent', { percent });
  return (
    <Stack gap={2} miw={140}>
      <Progress
        value={percent ?? 100}
        striped={percent === undefined}
        animated={job.status === 'running'}
        aria-labelledby={labelId}
        aria-valuetext={text}
        data-testid="job-progress"
      />
      <Text size="xs" c="dimmed">
        {text}
      </Text>
    </Stack>
  );
}

function Outcome({ job, kind }: { job: Job; kind: string }) {
  const { t } = useTranslation('jobs');
  if (job.status === 'succeeded' && job.file_url)
    return (
      <DownloadButton url={jobFileUrl(job)} fileName={job.file_name ?? 'file'} size="xs" aria-label={t('downloadOf', { kind })}>
        {t('download')}
      </DownloadButton>
    );
  if (job.status === 'failed')
    return (
      <Text size="sm" c="red.9">
        {t('failed')}
      </Text>
    );
  if (job.status === 'succeeded')
    return (
      <Text size="sm" c="dimmed">
        {t('noFile')}
      </Text>
    );
  return null;
}

/** /jobs: "Công việc nền", the user's imports, exports and report files with their progress and result files. */
export function JobsPage() {
  const search = jobsRoute.useSearch();
  const navigate = useNavigate({ from: '/jobs' });
  return (
    <JobsView
      search={search}
      onFilter={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })}
    />
  );
}

export function JobsView({
  search,
  onFilter: setFilter,
  pollMs,
}: {
  search: JobsSearch;
  onFilter(patch: JobsSearch): void;
  pollMs?: number;
}) {
  const { t } = useTranslation('jobs');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const kindLabel = useKindLabel();
  const list = useJobList(search, pollMs);
  const jobs = list.data?.pages.flatMap((p) => p.items) ?? [];
  const active = jobs.some(isActive);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('filter.status')}
          placeholder={t('filter.any')}
          data={JOB_STATUSES.map((s) => ({ value: s, label: t(`common:job.status.${s}`) }))}
          clearable
          value={search.status ?? null}
          onChange={(v) => setFilter({ status: (v ?? undefined) as JobStatus | undefined })}
          w={{ base: '100%', xs: 220 }}
        />
        <Select
          label={t('filter.kind')}
          placeholder={t('filter.any')}
          data={JOB_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          clearable
          value={search.kind ?? null}
          onChange={(v) => setFilter({ kind: v ?? undefined })}
          w={{ base: '100%', xs: 260 }}
        />
      </Group>

      {list.error ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {list.isLoading ? t('common:loading') : active ? t('polling') : t('shown', { count: jobs.length })}
      </Text>
      {!list.isLoading && !list.error && jobs.length === 0 && <Text>{t('empty')}</Text>}

      {jobs.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={720} visibleFrom="sm">
            <Table striped data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('col.kind')}</Table.Th>
                  <Table.Th scope="col">{t('col.status')}</Table.Th>
                  <Table.Th scope="col">{t('col.progress')}</Table.Th>
                  <Table.Th scope="col">{t('col.submittedAt')}</Table.Th>
                  <Table.Th scope="col">{t('col.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.map((job) => {
                  const kind = kindLabel(job.kind);
                  const labelId = `job-${job.id}-kind`;
                  return (
                    <Table.Tr key={job.id} data-job-status={job.status}>
                      <Table.Td id={labelId}>{kind}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={job.status} label={t(`common:job.status.${job.status}`)} />
                      </Table.Td>
                      <Table.Td>{isActive(job) ? <JobBar job={job} labelId={labelId} /> : job.finished_at ? t('finishedAt', { at: formatDateTime(job.finished_at) }) : null}</Table.Td>
                      <Table.Td>{formatDateTime(job.created_at)}</Table.Td>
                      <Table.Td>
                        <Outcome job={job} kind={kind} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          <Stack gap="xs" hiddenFrom="sm" data-testid="jobs-cards">
            {jobs.map((job) => {
              const kind = kindLabel(job.kind);
              const labelId = `job-${job.id}-card`;
              return (
                <Card key={job.id} withBorder padding="sm" component="article" aria-labelledby={labelId}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text fw={600} id={labelId}>
                      {kind}
                    </Text>
                    <StatusBadge status={job.status} label={t(`common:job.status.${job.status}`)} />
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('submittedAt', { at: formatDateTime(job.created_at) })}
                  </Text>
                  {isActive(job) && <JobBar job={job} labelId={labelId} />}
                  <Group mt={4}>
                    <Outcome job={job} kind={kind} />
                  </Group>
                </Card>
              );
            })}
          </Stack>
        </>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
