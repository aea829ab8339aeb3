import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { useFileJob } from '../../api/queries/jobs';
import { queryKeys } from '../../api/queries/keys';
import type { CadreStatistics, Job } from '../../api/types';
import { useApiMutation } from '../../components/mutation';

/** GET /api/v1/reports/cadre-statistics for a unit's subtree as of a date. */
export function useCadreStatistics(unitId: number | undefined, asOf: string) {
  return useQuery({
    queryKey: queryKeys.reports.statistics(unitId ?? -1, asOf),
    queryFn: ({ signal }): Promise<CadreStatistics> =>
      call(api.GET('/api/v1/reports/cadre-statistics', { params: { query: { unit_id: unitId!, as_of: asOf } }, signal })) as Promise<CadreStatistics>,
    enabled: unitId !== undefined && asOf !== '',
  });
}

export interface ReviewVars {
  unit_id: number;
  period_start: string;
  period_end: string;
}

/** POST /api/v1/reports/review → 202 + job (the review report, báo cáo sơ kết/tổng kết). */
export function useStartReview() {
  return useApiMutation<ReviewVars, Job>({
    mutationFn: (body) => call(api.POST('/api/v1/reports/review', { body })),
  });
}

export interface StatisticsFileVars {
  unit_id: number;
  as_of: string;
  format: 'xlsx' | 'docx' | 'pdf';
}

/** POST /api/v1/reports/cadre-statistics/files → 202 + job: the report file, made by the worker, then downloaded. */
export function useStatisticsFile() {
  return useFileJob((body: StatisticsFileVars) => call(api.POST('/api/v1/reports/cadre-statistics/files', { body })));
}
