/** Query hooks of the training screens (API.md "Training, awards, discipline"). */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

export type Course = components['schemas']['CourseRead'];
export type Enrolment = components['schemas']['EnrolmentRead'];
export type Tag = Course['tags'][number];
export type CoverageRule = components['schemas']['CoverageGaps']['rule'];
export type Programme = components['schemas']['ProgrammeRead'];
export type TrainingStatistics = components['schemas']['TrainingStatistics'];

export const TAGS: Tag[] = ['political_theory', 'union_skills', 'law', 'state_management', 'foreign_language', 'it',
  'defence_security', 'briefing'];
export const COVERAGE_RULES: CoverageRule[] = ['part_time_skills', 'key_cadres_briefed', 'grassroots_chairs_briefed',
  'nonstate_chairs_law', 'nonstate_chairs_trained'];

export const trainingKeys = {
  all: ['training'] as const,
  courses: (params: object) => ['training', 'courses', params] as const,
  course: (id: number) => ['training', 'course', id] as const,
  enrolments: (courseId: number) => ['training', 'course', courseId, 'enrolments'] as const,
  cadre: (cadreId: number) => ['training', 'cadre', cadreId] as const,
  gaps: (params: object) => ['training', 'gaps', params] as const,
  programmes: ['training', 'programmes'] as const,
  enrolment: (id: number) => ['training', 'enrolment', id] as const,
  statistics: (params: object) => ['training', 'statistics', params] as const,
};

export function useProgrammes() {
  return useQuery({
    queryKey: trainingKeys.programmes,
    queryFn: ({ signal }) => call(api.GET('/api/v1/training-programmes', { signal })),
  });
}

export function useEnrolment(id: number) {
  return useQuery({
    queryKey: trainingKeys.enrolment(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/enrolments/{enrolment_id}', { params: { path: { enrolment_id: id } }, signal })),
    enabled: id > 0,
  });
}

/** Lượt, lớp by programme, level and subject, and the budget share (#19), over a subtree and a period. */
export function useTrainingStatistics(unitId: number | undefined, from: string, to: string) {
  return useQuery({
    queryKey: trainingKeys.statistics({ unitId, from, to }),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/training/statistics', { params: { query: { unit_id: unitId!, period_start: from, period_end: to } }, signal })),
    enabled: unitId !== undefined,
  });
}

export function useCourses(params: { tag?: Tag; year?: number }) {
  return useQuery({
    queryKey: trainingKeys.courses(params),
    queryFn: ({ signal }) => call(api.GET('/api/v1/training-courses', { params: { query: { ...params, limit: 200 } }, signal })),
  });
}

export function useCourse(id: number) {
  return useQuery({
    queryKey: trainingKeys.course(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/training-courses/{course_id}', { params: { path: { course_id: id } }, signal })),
    enabled: id > 0,
  });
}

export function useCourseEnrolments(id: number) {
  return useQuery({
    queryKey: trainingKeys.enrolments(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/training-courses/{course_id}/enrolments', { params: { path: { course_id: id }, query: { limit: 200 } }, signal })),
    enabled: id > 0,
  });
}

export function useCadreEnrolments(cadreId: number) {
  return useQuery({
    queryKey: trainingKeys.cadre(cadreId),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}/enrolments', { params: { path: { cadre_id: cadreId }, query: { limit: 200 } }, signal })),
  });
}

export function useCoverageGaps(unitId: number | undefined, rule: CoverageRule, from?: string, to?: string) {
  return useQuery({
    queryKey: trainingKeys.gaps({ unitId, rule, from, to }),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/training/coverage-gaps', {
        params: { query: { unit_id: unitId!, rule, period_start: from, period_end: to, limit: 200 } }, signal,
      })),
    enabled: unitId !== undefined,
  });
}
