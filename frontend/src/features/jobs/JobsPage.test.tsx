import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Job } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { percentOf } from './api';
import { JobsView } from './JobsPage';
import { validateJobsSearch } from './routes';

const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = ((input: Request) => mock(input)) as typeof fetch;
  return mock;
});

afterEach(() => fetchMock.mockReset());

function job(id: string, over: Partial<Job>): Job {
  return {
    id,
    kind: 'cadre_import',
    status: 'succeeded',
    progress: 0,
    total: null,
    result: null,
    error: null,
    created_at: '2026-12-07T02:05:00Z',
    finished_at: null,
    file_url: null,
    file_name: null,
    ...over,
  };
}

describe('jobs screen helpers', () => {
  it('validates its search parameters', () => {
    expect(validateJobsSearch({ status: 'running', kind: 'cadre_export' })).toEqual({ status: 'running', kind: 'cadre_export' });
    expect(validateJobsSearch({ status: 'done', kind: 'DROP TABLE' })).toEqual({});
  });

  it('turns progress into a percentage, unknown without a total', () => {
    expect(percentOf({ status: 'running', progress: 30, total: 120 })).toBe(25);
    expect(percentOf({ status: 'running', progress: 3, total: null })).toBeUndefined();
    expect(percentOf({ status: 'succeeded', progress: 0, total: null })).toBe(100);
  });
});

describe('<JobsView>', () => {
  it('lists kinds in words, status badges, a progress bar while running (polling until done) and the download', async () => {
    let calls = 0;
    let finished = false;
    fetchMock.mockImplementation(async (req) => {
      expect(new URL(req.url).pathname).toBe('/api/v1/jobs');
      calls += 1;
      const running = !finished;
      const items = [
        job('a1', {
          kind: 'statistics_file',
          status: running ? 'running' : 'succeeded',
          progress: running ? 1 : 4,
          total: 4,
          file_url: running ? null : '/api/v1/jobs/a1/file',
          file_name: running ? null : 'thong-ke.xlsx',
        }),
        job('b2', { kind: 'some_future_kind', status: 'failed', error: 'internal_error' }),
        job('c3', { kind: 'cadre_export', file_url: '/api/v1/jobs/c3/file', file_name: 'can-bo.xlsx' }),
      ];
      return new Response(JSON.stringify({ items, next_cursor: null }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    renderWithProviders(
      <QueryClientProvider client={client}>
        <JobsView search={{}} onFilter={vi.fn()} pollMs={50} />
      </QueryClientProvider>,
    );
    const table = await screen.findByTestId('jobs-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual([
      'Tệp báo cáo thống kê',
      'Công việc khác',
      'Xuất danh sách cán bộ',
    ]);
    expect(table).not.toHaveTextContent('some_future_kind');
    expect(table).not.toHaveTextContent('internal_error');
    expect(within(rows[0]!).getByText('Đang xử lý')).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('progressbar')).toHaveAttribute('aria-valuetext', '25%');
    expect(within(rows[1]!).getByText('Lỗi')).toBeInTheDocument();
    expect(rows[0]!).toHaveTextContent('07/12/2026');
    expect(within(rows[2]!).getByRole('button', { name: 'Tải tệp: Xuất danh sách cán bộ' })).toBeInTheDocument();
    await waitFor(() => expect(calls).toBeGreaterThan(1)); // polled while running
    finished = true;
    // once it has finished its file can be downloaded and polling stops
    await waitFor(() =>
      expect(within(screen.getByTestId('jobs-table')).getByRole('button', { name: 'Tải tệp: Tệp báo cáo thống kê' })).toBeInTheDocument(),
    );
    const settled = calls;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(settled);
  });
});
