/** Administration (system admins): accounts, role grants, OAuth clients, rule configuration. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { components } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';

type S = components['schemas'];

export function useAdminUsers(q: string) {
  const params = q ? { q } : {};
  return useQuery({
    queryKey: queryKeys.admin.users(params),
    queryFn: ({ signal }) => call(api.GET('/api/v1/admin/users', { params: { query: { ...params, limit: 100 } }, signal })),
    placeholderData: (prev) => prev,
  });
}

export function useAdminClients() {
  return useQuery({
    queryKey: queryKeys.admin.clients({}),
    queryFn: ({ signal }) => call(api.GET('/api/v1/admin/clients', { params: { query: { limit: 100 } }, signal })),
  });
}

const invalidateAdmin = [queryKeys.admin.all];

export function useCreateUser(form?: FormErrorsTarget) {
  return useApiMutation<S['UserCreate'], S['UserRead']>({
    mutationFn: (body) => call(api.POST('/api/v1/admin/users', { body })),
    invalidate: invalidateAdmin,
    form,
  });
}

export type UserOp = 'disable' | 'enable' | 'revoke-sessions' | 'reset-password';

export function useUserOp() {
  return useApiMutation<{ id: number; op: UserOp }, unknown>({
    mutationFn: ({ id, op }) => {
      const path = { params: { path: { user_id: id } } };
      switch (op) {
        case 'disable':
          return call(api.POST('/api/v1/admin/users/{user_id}/disable', path));
        case 'enable':
          return call(api.POST('/api/v1/admin/users/{user_id}/enable', path));
        case 'revoke-sessions':
          return call(api.POST('/api/v1/admin/users/{user_id}/revoke-sessions', path));
        case 'reset-password':
          return call(api.POST('/api/v1/admin/users/{user_id}/reset-password', { ...path, body: {} }));
      }
    },
    invalidate: invalidateAdmin,
  });
}

export function useAddGrant(form?: FormErrorsTarget) {
  return useApiMutation<S['RoleGrantCreate'], S['RoleGrantRead']>({
    mutationFn: (body) => call(api.POST('/api/v1/admin/role-grants', { body })),
    invalidate: invalidateAdmin,
    form,
  });
}

export function useEndGrant() {
  return useApiMutation<{ id: number; valid_to: string }, S['RoleGrantRead']>({
    mutationFn: ({ id, valid_to }) =>
      call(api.POST('/api/v1/admin/role-grants/{grant_id}/end', { params: { path: { grant_id: id } }, body: { valid_to } })),
    invalidate: invalidateAdmin,
  });
}

export function useCreateClient(form?: FormErrorsTarget) {
  return useApiMutation<S['ClientCreate'], S['ClientCreated']>({
    mutationFn: (body) => call(api.POST('/api/v1/admin/clients', { body })),
    invalidate: invalidateAdmin,
    form,
  });
}

export function useUpdateClient(form?: FormErrorsTarget) {
  return useApiMutation<{ client: S['ClientRead']; body: S['ClientUpdate'] }, S['ClientRead']>({
    form,
    formFields: ['name', 'scopes', 'rate_limit_per_minute', 'processing_agreement'],
    mutationFn: ({ client, body }, ctx) =>
      call(api.PATCH('/api/v1/admin/clients/{client_id}', { params: { path: { client_id: client.client_id } }, body, headers: ctx.headers })),
    versionOf: ({ client }) => client.version,
    invalidate: invalidateAdmin,
    loadCurrent: ({ client }) =>
      call(api.GET('/api/v1/admin/clients/{client_id}', { params: { path: { client_id: client.client_id } } })),
  });
}

export type ClientOp = 'disable' | 'enable' | 'rotate-secret';

export function useClientOp() {
  return useApiMutation<{ id: string; op: ClientOp }, unknown>({
    mutationFn: ({ id, op }) => {
      const path = { params: { path: { client_id: id } } };
      if (op === 'disable') return call(api.POST('/api/v1/admin/clients/{client_id}/disable', path));
      if (op === 'enable') return call(api.POST('/api/v1/admin/clients/{client_id}/enable', path));
      return call(api.POST('/api/v1/admin/clients/{client_id}/rotate-secret', path));
    },
    invalidate: invalidateAdmin,
  });
}

export function useConfiguration() {
  const authority = useQuery({
    queryKey: queryKeys.configuration.approvalAuthority,
    queryFn: ({ signal }) => call(api.GET('/api/v1/approval-authority', { signal })),
  });
  const standards = useQuery({
    queryKey: queryKeys.configuration.titleStandards,
    queryFn: ({ signal }) => call(api.GET('/api/v1/title-standards', { signal })),
  });
  const settings = useQuery({
    queryKey: queryKeys.configuration.ruleSettings,
    queryFn: ({ signal }) => call(api.GET('/api/v1/rule-settings', { signal })),
  });
  return { authority, standards, settings };
}

export function usePutAuthority() {
  return useApiMutation<S['AuthorityBody'], unknown>({
    mutationFn: (body) => call(api.PUT('/api/v1/approval-authority', { body })),
    invalidate: [queryKeys.configuration.all],
  });
}

export function usePutStandard() {
  return useApiMutation<S['TitleStandardBody'], unknown>({
    mutationFn: (body) => call(api.PUT('/api/v1/title-standards', { body })),
    invalidate: [queryKeys.configuration.all],
  });
}

export function useNewRuleSetting() {
  return useApiMutation<S['RuleSettingCreate'], unknown>({
    mutationFn: (body) => call(api.POST('/api/v1/rule-settings', { body })),
    invalidate: [queryKeys.configuration.all],
  });
}

export function useAdminUser(id: number) {
  return useQuery({
    queryKey: queryKeys.admin.user(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/admin/users/{user_id}', { params: { path: { user_id: id } }, signal })),
  });
}

/** PATCH /admin/users/{id} (name, e-mail) with If-Match; a 412 shows the other admin's version. */
export function useUpdateUser(form?: FormErrorsTarget) {
  return useApiMutation<{ user: S['UserRead']; body: S['UserUpdate'] }, S['UserRead']>({
    mutationFn: ({ user, body }, ctx) =>
      call(api.PATCH('/api/v1/admin/users/{user_id}', { params: { path: { user_id: user.id } }, body, headers: ctx.headers })),
    versionOf: ({ user }) => user.version,
    invalidate: invalidateAdmin,
    form,
    formFields: ['display_name', 'email'],
    loadCurrent: ({ user }) => call(api.GET('/api/v1/admin/users/{user_id}', { params: { path: { user_id: user.id } } })),
  });
}

export function useAdminClient(clientId: string) {
  return useQuery({
    queryKey: queryKeys.admin.client(clientId),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/admin/clients/{client_id}', { params: { path: { client_id: clientId } }, signal })),
  });
}
