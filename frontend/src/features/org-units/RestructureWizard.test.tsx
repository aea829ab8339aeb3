import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Unit } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import type { UnitTypeCatalogue } from './api';
import { RESTRUCTURE_KINDS, RestructureWizard, wizardReady, type WizardDraft } from './RestructureWizard';

const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = ((input: Request) => mock(input)) as typeof fetch;
  return mock;
});

const district: Unit = {
  id: 10,
  code: 'H01',
  name: 'LĐLĐ huyện Tam Đường',
  unit_type: 'ldld_huyen',
  parent_id: 1,
  path: '/1/10/',
  depth: 1,
  sector: null,
  member_count: null,
  workforce: null,
  established_on: null,
  ended_on: null,
  version: 1,
};

const types: UnitTypeCatalogue = {
  types: [
    {
      code: 'cong_doan_co_so',
      label_vi: 'Công đoàn cơ sở',
      label_en: 'Grassroots union',
      level: 'grassroots',
      level_rank: 4,
      is_grassroots: true,
      allowed_parent_types: [{ parent_type: 'ldld_huyen', valid_from: null, valid_to: null }],
    },
  ],
  label: (code) => code,
  mayHaveChildren: () => true,
};

let posted: Record<string, unknown>[] = [];

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  // Mantine's autosize textarea listens for web fonts loading; jsdom has no document.fonts
  if (!('fonts' in document))
    Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} }, configurable: true });
  fetchMock.mockImplementation(async (req) => {
    const url = new URL(req.url);
    if (req.method === 'POST' && url.pathname === '/api/v1/units') {
      const body = (await req.json()) as Record<string, unknown>;
      posted.push(body);
      return json({ ...district, ...body, id: 99, path: '/1/10/99/', depth: 2 }, 201);
    }
    return json({ items: [], next_cursor: null });
  });
});

afterEach(() => {
  fetchMock.mockReset();
  posted = [];
});

function base(kind: WizardDraft['kind']): WizardDraft {
  return {
    kind,
    decisionNo: '12/QĐ-LĐLĐ',
    effective: '2025-07-01',
    draft: { code: 'CS1', name: 'CĐCS Trường Tiểu học', unit_type: 'cong_doan_co_so' },
    name: 'Tên mới',
    currentName: 'Tên cũ',
    newParent: 5,
    partners: [7],
    targetMode: 'new',
    targetId: undefined,
    parts: [{ code: 'A', name: 'Phần A', unit_type: null }],
    childTarget: undefined,
    hasLiveChildren: false,
  };
}

describe('wizardReady', () => {
  it('every wizard requires the decision number it marks required, and the date', () => {
    for (const kind of RESTRUCTURE_KINDS) {
      expect(wizardReady(base(kind)), kind).toBe(true);
      expect(wizardReady({ ...base(kind), decisionNo: '   ' }), kind).toBe(false);
      expect(wizardReady({ ...base(kind), effective: undefined }), kind).toBe(false);
    }
  });

  it("checks each wizard's own fields", () => {
    expect(wizardReady({ ...base('create'), draft: { code: 'X', name: '', unit_type: 'a' } })).toBe(false);
    expect(wizardReady({ ...base('rename'), name: 'Tên cũ' })).toBe(false);
    expect(wizardReady({ ...base('move'), newParent: undefined })).toBe(false);
    expect(wizardReady({ ...base('merge'), partners: [] })).toBe(false);
    expect(wizardReady({ ...base('merge'), targetMode: 'existing' })).toBe(false);
    expect(wizardReady({ ...base('split'), parts: [{ code: 'A', name: ' ', unit_type: null }] })).toBe(false);
    expect(wizardReady({ ...base('dissolve'), hasLiveChildren: true })).toBe(false);
    expect(wizardReady({ ...base('dissolve'), hasLiveChildren: true, childTarget: 3 })).toBe(true);
  });
});

describe('<RestructureWizard kind="create">', () => {
  it('asks for the decision number and sends it as decision_no', async () => {
    const onDone = vi.fn();
    const user = userEvent.setup({ delay: null });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    renderWithProviders(
      <QueryClientProvider client={client}>
        <RestructureWizard unit={district} kind="create" types={types} onClose={vi.fn()} onDone={onDone} />
      </QueryClientProvider>,
    );
    const next = await screen.findByRole('button', { name: 'Xem trước' });
    await user.click(screen.getByRole('textbox', { name: /Mã đơn vị/ }));
    await user.paste('CS-TH-01');
    await user.click(screen.getByRole('textbox', { name: /Tên đơn vị/ }));
    await user.paste('CĐCS Trường Tiểu học Bản Giang');
    expect(next).toBeDisabled(); // no decision number yet
    await user.click(screen.getByRole('textbox', { name: /Số quyết định/ }));
    await user.paste('45/QĐ-LĐLĐ');
    expect(next).toBeEnabled();
    await user.click(next);
    expect(await screen.findByTestId('wizard-preview')).toHaveTextContent('(QĐ 45/QĐ-LĐLĐ)');
    await user.click(await screen.findByRole('button', { name: /Thành lập/ }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ decision_no: '45/QĐ-LĐLĐ', code: 'CS-TH-01', parent_id: 10 });
    expect(await screen.findByTestId('wizard-done')).toBeInTheDocument();
  });
});
