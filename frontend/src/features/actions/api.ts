/** Personnel actions (quyết định nhân sự): queries and mutations of this feature. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { Action, ActionCreate, ActionStatus } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';

export interface ActionListParams {
  awaiting_me?: boolean;
  status?: ActionStatus;
  cadre_id?: number;
}

export function useActions(params: ActionListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.actions.list(params),
    queryFn: ({ signal }) => call(api.GET('/api/v1/personnel-actions', { params: { query: { ...params, limit: 100 } }, signal })),
    enabled,
  });
}

export function useAction(id: number) {
  return useQuery({
    queryKey: queryKeys.actions.detail(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/personnel-actions/{action_id}', { params: { path: { action_id: id } }, signal })),
  });
}

/** The live eligibility panel: the rules for the form as it stands, recomputed when it changes. */
export function useEligibilityPreview(body: ActionCreate | undefined) {
  return useQuery({
    queryKey: queryKeys.actions.preview(body ?? {}),
    queryFn: ({ signal }) =>
      call(api.POST('/api/v1/personnel-actions/eligibility-preview', { body: body!, signal })),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateAction(form?: FormErrorsTarget) {
  return useApiMutation<ActionCreate, Action>({
    mutationFn: (body) => call(api.POST('/api/v1/personnel-actions', { body })),
    invalidate: [queryKeys.actions.all],
    form,
  });
}

export type Transition = 'submit' | 'withdraw' | 'approve' | 'reject';

export interface TransitionVars {
  id: number;
  transition: Transition;
  overrideReason?: string;
  reason?: string;
}

export function transitionRequest(v: TransitionVars): Promise<Action> {
  const path = { params: { path: { action_id: v.id } } };
  switch (v.transition) {
    case 'submit':
      return call(api.POST('/api/v1/personnel-actions/{action_id}/submit', path));
    case 'withdraw':
      return call(api.POST('/api/v1/personnel-actions/{action_id}/withdraw', path));
    case 'approve':
      return call(
        api.POST('/api/v1/personnel-actions/{action_id}/approve', {
          ...path,
          body: v.overrideReason ? { override_reason: v.overrideReason } : {},
        }),
      );
    case 'reject':
      return call(api.POST('/api/v1/personnel-actions/{action_id}/reject', { ...path, body: { reason: v.reason ?? null } }));
  }
}

export function useTransition() {
  return useApiMutation<TransitionVars, Action>({
    mutationFn: (v) => transitionRequest(v),
    invalidate: [queryKeys.actions.all, queryKeys.cadres.all, queryKeys.notifications.all],
  });
}

/** Several actions in one go (batch submit / approve / reject): one request each, stops at the first failure. */
export function useBatchTransition() {
  return useApiMutation<TransitionVars[], Action[]>({
    mutationFn: async (list) => {
      const done: Action[] = [];
      for (const v of list) done.push(await transitionRequest(v));
      return done;
    },
    invalidate: [queryKeys.actions.all, queryKeys.cadres.all],
  });
}

export interface ClearanceVars {
  cadreId: number;
  positive: boolean;
  concluded_on: string;
  concluded_by: string;
  decision_no?: string;
}

/** Record a political-clearance conclusion (the fix for a failed `political_clearance` rule). */
export function useRecordClearance(form?: FormErrorsTarget) {
  return useApiMutation<ClearanceVars, unknown>({
    mutationFn: ({ cadreId, ...body }) =>
      call(
        api.POST('/api/v1/cadres/{cadre_id}/political-clearances', {
          params: { path: { cadre_id: cadreId } },
          body: { ...body, decision_no: body.decision_no || null },
        }),
      ),
    invalidate: [queryKeys.actions.all, queryKeys.cadres.all],
    form,
  });
}
