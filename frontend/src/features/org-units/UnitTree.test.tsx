import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Unit } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import type { UnitTypeCatalogue } from './api';
import { UnitTree } from './UnitTree';

function unit(id: number, name: string, unit_type: string, parent_id: number | null): Unit {
  return {
    id,
    code: `U${id}`,
    name,
    unit_type,
    parent_id,
    path: `/${id}/`,
    depth: parent_id === null ? 0 : 1,
    sector: null,
    member_count: null,
    workforce: null,
    established_on: null,
    ended_on: null,
    version: 1,
  };
}

const province = unit(1, 'Liên đoàn Lao động tỉnh Lai Châu', 'ldld_tinh', null);
// deliberately out of Vietnamese order: the tree sorts children with the vi collator
const children = [
  unit(3, 'Công đoàn viên chức tỉnh', 'cong_doan_vien_chuc', 1),
  unit(2, 'Công đoàn Giáo dục tỉnh', 'cong_doan_nganh_dia_phuong', 1),
  unit(4, 'Công đoàn cơ sở Bệnh viện Đa khoa', 'cong_doan_co_so', 1),
];

const types: UnitTypeCatalogue = {
  types: [],
  label: (code) => `type:${code}`,
  mayHaveChildren: (code) => code !== 'cong_doan_co_so',
};

// The API client keeps a reference to fetch from when it is created (at import), so route it
// through a mock installed before any import runs.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = ((input: Request) => mock(input)) as typeof fetch;
  return mock;
});

beforeEach(() => {
  fetchMock.mockImplementation(async (req) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/v1/units' && url.searchParams.get('parent_id') === '1') {
      expect(url.searchParams.get('limit')).toBe('200');
      return new Response(JSON.stringify({ items: children, next_cursor: null }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(JSON.stringify({ items: [], next_cursor: null }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
});

afterEach(() => {
  fetchMock.mockReset();
});

function Harness({ onSelect }: { onSelect: (u: Unit) => void }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [focused, setFocused] = useState<number | undefined>();
  return (
    <UnitTree
      roots={[province]}
      expanded={expanded}
      onToggle={(id, open) =>
        setExpanded((prev) => {
          const next = new Set(prev);
          if (open) next.add(id);
          else next.delete(id);
          return next;
        })
      }
      onSelect={onSelect}
      types={types}
      focusedId={focused}
      onFocusChange={setFocused}
    />
  );
}

function renderTree(onSelect = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderWithProviders(
    <QueryClientProvider client={client}>
      <Harness onSelect={onSelect} />
    </QueryClientProvider>,
  );
  return onSelect;
}

describe('<UnitTree>', () => {
  it('is an ARIA tree whose nodes load their children on expand, sorted in Vietnamese order', async () => {
    renderTree();
    const tree = screen.getByRole('tree', { name: 'Cây đơn vị' });
    const root = within(tree).getByRole('treeitem', { name: province.name });
    expect(root).toHaveAttribute('aria-expanded', 'false');
    expect(root).toHaveAttribute('aria-level', '1');
    expect(root).toHaveAttribute('tabindex', '0');

    await userEvent.click(within(root).getByTestId('tree-toggle'));

    const group = await within(root).findByRole('group');
    const names = within(group)
      .getAllByRole('treeitem')
      .map((el) => el.textContent);
    expect(names.map((n) => n?.split('type:')[0])).toEqual([
      'Công đoàn cơ sở Bệnh viện Đa khoa',
      'Công đoàn Giáo dục tỉnh',
      'Công đoàn viên chức tỉnh',
    ]);
    expect(root).toHaveAttribute('aria-expanded', 'true');
    // a grassroots union cannot have subordinate units: no expand state
    expect(within(group).getByRole('treeitem', { name: 'Công đoàn cơ sở Bệnh viện Đa khoa' })).not.toHaveAttribute(
      'aria-expanded',
    );
    const req = fetchMock.mock.calls[0]![0];
    expect(new URL(req.url).searchParams.get('parent_id')).toBe('1');
  });

  it('supports the keyboard: Right expands, Down moves, Enter selects, Left goes back to the parent', async () => {
    const onSelect = renderTree();
    const root = screen.getByRole('treeitem', { name: province.name });
    root.focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(within(root).getAllByRole('treeitem')).toHaveLength(3));
    await userEvent.keyboard('{ArrowDown}');
    const first = screen.getByRole('treeitem', { name: 'Công đoàn cơ sở Bệnh viện Đa khoa' });
    expect(first).toHaveFocus();
    expect(first).toHaveAttribute('tabindex', '0');
    expect(root).toHaveAttribute('tabindex', '-1');
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 4 }));
    await userEvent.keyboard('{ArrowLeft}');
    expect(root).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(root).toHaveAttribute('aria-expanded', 'false');
  });
});
