import { expect, test, type Page } from '@playwright/test';

import { OFFICER, screenshot, screenshotBoth, signIn } from './helpers';

const SOURCE = 'Công đoàn cơ sở Trường Mầm non Quyết Thắng 7';
const PARTNER = 'Công đoàn cơ sở Trường Mầm non Quyết Thắng 119';
const MERGED = 'Công đoàn cơ sở Trường Mầm non Quyết Thắng (hợp nhất)';

/** The unit's name not followed by another digit ("… 7" must not match "… 71"). */
const exactly = (name: string) => new RegExp(`${name.replace(/[()]/g, '\\$&')}(?!\\d)`);

async function findUnit(page: Page, text: string, name: string) {
  const search = page.getByRole('searchbox', { name: 'Tìm đơn vị' });
  await search.fill(text);
  const results = page.getByRole('region', { name: 'Kết quả tìm kiếm' });
  const hit = results.getByRole('button', { name: exactly(name) }).first();
  await expect(hit).toBeVisible();
  return hit;
}

test('merge two grassroots unions in the wizard, then see the tree before and after', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, '/units', OFFICER);
  // (axe on the units page: tests/e2e/a11y.spec.ts)
  await expect(page.getByRole('heading', { level: 1, name: 'Đơn vị công đoàn' })).toBeVisible();
  await screenshotBoth(page, 'units');
  await (await findUnit(page, 'quyet thang 7', SOURCE)).click();
  await expect(page.getByRole('heading', { level: 2, name: SOURCE })).toBeVisible();

  await page.getByRole('button', { name: 'Tổ chức lại' }).click();
  await page.getByRole('menuitem', { name: 'Hợp nhất' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Số quyết định').fill('15/QĐ-LĐLĐ');
  const partner = dialog.getByRole('combobox', { name: 'Thêm đơn vị hợp nhất' });
  await partner.fill('quyet thang 119');
  await page.getByRole('option', { name: PARTNER }).click();
  await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expect(dialog.getByTestId('merge-sources')).toContainText(PARTNER);
  await dialog.getByLabel('Mã đơn vị').fill('LCU-CS-QTHN');
  await dialog.getByLabel('Tên đơn vị').fill(MERGED);
  await dialog.getByRole('button', { name: 'Xem trước', exact: true }).click();

  const preview = dialog.getByTestId('wizard-preview');
  await expect(preview.getByText(/cán bộ/).first()).toBeVisible();
  await expect(preview.getByText(/vị trí còn trống/).first()).toBeVisible();
  await screenshot(page, 'merge-wizard');
  await preview.getByRole('button', { name: 'Hợp nhất' }).click();
  await expect(dialog.getByTestId('wizard-done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Xem đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 2, name: MERGED })).toBeVisible();
  await expect(page.getByTestId('history-words').first()).toContainText('Tiếp nhận do hợp nhất');

  // today: the merged unit exists and the source has ended (today's tree no longer lists it)
  await findUnit(page, 'hop nhat', MERGED);
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('quyet thang 7');
  const results = page.getByRole('region', { name: 'Kết quả tìm kiếm' });
  await expect(results.getByRole('button').first()).toBeVisible();
  await expect(results.getByRole('button', { name: exactly(SOURCE) })).toHaveCount(0);

  // as of 01/07/2025 (before the merger): the source is alive and the merged unit does not exist yet
  await page.getByRole('button', { name: '01/07/2025' }).click();
  await expect(page).toHaveURL(/as_of=2025-07-01/);
  const before = await findUnit(page, 'quyet thang 7', SOURCE);
  await expect(before).not.toContainText('đã kết thúc');
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('hop nhat');
  await expect(page.getByText('Không tìm thấy đơn vị phù hợp.')).toBeVisible();
  await screenshotBoth(page, 'units-as-of');
});

test('the create wizard needs the decision number and records it in the new unit\'s history', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/units', OFFICER);
  await (await findUnit(page, 'lai chau', 'Liên đoàn Lao động tỉnh Lai Châu')).click();
  await page.getByRole('button', { name: 'Tổ chức lại' }).click();
  await page.getByRole('menuitem', { name: 'Thành lập đơn vị trực thuộc' }).click();
  const dialog = page.getByRole('dialog');
  const name = `Công đoàn cơ sở Trường kiểm thử ${Date.now() % 100000}`;
  await dialog.getByLabel('Mã đơn vị').fill(`LCU-CS-T${Date.now() % 100000}`);
  await dialog.getByRole('textbox', { name: /^Loại đơn vị/ }).or(dialog.getByRole('combobox', { name: /^Loại đơn vị/ })).first().click();
  await page.getByRole('option', { name: 'Công đoàn cơ sở', exact: true }).click();
  await dialog.getByLabel('Tên đơn vị').fill(name);
  const next = dialog.getByRole('button', { name: 'Xem trước', exact: true });
  await expect(next).toBeDisabled(); // the decision number is required
  await dialog.getByLabel('Số quyết định').fill('27/QĐ-LĐLĐ');
  await expect(next).toBeEnabled();
  await next.click();
  await expect(dialog.getByTestId('wizard-preview')).toContainText('27/QĐ-LĐLĐ');
  await dialog.getByTestId('wizard-preview').getByRole('button', { name: 'Thành lập' }).click();
  await expect(dialog.getByTestId('wizard-done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Xem đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Quyết định số 27/QĐ-LĐLĐ')).toBeVisible();
});
