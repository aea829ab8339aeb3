import { describe, expect, it, vi } from 'vitest';

import { call, createApiClient, type ClientHooks } from './client';
import { ProblemError } from './problem';

function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType, 'X-Request-ID': 'rid-42' },
  });
}

function setup(responder: (req: Request) => Response | Promise<Response>, hooks: Partial<ClientHooks> = {}) {
  const seen: Request[] = [];
  const fetchMock = vi.fn(async (input: Request) => {
    seen.push(input);
    return responder(input);
  });
  const fullHooks: ClientHooks = { getAccessToken: () => 'tok-123', getLanguage: () => 'en', ...hooks };
  const client = createApiClient({ baseUrl: 'http://test.local', fetch: fetchMock as unknown as typeof fetch, hooks: fullHooks });
  return { client, seen, fetchMock };
}

describe('API client middleware', () => {
  it('sends the bearer token and the UI language', async () => {
    const { client, seen } = setup(() => jsonResponse(200, { items: [], next_cursor: null }));
    const page = await call(client.GET('/api/v1/units', { params: { query: { roots: true, limit: 200 } } }));
    expect(page.items).toEqual([]);
    const req = seen[0]!;
    expect(req.url).toBe('http://test.local/api/v1/units?roots=true&limit=200');
    expect(req.headers.get('Authorization')).toBe('Bearer tok-123');
    expect(req.headers.get('Accept-Language')).toBe('en');
  });

  it('gives every POST its own Idempotency-Key, keeps a caller\'s own, and sends none on a GET', async () => {
    const { client, seen } = setup(() => jsonResponse(200, { items: [] }));
    await call(client.POST('/api/v1/units/merge', { body: { source_ids: [1], target_id: 2, effective_date: '2024-06-01', decision_no: '1/QĐ' } }));
    await call(client.POST('/api/v1/units/merge', { body: { source_ids: [1], target_id: 2, effective_date: '2024-06-01', decision_no: '1/QĐ' } }));
    await call(client.POST('/api/v1/units/merge', { body: { source_ids: [1], target_id: 2, effective_date: '2024-06-01', decision_no: '1/QĐ' }, headers: { 'Idempotency-Key': 'mine-1' } }));
    await call(client.GET('/api/v1/unit-types'));
    const [a, b, own, get] = seen.map((r) => r.headers.get('Idempotency-Key'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(own).toBe('mine-1');
    expect(get).toBeNull();
  });

  it('sends no Authorization header when signed out', async () => {
    const { client, seen } = setup(() => jsonResponse(200, { items: [] }), { getAccessToken: () => null, getLanguage: () => 'vi' });
    await call(client.GET('/api/v1/unit-types'));
    expect(seen[0]!.headers.has('Authorization')).toBe(false);
    expect(seen[0]!.headers.get('Accept-Language')).toBe('vi');
  });
});

describe('call()', () => {
  it('throws a ProblemError built from a problem+json answer', async () => {
    const { client } = setup(() =>
      jsonResponse(
        404,
        { type: 'https://cadre.congdoan.vn/problems/not_found', title: 'Not found', status: 404, code: 'not_found' },
        'application/problem+json',
      ),
    );
    const err = await call(client.GET('/api/v1/units/{unit_id}', { params: { path: { unit_id: 999 } } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).problem).toMatchObject({ status: 404, code: 'not_found', title: 'Not found', requestId: 'rid-42' });
  });

  it('turns a network failure into code network_error', async () => {
    const { client } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const err = await call(client.GET('/api/v1/unit-types')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).code).toBe('network_error');
  });

  it('reports a 401 to the session when a token was sent', async () => {
    const onUnauthorized = vi.fn();
    const { client } = setup(
      () => jsonResponse(401, { type: 'x', title: 'Unauthorized', status: 401, code: 'unauthorized' }),
      { onUnauthorized },
    );
    await expect(call(client.GET('/api/v1/me'))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});
