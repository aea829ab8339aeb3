/** Webhook endpoints (issue 15): subscriptions of other systems to changes, their secrets and delivery log. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { components } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';

type S = components['schemas'];
export type WebhookEndpoint = S['WebhookEndpointRead'];
export type WebhookEndpointSecret = S['WebhookEndpointSecret'];
export type WebhookDelivery = S['WebhookDeliveryRead'];
export type WebhookEventType = S['WebhookEndpointCreate']['event_types'][number];

/** Every event type a subscriber may choose, in the order the form shows them. */
export const EVENT_TYPES: readonly WebhookEventType[] = [
  'cadre.created',
  'cadre.updated',
  'cadre.deleted',
  'unit.created',
  'unit.updated',
  'unit.restructured',
  'personnel_action.effective',
  'report_request.due',
];

/** The delivery states as users read them: a pending message that already failed is "failed, will retry". */
export type DeliveryState = 'pending' | 'failed' | 'delivered' | 'dead';

export function deliveryState(d: Pick<WebhookDelivery, 'status' | 'attempts'>): DeliveryState {
  if (d.status === 'succeeded') return 'delivered';
  if (d.status === 'dead') return 'dead';
  return d.attempts > 0 ? 'failed' : 'pending';
}

/** `client:abc` → {kind: 'client', id: 'abc'}; `user:7` → {kind: 'user', id: '7'}. */
export function ownerOf(owner: string): { kind: 'client' | 'user' | 'other'; id: string } {
  const [kind, ...rest] = owner.split(':');
  const id = rest.join(':');
  return kind === 'client' || kind === 'user' ? { kind, id } : { kind: 'other', id: owner };
}

/** A URL the server may accept: http(s), a host, no credentials (the server also refuses private addresses). */
export function urlProblem(value: string): 'required' | 'invalid' | 'credentials' | null {
  const v = value.trim();
  if (!v) return 'required';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'invalid';
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !u.hostname) return 'invalid';
  if (u.username || u.password) return 'credentials';
  return null;
}

export function useWebhookEndpoints() {
  return useQuery({
    queryKey: queryKeys.webhooks.list,
    queryFn: ({ signal }) => call(api.GET('/api/v1/webhook-endpoints', { params: { query: { limit: 200 } }, signal })),
  });
}

export function useWebhookEndpoint(id: number) {
  return useQuery({
    queryKey: queryKeys.webhooks.detail(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/webhook-endpoints/{endpoint_id}', { params: { path: { endpoint_id: id } }, signal })),
  });
}

export type DeliveryFilter = 'all' | 'pending' | 'succeeded' | 'dead';

export function useWebhookDeliveries(id: number, status: DeliveryFilter) {
  return useQuery({
    queryKey: queryKeys.webhooks.deliveries(id, status),
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/webhook-endpoints/{endpoint_id}/deliveries', {
          params: { path: { endpoint_id: id }, query: { limit: 100, ...(status === 'all' ? {} : { status }) } },
          signal,
        }),
      ),
    refetchInterval: 15_000,
  });
}

export function useCreateWebhookEndpoint(form?: FormErrorsTarget) {
  return useApiMutation<S['WebhookEndpointCreate'], WebhookEndpointSecret>({
    mutationFn: (body) => call(api.POST('/api/v1/webhook-endpoints', { body })),
    invalidate: [queryKeys.webhooks.all],
    form,
    formFields: ['url', 'event_types', 'description', 'client_id'],
  });
}

export function useUpdateWebhookEndpoint(form?: FormErrorsTarget) {
  return useApiMutation<{ endpoint: WebhookEndpoint; body: S['WebhookEndpointUpdate'] }, WebhookEndpoint>({
    mutationFn: ({ endpoint, body }, ctx) =>
      call(
        api.PATCH('/api/v1/webhook-endpoints/{endpoint_id}', {
          params: { path: { endpoint_id: endpoint.id } },
          body,
          headers: ctx.headers,
        }),
      ),
    versionOf: ({ endpoint }) => endpoint.version,
    invalidate: [queryKeys.webhooks.all],
    form,
    formFields: ['url', 'event_types', 'description'],
    loadCurrent: ({ endpoint }) =>
      call(api.GET('/api/v1/webhook-endpoints/{endpoint_id}', { params: { path: { endpoint_id: endpoint.id } } })),
  });
}

export function useDeleteWebhookEndpoint() {
  return useApiMutation<WebhookEndpoint, unknown>({
    mutationFn: (endpoint, ctx) =>
      call(
        api.DELETE('/api/v1/webhook-endpoints/{endpoint_id}', {
          params: { path: { endpoint_id: endpoint.id } },
          headers: ctx.headers,
        }),
      ),
    versionOf: (endpoint) => endpoint.version,
    invalidate: [queryKeys.webhooks.all],
  });
}

export function useRotateWebhookSecret() {
  return useApiMutation<number, WebhookEndpointSecret>({
    mutationFn: (id) =>
      call(api.POST('/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret', { params: { path: { endpoint_id: id } } })),
    invalidate: [queryKeys.webhooks.all],
  });
}

export function useRetryDelivery() {
  return useApiMutation<{ endpointId: number; deliveryId: number }, WebhookDelivery>({
    mutationFn: ({ endpointId, deliveryId }) =>
      call(
        api.POST('/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry', {
          params: { path: { endpoint_id: endpointId, delivery_id: deliveryId } },
        }),
      ),
    invalidate: [queryKeys.webhooks.all],
  });
}
