import { expect as baseExpect, test } from '@playwright/test';

import { checkBothSizes, OFFICER, signIn } from './helpers';
import { APPROVER, newUserPage, pick } from './ops-helpers';

const expect = baseExpect.configure({ timeout: 30_000 });
const UNIT = 'Công đoàn xã Tân Phong';
/** A man of 53 in a grassroots union under the commune union (backend/app/seed): women 0/1, young 0/1. */
const CANDIDATE = 'Đỗ Quang Sơn';

test('a cycle below the women and young targets is submitted and approved only with an acknowledgement and its reason, kept in the frozen list', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await newUserPage(browser);
  await signIn(page, '/planning', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Quy hoạch cán bộ' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: /^Đơn vị/ })).not.toHaveValue('');
  await pick(page, /^Đơn vị/, 'tan phong', new RegExp(`^${UNIT}`));
  const name = `Quy hoạch BCH ${UNIT} nhiệm kỳ 2026–2031`;
  await page.getByRole('textbox', { name: /^Quy hoạch/ }).fill(name);
  await page.getByRole('button', { name: 'Lập quy hoạch', exact: true }).click();
  await expect(page).toHaveURL(/\/planning\/\d+$/, { timeout: 20_000 });
  const cycleUrl = new URL(page.url()).pathname;

  // one candidate: a man over 40, so both shares are below their targets
  await pick(page, /^Cán bộ/, 'do quang son', new RegExp(CANDIDATE));
  await pick(page, /^Chức danh/, 'Chủ tịch', /^Chủ tịch$/);
  await page.getByRole('button', { name: 'Bổ sung', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Chủ tịch' }).getByText(CANDIDATE)).toBeVisible();

  // submitting asks for the acknowledgement, with the figures against the targets
  await page.getByRole('button', { name: 'Trình phê duyệt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trình phê duyệt quy hoạch' });
  const short = dialog.getByTestId('shortfall-list');
  await expect(short.getByText('Tỷ lệ nữ: 0 % (0/1 người) — chỉ tiêu ≥ 25 %')).toBeVisible();
  await expect(short.getByText('Tỷ lệ trẻ: 0 % (0/1 người) — chỉ tiêu ≥ 15 %')).toBeVisible();
  await dialog.getByRole('button', { name: 'Trình', exact: true }).click();
  await expect(dialog.getByText('Cần đánh dấu xác nhận khi cơ cấu chưa đạt chỉ tiêu.')).toBeVisible();
  await expect(dialog.getByText('Nhập lý do (ít nhất 5 ký tự).')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /Tôi xác nhận/ }).check();
  await dialog.getByRole('textbox', { name: /^Lý do chưa đạt chỉ tiêu/ }).fill('Đơn vị mới thành lập, chưa có nguồn cán bộ nữ, cán bộ trẻ.');
  await dialog.getByRole('button', { name: 'Trình', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Đã trình', { exact: true }).first()).toBeVisible();
  const frozen = page.getByTestId('frozen-snapshot');
  await expect(frozen.getByText(/^Xác nhận khi trình — /)).toBeVisible();
  await expect(frozen.getByText('Đơn vị mới thành lập, chưa có nguồn cán bộ nữ, cán bộ trẻ.')).toBeVisible();
  await expect(frozen.getByText('Tỷ lệ nữ: 0 % (0/1 người) — chỉ tiêu ≥ 25 %')).toBeVisible();
  await page.context().close();

  // the approver (upper level) approves with the decision number, again acknowledging the shortfall
  const approver = await newUserPage(browser);
  await signIn(approver, cycleUrl, APPROVER);
  await approver.getByRole('button', { name: 'Phê duyệt (chốt danh sách)' }).click();
  const approve = approver.getByRole('dialog', { name: 'Phê duyệt quy hoạch (chốt danh sách)' });
  await expect(approve.getByTestId('shortfall-list').getByText(/^Tỷ lệ nữ: 0 %/)).toBeVisible();
  await approve.getByRole('checkbox', { name: /Tôi xác nhận/ }).check();
  await approve.getByRole('textbox', { name: /^Lý do chưa đạt chỉ tiêu/ }).fill('Chấp thuận, bổ sung cán bộ nữ khi rà soát quý I.');
  await approve.getByRole('textbox', { name: 'Số quyết định phê duyệt' }).fill('15/QĐ-LĐLĐ');
  await approve.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await expect(approve).toHaveCount(0);
  await expect(approver.getByText('Đã phê duyệt', { exact: true }).first()).toBeVisible();
  await expect(approver.getByText('15/QĐ-LĐLĐ')).toBeVisible();
  const snapshot = approver.getByTestId('frozen-snapshot');
  await expect(snapshot.getByText(/^Cơ cấu của danh sách được phê duyệt/)).toBeVisible();
  await expect(snapshot.getByText(/^Xác nhận khi trình — /)).toBeVisible();
  await expect(snapshot.getByText(/^Xác nhận khi phê duyệt — /)).toBeVisible();
  await expect(snapshot.getByText('Chấp thuận, bổ sung cán bộ nữ khi rà soát quý I.')).toBeVisible();
  await checkBothSizes(approver, 'planning-cycle', async () => {
    await expect(approver.getByTestId('frozen-snapshot')).toBeVisible();
  });

  // the list flags the acknowledged shortfall
  await approver.getByRole('link', { name: /Quy hoạch cán bộ$/ }).first().click();
  const row = approver.getByRole('row').filter({ hasText: name }).first();
  await expect(row.getByText('Đã xác nhận: Tỷ lệ nữ, Tỷ lệ trẻ')).toBeVisible();
  await approver.context().close();
});
