/**
 * Submitting or approving a planning cycle below the women (≥ 25 %) or young (≥ 15 %) targets needs an explicit
 * acknowledgement with a reason (issue 10 D8; the API answers 422 `planning_shortfall_unacknowledged` without it).
 * Pure helpers for the step form: which shares are short, the form's checks and the body the API expects.
 */
import type { CycleStructure } from '../../api/types';

export const SHARE_CHECKS = ['women_share', 'young_share'] as const;
export type ShareCheck = (typeof SHARE_CHECKS)[number];
export type Step = 'submit' | 'approve';
export const REASON_MIN = 5; // the API's min_length for shortfall_reason

export interface Shortfall {
  check: ShareCheck;
  count: number;
  total: number;
  /** The live share, 0–1 (null with no candidates). */
  share: number | null;
  /** The target as a percentage (from the server's check text "cần ≥ 25%"), when it says one. */
  target: number | undefined;
}

/** "nữ 1/4, cần ≥ 25%" → 25 */
export function targetOf(message: string): number | undefined {
  const m = /≥\s*(\d+(?:[.,]\d+)?)\s*%/.exec(message);
  return m ? Number(m[1]!.replace(',', '.')) : undefined;
}

/** The figures of a check text: "nữ 1/4, cần ≥ 25%" → {count: 1, total: 4, target: 25}. */
export function figuresOf(message: string): { count: number; total: number; target: number | undefined } | undefined {
  const m = /(\d+)\s*\/\s*(\d+)/.exec(message);
  return m ? { count: Number(m[1]), total: Number(m[2]), target: targetOf(message) } : undefined;
}

/** The acknowledged shortfalls of a frozen acknowledgement (checks and their texts, in order). */
export function acknowledged(checks: readonly string[], messages: readonly string[]): Shortfall[] {
  return checks.flatMap((check, i) => {
    const f = figuresOf(messages[i] ?? '');
    if (!isShareCheck(check) || !f) return [];
    return [{ check, count: f.count, total: f.total, share: f.total ? f.count / f.total : null, target: f.target }];
  });
}

export function isShareCheck(check: string): check is ShareCheck {
  return (SHARE_CHECKS as readonly string[]).includes(check);
}

/** The women/young checks the live structure fails, with their figures. */
export function shortfalls(s: CycleStructure | undefined): Shortfall[] {
  if (!s) return [];
  const o = s.overall;
  return s.checks.flatMap((c) => {
    if (!isShareCheck(c.check) || c.passed) return [];
    const women = c.check === 'women_share';
    return [{ check: c.check, count: women ? o.women : o.young, total: o.candidates, share: (women ? o.women_share : o.young_share) ?? null, target: targetOf(c.message) }];
  });
}

export interface StepValues {
  acknowledge_shortfall: boolean;
  shortfall_reason: string;
  decision_no: string;
}

export const emptyStep: StepValues = { acknowledge_shortfall: false, shortfall_reason: '', decision_no: '' };

/** Form checks (translation keys of the planning namespace, or null): below target, the box and a reason. */
export function validateStep(values: StepValues, short: readonly Shortfall[]): Partial<Record<keyof StepValues, string>> {
  if (short.length === 0) return {};
  const errors: Partial<Record<keyof StepValues, string>> = {};
  if (!values.acknowledge_shortfall) errors.acknowledge_shortfall = 'ack.required';
  if (values.shortfall_reason.trim().length < REASON_MIN) errors.shortfall_reason = 'ack.reasonRequired';
  return errors;
}

export interface StepBody {
  acknowledge_shortfall: boolean;
  shortfall_reason?: string;
  decision_no?: string;
}

/** The body of POST …/submit or …/approve (decision_no only on approval; the reason only with the box ticked). */
export function stepBody(step: Step, values: StepValues): StepBody {
  const body: StepBody = { acknowledge_shortfall: values.acknowledge_shortfall };
  const reason = values.shortfall_reason.trim();
  if (values.acknowledge_shortfall && reason) body.shortfall_reason = reason;
  const decision = values.decision_no.trim();
  if (step === 'approve' && decision) body.decision_no = decision;
  return body;
}

/** 0.2 → "20 %" (one decimal at most). */
export function percent(v: number | null | undefined, lang = 'vi'): string {
  if (v === null || v === undefined) return '—';
  return `${(Math.round(v * 1000) / 10).toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN')} %`;
}
