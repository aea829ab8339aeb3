/** Self-declarations sent by cadres (the grassroots chair from the phone), confirmed section by section. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { queryKeys } from '../../api/queries/keys';
import { useApiMutation } from '../../components/mutation';

export type Declaration = components['schemas']['SelfDeclarationRead'];
export type DeclarationStatus = Declaration['status'];

export const declarationKeys = { all: ['self-declarations'] as const };

export function useDeclarations(status: DeclarationStatus | 'all', cadreId?: number) {
  return useQuery({
    queryKey: [...declarationKeys.all, status, cadreId ?? null],
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/self-declarations', {
          params: { query: { status: status === 'all' ? undefined : status, cadre_id: cadreId, limit: 200 } },
          signal,
        }),
      ),
  });
}

interface DecideVars {
  id: number;
  version: number;
  decision: 'confirm' | 'reject';
  note: string | null;
}

export function useDecideDeclaration() {
  return useApiMutation<DecideVars, Declaration>({
    mutationFn: ({ id, decision, note }, ctx) =>
      decision === 'confirm'
        ? call(api.POST('/api/v1/self-declarations/{declaration_id}/confirm', { params: { path: { declaration_id: id } }, body: { note }, headers: ctx.headers }))
        : call(api.POST('/api/v1/self-declarations/{declaration_id}/reject', { params: { path: { declaration_id: id } }, body: { note }, headers: ctx.headers })),
    versionOf: (vars) => vars.version,
    // confirming writes the cadre's record: its profile queries refresh too
    invalidate: [declarationKeys.all, queryKeys.cadres.all],
    loadCurrent: ({ id }) => call(api.GET('/api/v1/self-declarations/{declaration_id}', { params: { path: { declaration_id: id } } })),
  });
}
