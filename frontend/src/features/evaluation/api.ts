/** Query hooks of the evaluation screens (API.md "Evaluation"). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

export type Cycle = components['schemas']['EvaluationCycleRead'];
export type Evaluation = components['schemas']['EvaluationRead'];
export type Level = NonNullable<Evaluation['level']>;
export type RuleSet = components['schemas']['RuleSetRead'];
export type MyEvaluation = components['schemas']['MyEvaluation'];
export type EvaluationComment = components['schemas']['CommentRead'];

export type UnitRatingFact = NonNullable<Evaluation['unit_rating']>;

/** Names the levels as the cycle's rule set does (QĐ 124 or QĐ 366, rule 19), in the UI language; the locale's
 * names when the set has none. */
export function useLevelLabel(cycle: Pick<Cycle, 'level_names'> | undefined): (level: Level) => string {
  const { t, i18n } = useTranslation('evaluation');
  const en = (i18n.resolvedLanguage ?? i18n.language ?? 'vi').startsWith('en');
  return (level) => cycle?.level_names?.[level]?.[en ? 1 : 0] ?? t(`level.${level}`);
}

export const LEVELS: Level[] = ['hoan_thanh_xuat_sac', 'hoan_thanh_tot', 'hoan_thanh', 'khong_hoan_thanh'];
export const STEPS = ['pending', 'self_assessed', 'commented', 'proposed', 'decided', 'published'] as const;

export const evaluationKeys = {
  all: ['evaluation'] as const,
  cycles: ['evaluation', 'cycles'] as const,
  cycle: (id: number) => ['evaluation', 'cycle', id] as const,
  evaluations: (cycleId: number) => ['evaluation', 'cycle', cycleId, 'evaluations'] as const,
  evaluation: (id: number) => ['evaluation', 'evaluation', id] as const,
  ruleSets: ['evaluation', 'rule-sets'] as const,
  cadreResults: (cadreId: number) => ['evaluation', 'cadre', cadreId] as const,
  mine: ['evaluation', 'mine'] as const,
  comments: (id: number) => ['evaluation', 'evaluation', id, 'comments'] as const,
};

/** The signed-in cadre's own evaluations (their account is linked to a cadre: `GET /me` → `cadre_id`). */
export function useMyEvaluations(enabled = true) {
  return useQuery({
    queryKey: evaluationKeys.mine,
    queryFn: ({ signal }) => call(api.GET('/api/v1/me/evaluations', { signal })),
    enabled,
    refetchOnMount: 'always', // the officer and the authority move the steps on
  });
}

/** Peer and subordinate comments on an evaluation (anonymous where the cycle says so). */
export function useEvaluationComments(id: number, enabled = true) {
  return useQuery({
    queryKey: evaluationKeys.comments(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/evaluations/{evaluation_id}/comments', { params: { path: { evaluation_id: id } }, signal })),
    enabled: enabled && id > 0,
  });
}

export function useCycles() {
  return useQuery({
    queryKey: evaluationKeys.cycles,
    queryFn: ({ signal }) => call(api.GET('/api/v1/evaluation-cycles', { params: { query: { limit: 200 } }, signal })),
  });
}

export function useCycle(id: number) {
  return useQuery({
    queryKey: evaluationKeys.cycle(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/evaluation-cycles/{cycle_id}', { params: { path: { cycle_id: id } }, signal })),
    enabled: id > 0,
    refetchOnMount: 'always', // several people act on one cycle: opening the board shows their steps
  });
}

export function useCycleEvaluations(id: number) {
  return useQuery({
    queryKey: evaluationKeys.evaluations(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/evaluation-cycles/{cycle_id}/evaluations', { params: { path: { cycle_id: id }, query: { limit: 200 } }, signal })),
    enabled: id > 0,
    refetchOnMount: 'always',
  });
}

export function useEvaluation(id: number) {
  return useQuery({
    queryKey: evaluationKeys.evaluation(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/evaluations/{evaluation_id}', { params: { path: { evaluation_id: id } }, signal })),
    enabled: id > 0,
  });
}

export function useRuleSets() {
  return useQuery({
    queryKey: evaluationKeys.ruleSets,
    queryFn: ({ signal }) => call(api.GET('/api/v1/evaluation-rule-sets', { signal })),
    staleTime: 10 * 60_000,
  });
}

export function useCadreEvaluationResults(cadreId: number) {
  return useQuery({
    queryKey: evaluationKeys.cadreResults(cadreId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/cadres/{cadre_id}/evaluations', { params: { path: { cadre_id: cadreId } }, signal })),
  });
}

/** Σ weight × score / Σ weight, as the server computes it (rounded to 2 decimals). */
export function weightedScore(criteria: { code: string; weight: number }[], scores: Record<string, number | undefined>): number | undefined {
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  if (total <= 0 || criteria.some((c) => scores[c.code] === undefined)) return undefined;
  const acc = criteria.reduce((s, c) => s + c.weight * (scores[c.code] ?? 0), 0);
  return Math.round((acc / total) * 100) / 100;
}

/** The level of a score under a rule set's bands (rule 19: 89.9 is hoan_thanh_tot). */
export function levelFor(score: number, rs: Pick<RuleSet, 'band_excellent' | 'band_good' | 'band_pass'>): Level {
  if (score >= rs.band_excellent) return 'hoan_thanh_xuat_sac';
  if (score >= rs.band_good) return 'hoan_thanh_tot';
  if (score >= rs.band_pass) return 'hoan_thanh';
  return 'khong_hoan_thanh';
}
