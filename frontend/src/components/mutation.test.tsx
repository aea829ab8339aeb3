import { MantineProvider } from '@mantine/core';
import { useForm } from '@mantine/form';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { ProblemError, toProblem } from '../api/problem';
import '../i18n';
import { applyFieldErrors, etagOf, formPath, useApiMutation } from './mutation';
import { isActive, visibleNav, type NavEntry } from './nav';

function wrapper(client: QueryClient) {
  return ({ children }: { children: ReactNode }) => (
    <MantineProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}

describe('mutation helper', () => {
  it('builds the ETag the server sends for a version', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it('maps API field paths to form paths, keeping unknown fields for the alert', () => {
    expect(formPath('body.birth_date')).toBe('birth_date');
    expect(formPath('birth_date', ['birth_date'])).toBe('birth_date');
    expect(formPath('unit_id', ['birth_date'])).toBeUndefined();
    expect(formPath('body')).toBeUndefined();
    const set = vi.fn();
    const rest = applyFieldErrors(
      { setFieldError: set, clearErrors: vi.fn() },
      [
        { field: 'given_name', code: 'required', message: 'x' },
        { field: 'national_id', code: 'duplicate_cadre', message: 'y' },
      ],
      (p) => p.code,
      ['given_name'],
    );
    expect(set).toHaveBeenCalledWith('given_name', 'required');
    expect(rest.map((r) => r.field)).toEqual(['national_id']);
  });

  it('sends If-Match from the cached version and invalidates the given keys', async () => {
    const client = new QueryClient();
    client.setQueryData(['cadres', 'detail', 1], { id: 1, version: 4 });
    client.setQueryData(['cadres', 'list', {}], { pages: [] });
    const seen: Record<string, string>[] = [];
    const { result } = renderHook(
      () =>
        useApiMutation({
          mutationFn: async (_vars: { id: number }, ctx) => {
            seen.push(ctx.headers);
            return { id: 1, version: 5 };
          },
          versionOf: (v) => client.getQueryData<{ version: number }>(['cadres', 'detail', v.id])?.version,
          invalidate: [['cadres', 'list']],
          setData: (_d, v) => ['cadres', 'detail', v.id],
        }),
      { wrapper: wrapper(client) },
    );
    await act(() => result.current.mutateAsync({ id: 1 }));
    expect(seen).toEqual([{ 'If-Match': '"4"' }]);
    expect(client.getQueryState(['cadres', 'list', {}])?.isInvalidated).toBe(true);
    expect(client.getQueryData(['cadres', 'detail', 1])).toEqual({ id: 1, version: 5 });
  });

  it('puts errors[] under the form inputs and exposes a 412 conflict with both versions', async () => {
    const client = new QueryClient();
    const { result } = renderHook(
      () => {
        const form = useForm({ initialValues: { given_name: '', phone: '' } });
        const m = useApiMutation({
          mutationFn: async (vars: { given_name: string; status: number }) => {
            throw new ProblemError(
              toProblem(vars.status, {
                title: 't',
                code: vars.status === 412 ? 'precondition_failed' : 'validation_error',
                status: vars.status,
                errors: vars.status === 422 ? [{ field: 'given_name', code: 'required', message: 'Field required' }] : [],
              }),
            );
          },
          form,
          loadCurrent: async () => ({ given_name: 'Bình', version: 9 }),
        });
        return { form, m };
      },
      { wrapper: wrapper(client) },
    );
    await act(async () => {
      await result.current.m.mutateAsync({ given_name: '', status: 422 }).catch(() => undefined);
    });
    expect(result.current.form.errors.given_name).toBe('Bắt buộc nhập');
    await act(async () => {
      await result.current.m.mutateAsync({ given_name: 'An', status: 412 }).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.m.conflict).not.toBeNull());
    expect(result.current.m.conflict).toEqual({ theirs: { given_name: 'Bình', version: 9 }, mine: { given_name: 'An', status: 412 } });
  });
});

describe('navigation registry', () => {
  const entries: NavEntry[] = [
    { group: 'workspace', to: '/', labelKey: 'a', icon: (() => null) as never, exact: true },
    { group: 'people', to: '/cadres', labelKey: 'b', icon: (() => null) as never, permission: 'cadres:read' },
    { group: 'admin', to: '/admin', labelKey: 'c', icon: (() => null) as never, permission: ['admin', 'audit:read'] },
    { group: 'mobile', to: '/chair', labelKey: 'd', icon: (() => null) as never, roles: ['grassroots_chair'] },
  ];

  it("shows only the entries the user's permissions and roles allow, grouped", () => {
    const viewer = { can: (p: string) => ['cadres:read', 'admin'].includes(p), roles: ['org_officer'] };
    const groups = visibleNav(viewer, entries);
    expect(groups.map((g) => g.group)).toEqual(['workspace', 'people']);
    const chair = visibleNav({ can: () => false, roles: ['grassroots_chair'] }, entries);
    expect(chair.flatMap((g) => g.entries.map((e) => e.to))).toEqual(['/', '/chair']);
  });

  it('marks the current page (exact for the home entry)', () => {
    expect(isActive(entries[0]!, '/units')).toBe(false);
    expect(isActive(entries[1]!, '/cadres/12')).toBe(true);
  });
});
