import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import '../../i18n';
import type { Job } from '../../api/types';
import { useStatisticsFile } from './api';

const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = ((input: Request) => mock(input)) as typeof fetch;
  return mock;
});

afterEach(() => {
  fetchMock.mockReset();
  vi.restoreAllMocks();
});

function job(status: Job['status'], over: Partial<Job> = {}): Job {
  return {
    id: 'j1', kind: 'statistics_file', status, progress: status === 'succeeded' ? 2 : 1, total: 2, result: null,
    error: null, created_at: '2026-12-07T02:05:00Z', finished_at: null, file_url: null, file_name: null, ...over,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe('useFileJob (statistics files)', () => {
  it('posts the job, follows it until it succeeds, then downloads its file exactly once', async () => {
    const created = vi.fn((_: Blob) => 'blob:report');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    let polls = 0;
    const seen: string[] = [];
    fetchMock.mockImplementation(async (req) => {
      const { pathname } = new URL(req.url);
      seen.push(`${req.method} ${pathname}`);
      if (req.method === 'POST') {
        expect(pathname).toBe('/api/v1/reports/cadre-statistics/files');
        expect(await req.json()).toEqual({ unit_id: 7, as_of: '2026-12-07', format: 'docx' });
        return json(job('queued', { progress: 0 }), 202);
      }
      if (pathname === '/api/v1/jobs/j1') {
        polls += 1;
        return json(polls < 2 ? job('running') : job('succeeded', {
          file_url: '/api/v1/jobs/j1/file', file_name: 'thong-ke-can-bo-7-2026-12-07.docx' }));
      }
      expect(pathname).toBe('/api/v1/jobs/j1/file');
      return new Response('docx', {
        headers: { 'Content-Disposition': 'attachment; filename="thong-ke-can-bo-7-2026-12-07.docx"' },
      });
    });
    const { result } = renderHook(() => useStatisticsFile(), { wrapper });
    expect(result.current.busy).toBe(false);
    act(() => result.current.start({ unit_id: 7, as_of: '2026-12-07', format: 'docx' }));
    await waitFor(() => expect(result.current.jobId).toBe('j1'));
    expect(result.current.busy).toBe(true);
    expect(result.current.variables?.format).toBe('docx');
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
    const anchor = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(anchor.download).toBe('thong-ke-can-bo-7-2026-12-07.docx');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((s) => s === 'GET /api/v1/jobs/j1/file')).toHaveLength(1); // downloaded once, not per render
  });

  it('shows a refused start (e.g. no PDF converter) as the problem, without a job', async () => {
    fetchMock.mockImplementation(async () =>
      new Response(JSON.stringify({ type: 'about:blank', title: 'PDF', status: 503, code: 'pdf_unavailable' }), {
        status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '3600' } }));
    const { result } = renderHook(() => useStatisticsFile(), { wrapper });
    act(() => result.current.start({ unit_id: 7, as_of: '2026-12-07', format: 'pdf' }));
    await waitFor(() => expect(result.current.error).not.toBeNull());
    expect(result.current.jobId).toBeUndefined();
    expect(result.current.busy).toBe(false);
  });
});
