import { expect, type APIRequestContext } from '@playwright/test';

import { E2E_ADMIN_CLIENT } from '../../../playwright.chair.config';

/** The server's view, for asserting what was accepted (as the bootstrap system-admin client). */
export class AdminApi {
  private token = '';

  constructor(private readonly request: APIRequestContext) {}

  async auth(): Promise<void> {
    const r = await this.request.post('/oauth/token', {
      form: { grant_type: 'client_credentials', client_id: E2E_ADMIN_CLIENT.id, client_secret: E2E_ADMIN_CLIENT.secret },
    });
    expect(r.status(), await r.text()).toBe(200);
    this.token = ((await r.json()) as { access_token: string }).access_token;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...extra };
  }

  async get<T>(path: string): Promise<T> {
    const r = await this.request.get(path, { headers: this.headers() });
    expect(r.status(), `${path}: ${await r.text()}`).toBe(200);
    return (await r.json()) as T;
  }

  async post<T>(path: string, data: unknown): Promise<T> {
    const r = await this.request.post(path, { headers: this.headers(), data });
    expect([200, 201], `${path}: ${await r.text()}`).toContain(r.status());
    return (await r.json()) as T;
  }

  async unitByName(name: string, code: string): Promise<Unit> {
    const page = await this.get<{ items: Unit[] }>(`/api/v1/units?q=${encodeURIComponent(name)}&limit=50`);
    const hit = page.items.find((u) => u.code === code);
    if (hit) return hit;
    throw new Error(`unit ${code} not found`);
  }

  async unit(id: number): Promise<Unit> {
    return this.get<Unit>(`/api/v1/units/${id}`);
  }

  /** An officer of the upper level changes the unit's figures (PATCH with the current ETag). */
  async patchUnit(id: number, body: Partial<Unit>): Promise<Unit> {
    const current = await this.request.get(`/api/v1/units/${id}`, { headers: this.headers() });
    const etag = current.headers()['etag']!;
    const r = await this.request.patch(`/api/v1/units/${id}`, { headers: this.headers({ 'If-Match': etag }), data: body });
    expect(r.status(), await r.text()).toBe(200);
    return (await r.json()) as Unit;
  }
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  member_count: number | null;
  workforce: number | null;
  version: number;
}
