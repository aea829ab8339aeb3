import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Unit } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import type { UnitTypeCatalogue } from './api';
import { UnitTree } from './UnitTree';

function unit(id: number, name: string, unit_type: string, parent_id: number | null, counts: Partial<Unit> = {}): Unit {
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
    ...counts,
  };
}

const province = unit(1, 'Liên đoàn Lao động tỉnh Lai Châu', 'ldld_tinh', null);
// deliberately out of Vietnamese order and mixed: the tree groups children by type (catalogue order) and sorts
// each group with the vi collator (Đ after D: "Đa khoa" before "Điện lực" only by the vi rules)
const children = [
  unit(3, 'Công đoàn viên chức tỉnh', 'cong_doan_vien_chuc', 1),
  unit(5, 'Công đoàn cơ sở Điện lực', 'cong_doan_co_so', 1, { member_count: 1234, workforce: 1500, cadre_count: 7 }),
  unit(2, 'Công đoàn Giáo dục tỉnh', 'cong_doan_nganh_dia_phuong', 1),
  unit(4, 'Công đoàn cơ sở Bệnh viện Đa khoa', 'cong_doan_co_so', 1),
];
const nextPage = [unit(6, 'Công đoàn cơ sở Trường Tiểu học', 'cong_doan_co_so', 1)];

const types: UnitTypeCatalogue = {
  types: ['cong_doan_nganh_dia_phuong', 'cong_doan_vien_chuc', 'cong_doan_co_so'].map((code) => ({
    code,
    label_vi: code,
    label_en: code,
    level: 'x',
    level_rank: 1,
    is_grassroots: code === 'cong_doan_co_so',
    allowed_parent_types: [],
  })),
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
      expect(url.searchParams.get('limit')).toBe('50');
      expect(url.searchParams.get('sort')).toBe('name');
      const second = url.searchParams.get('cursor') === 'page2';
      const body = second ? { items: nextPage, next_cursor: null } : { items: children, next_cursor: 'page2' };
      return new Response(JSON.stringify(body), {
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
  it('is an ARIA tree whose nodes load their children on expand, grouped by type, each group in Vietnamese order', async () => {
    renderTree();
    const tree = screen.getByRole('tree', { name: 'Cây đơn vị' });
    const root = within(tree).getByRole('treeitem', { name: province.name });
    expect(root).toHaveAttribute('aria-expanded', 'false');
    expect(root).toHaveAttribute('aria-level', '1');
    expect(root).toHaveAttribute('tabindex', '0');

    await userEvent.click(within(root).getByTestId('tree-toggle'));

    const groups = await within(root).findAllByRole('group', { name: /^type:/ });
    expect(groups.map((g) => g.getAttribute('aria-labelledby') && document.getElementById(g.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
      'type:cong_doan_nganh_dia_phuong (1+)',
      'type:cong_doan_vien_chuc (1+)',
      'type:cong_doan_co_so (2+)',
    ]);
    const names = (g: HTMLElement) =>
      within(g)
        .getAllByRole('treeitem')
        .map((el) => el.querySelector('[id$="-label"]')?.textContent);
    expect(names(groups[2]!)).toEqual(['Công đoàn cơ sở Bệnh viện Đa khoa', 'Công đoàn cơ sở Điện lực']);
    const grassroots = within(groups[2]!).getByRole('treeitem', { name: 'Công đoàn cơ sở Điện lực' });
    expect(grassroots).toHaveAttribute('aria-posinset', '2');
    expect(grassroots).toHaveAttribute('aria-setsize', '2');
    expect(root).toHaveAttribute('aria-expanded', 'true');
    // a grassroots union cannot have subordinate units: no expand state
    expect(grassroots).not.toHaveAttribute('aria-expanded');
    // members, workforce and cadres, in vi-VN figures with words for screen readers
    const counts = within(grassroots).getByTestId('tree-counts');
    expect(counts).toHaveTextContent('1.234');
    expect(within(counts).getByText('1.234 đoàn viên')).toBeInTheDocument();
    expect(within(counts).getByText('1.500 lao động')).toBeInTheDocument();
    expect(within(counts).getByText('7 cán bộ của đơn vị')).toBeInTheDocument();
    expect(grassroots).toHaveAccessibleDescription(/1\.234 đoàn viên.*1\.500 lao động.*7 cán bộ của đơn vị/);
    const req = fetchMock.mock.calls[0]![0];
    expect(new URL(req.url).searchParams.get('parent_id')).toBe('1');
  });

  it('fetches children a page at a time: "Show more" loads the next page into its group', async () => {
    renderTree();
    const root = screen.getByRole('treeitem', { name: province.name });
    await userEvent.click(within(root).getByTestId('tree-toggle'));
    const more = await within(root).findByRole('treeitem', { name: 'Xem thêm (đã hiện 4 đơn vị)' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await userEvent.click(more);
    await waitFor(() => expect(within(root).queryByTestId('tree-more')).not.toBeInTheDocument());
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(new URL(fetchMock.mock.calls[1]![0].url).searchParams.get('cursor')).toBe('page2');
    const grassroots = within(root).getByRole('group', { name: /^type:cong_doan_co_so\s*\(3\)$/ });
    expect(within(grassroots).getAllByRole('treeitem')).toHaveLength(3);
    expect(within(root).getByRole('group', { name: /^type:cong_doan_vien_chuc\s*\(1\)$/ })).toBeInTheDocument();
  });

  it('supports the keyboard: Right expands, Down moves, Enter selects, Left goes back to the parent', async () => {
    const onSelect = renderTree();
    const root = screen.getByRole('treeitem', { name: province.name });
    root.focus();
    await userEvent.keyboard('{ArrowRight}');
    // four units and the "Show more" item
    await waitFor(() => expect(within(root).getAllByRole('treeitem')).toHaveLength(5));
    await userEvent.keyboard('{ArrowDown}');
    const first = screen.getByRole('treeitem', { name: 'Công đoàn Giáo dục tỉnh' });
    expect(first).toHaveFocus();
    expect(first).toHaveAttribute('tabindex', '0');
    expect(root).toHaveAttribute('tabindex', '-1');
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    await userEvent.keyboard('{ArrowLeft}');
    expect(root).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(root).toHaveAttribute('aria-expanded', 'false');
  });
});
