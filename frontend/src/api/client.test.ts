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
