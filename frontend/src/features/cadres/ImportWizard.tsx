import { Alert, Anchor, Badge, Button, Card, FileInput, Group, Progress, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { IconCheck, IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { downloadFile } from '../../lib/download';
import { isFinished, jobFileUrl, jobPercent, useJob } from '../../api/queries/jobs';
import { queryKeys } from '../../api/queries/keys';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';

interface CellError {
  row: number;
  column: string;
  code: string;
  message: string;
}

interface ImportResult {
  mode: 'dry_run' | 'commit';
  rows: number;
  error_count: number;
  errors: CellError[];
  created: number;
}

const importRoute = getRouteApi('/cadres/import');

function asResult(value: unknown): ImportResult | undefined {
  if (!value || typeof value !== 'object' || !('rows' in value)) return undefined;
  return value as ImportResult;
}

/**
 * Excel import: 1 template → 2 upload and check (a dry run job; per-cell errors and the marked workbook) →
 * 3 commit (all or nothing) → done. A file with errors sends the user back to step 2 with the report.
 */
export function ImportWizard() {
  const { t } = useTranslation('cadres');
  const [file, setFile] = useState<File | null>(null);
  const reopened = importRoute.useSearch().job;
  const [checkJob, setCheckJob] = useState<string | undefined>(reopened);
  const [commitJob, setCommitJob] = useState<string>();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const queryClient = useQueryClient();

  const start = useApiMutation({
    mutationFn: async (vars: { file: File; mode: 'dry_run' | 'commit' }) => {
      const body = new FormData();
      body.append('file', vars.file);
      return call(
        api.POST('/api/v1/cadres/imports', {
          params: { query: { mode: vars.mode } },
          body: body as unknown as never,
          bodySerializer: (b) => b as unknown as FormData,
        }),
      );
    },
    onSuccess: (job, vars) => (vars.mode === 'dry_run' ? setCheckJob(job.id) : setCommitJob(job.id)),
  });

  const check = useJob(checkJob);
  const commit = useJob(commitJob);
  useEffect(() => {
    // a reopened job that was a commit belongs to step 3, not to the check
    if (reopened && check.data?.id === reopened && asResult(check.data.result)?.mode === 'commit') {
      setCommitJob(reopened);
      setCheckJob(undefined);
    }
  }, [reopened, check.data]);
  const checkResult = asResult(check.data?.result);
  const commitResult = asResult(commit.data?.result);
  const checkedOk = isFinished(check.data) && checkResult !== undefined && checkResult.error_count === 0;
  const committed = commit.data?.status === 'succeeded' && (commitResult?.created ?? 0) > 0;
  useEffect(() => {
    // New cadres exist: every cadre list is stale.
    if (committed) void queryClient.invalidateQueries({ queryKey: queryKeys.cadres.all });
  }, [committed, queryClient]);

  const active = committed ? 3 : checkedOk ? 2 : file || checkJob ? 1 : 0;

  async function download(url: string, name: string) {
    setDownloadError(null);
    try {
      await downloadFile(url, name);
    } catch (e) {
      setDownloadError(e);
    }
  }

  function reset() {
    setFile(null);
    setCheckJob(undefined);
    setCommitJob(undefined);
    start.reset();
  }

  const errors = (commitResult?.error_count ? commitResult : checkResult)?.errors ?? [];
  const reportJob = commitResult?.error_count ? commit.data : check.data;

  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2">
        {t('import.title')}
      </Title>
      <Stepper active={active} size="sm" orientation="horizontal" allowNextStepsSelect={false}>
        <Stepper.Step label={t('import.step.template')} />
        <Stepper.Step label={t('import.step.check')} />
        <Stepper.Step label={t('import.step.commit')} />
        <Stepper.Completed>{null}</Stepper.Completed>
      </Stepper>
      {downloadError !== null && <ProblemAlert error={downloadError} />}

      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">
            1. {t('import.step.template')}
          </Title>
          <Text size="sm">{t('import.templateHint')}</Text>
          <Button
            variant="default"
            w="fit-content"
            leftSection={<IconDownload aria-hidden size={16} />}
            onClick={() => void download('/api/v1/cadres/import-template', 'mau-nhap-can-bo.xlsx')}
          >
            {t('import.downloadTemplate')}
          </Button>
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h4">
            2. {t('import.step.check')}
          </Title>
          <Group align="flex-end" gap="sm">
            <FileInput
              label={t('import.file')}
              placeholder={t('import.filePlaceholder')}
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              leftSection={<IconFileSpreadsheet aria-hidden size={16} />}
              value={file}
              onChange={(f) => {
                setFile(f);
                setCheckJob(undefined);
                setCommitJob(undefined);
                start.reset();
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('import.clearFile') }}
              w={{ base: '100%', sm: 360 }}
            />
            <Button
              leftSection={<IconUpload aria-hidden size={16} />}
              disabled={!file || committed}
              loading={start.isPending && start.variables?.mode === 'dry_run'}
              onClick={() => file && start.mutate({ file, mode: 'dry_run' })}
            >
              {t('import.check')}
            </Button>
          </Group>
          {start.error !== null && <ProblemAlert error={start.error} />}
          {check.data && !isFinished(check.data) && (
            <Stack gap={4} role="status">
              <Text size="sm">{t('import.checking', { done: check.data.progress, total: check.data.total ?? '…' })}</Text>
              <Progress value={jobPercent(check.data) ?? 100} animated={jobPercent(check.data) === undefined} aria-label={t('import.progress')} />
            </Stack>
          )}
          {check.error ? <ProblemAlert error={check.error} /> : null}
          {checkedOk && checkResult && (
            <Alert color="green" icon={<IconCheck aria-hidden size={18} />} data-testid="import-check-ok">
              {t('import.checkedOk', { count: checkResult.rows })}
            </Alert>
          )}
          {errors.length > 0 && (
            <Stack gap="xs" data-testid="import-errors">
              <Alert color="red" title={t('import.hasErrors', { count: errors.length })}>
                {t('import.fixAndRetry')}
              </Alert>
              {reportJob && (reportJob.file_url || reportJob.file_name) && (
                <Button
                  variant="default"
                  w="fit-content"
                  leftSection={<IconDownload aria-hidden size={16} />}
                  onClick={() => void download(jobFileUrl(reportJob), reportJob.file_name ?? 'loi-nhap.xlsx')}
                >
                  {t('import.downloadReport')}
                </Button>
              )}
              <Table striped withTableBorder layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('import.row')}</Table.Th>
                      <Table.Th scope="col">{t('import.column')}</Table.Th>
                      <Table.Th scope="col">{t('import.message')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {errors.slice(0, 200).map((e, i) => (
                      <Table.Tr key={`${e.row}-${e.column}-${i}`}>
                        <Table.Td>{e.row}</Table.Td>
                        <Table.Td>
                          <Badge variant="light" color="red">
                            {e.column}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
              </Table>
              {errors.length > 200 && <Text size="sm">{t('import.moreErrors', { count: errors.length - 200 })}</Text>}
            </Stack>
          )}
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h4">
            3. {t('import.step.commit')}
          </Title>
          <Text size="sm">{t('import.commitHint')}</Text>
          <Button
            w="fit-content"
            disabled={!checkedOk || !file || committed}
            loading={(start.isPending && start.variables?.mode === 'commit') || (commit.data !== undefined && !isFinished(commit.data))}
            onClick={() => file && start.mutate({ file, mode: 'commit' })}
          >
            {t('import.commit', { count: checkResult?.rows ?? 0 })}
          </Button>
          {commit.data && !isFinished(commit.data) && (
            <Progress value={jobPercent(commit.data) ?? 100} animated aria-label={t('import.progress')} />
          )}
          {committed && commitResult && (
            <Alert color="green" icon={<IconCheck aria-hidden size={18} />} data-testid="import-done">
              <Stack gap={4}>
                <Text size="sm">{t('import.done', { count: commitResult.created })}</Text>
                <Group gap="md">
                  <Anchor component={Link} to="/cadres">
                    {t('import.toList')}
                  </Anchor>
                  <Anchor component="button" type="button" onClick={reset}>
                    {t('import.again')}
                  </Anchor>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
