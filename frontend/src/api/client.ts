/**
 * The typed API client: openapi-fetch over the generated `paths`, with one middleware that adds
 * `Authorization: Bearer <access token>` and `Accept-Language`, and `call()` that turns every failure
 * into a ProblemError.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';

import { networkProblem, ProblemError, toProblem } from './problem';
import type { paths } from './schema';

export interface ClientHooks {
  /** The current access token, or null when signed out (may first renew it: a promise). */
  getAccessToken(): string | null | undefined | Promise<string | null | undefined>;
  /** The current UI language, sent as Accept-Language. */
  getLanguage(): string;
  /** Called when a request that carried a token is answered 401 (token expired or revoked). */
  onUnauthorized?(): void;
}

const hooks: ClientHooks = {
  getAccessToken: () => null,
  getLanguage: () => 'vi',
};

/** Wire the client to the auth and i18n state (done once in main.tsx; tests pass their own). */
export function configureApiClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h);
}

/** A fresh Idempotency-Key: 128 random bits as hex (getRandomValues works outside secure contexts too). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function authMiddleware(h: ClientHooks = hooks): Middleware {
  return {
    async onRequest({ request }) {
      const token = await h.getAccessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      request.headers.set('Accept-Language', h.getLanguage());
      if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
      // Every POST carries a key (API "Idempotency-Key"): a retried or doubled submit creates one resource, and
      // the server reserves the key first, so on SQLite the request takes the write lock before it reads.
      if (request.method === 'POST' && !request.headers.has('Idempotency-Key')) {
        request.headers.set('Idempotency-Key', newIdempotencyKey());
      }
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && request.headers.has('Authorization')) h.onUnauthorized?.();
      return undefined;
    },
  };
}

export type ApiClient = Client<paths>;

export function createApiClient(options: { baseUrl?: string; fetch?: typeof fetch; hooks?: ClientHooks } = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    fetch: options.fetch,
  });
  client.use(authMiddleware(options.hooks ?? hooks));
  return client;
}

/** The application's client: same origin as the SPA (the dev server proxies /api to the backend). */
export const api: ApiClient = createApiClient();

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : e instanceof Error && e.name === 'AbortError';
}

/**
 * Await an openapi-fetch call and return its data, or throw a ProblemError built from the
 * problem+json body (or from the status when the body is something else, or from the network error).
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (e) {
    if (e instanceof ProblemError || isAbort(e)) throw e;
    throw new ProblemError(networkProblem(e));
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    throw new ProblemError(
      toProblem(response.status, error, {
        statusText: response.statusText,
        requestId: response.headers.get('X-Request-ID'),
      }),
    );
  }
  return data as T;
}
