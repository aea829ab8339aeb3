import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

import { checkBothSizes, OFFICER, signIn } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test('an Excel import that fails shows the per-cell report and the marked workbook, then a fixed file commits', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/cadres/import', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập cán bộ từ Excel' })).toBeVisible();

  const template = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải mẫu Excel' }).click();
  expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);

  // 1. a file with errors: nothing is saved, every bad cell is listed, the marked workbook can be downloaded
  await page.locator('input[type="file"]').setInputFiles(fixture('import-errors.xlsx'));
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  const errors = page.getByTestId('import-errors');
  await expect(errors).toBeVisible({ timeout: 30_000 });
  await expect(errors.getByRole('row')).toHaveCount(4); // header + 3 bad cells
  await expect(page.getByRole('button', { name: /^Ghi \d+ cán bộ$/ })).toBeDisabled();
  const report = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải bảng tính đã đánh dấu lỗi' }).click();
  expect((await report).suggestedFilename()).toMatch(/-loi\.xlsx$/);
  await checkBothSizes(page, 'cadre-import-errors', async () => {
    await expect(page.getByTestId('import-errors')).toBeVisible();
  });

  // 2. the fixed file passes the check and is committed
  await page.locator('input[type="file"]').setInputFiles(fixture('import-ok.xlsx'));
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await expect(page.getByTestId('import-check-ok')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Ghi 2 cán bộ' }).click();
  await expect(page.getByTestId('import-done')).toContainText('Đã ghi 2 cán bộ', { timeout: 30_000 });

  // the new cadres are found by their unaccented names
  await page.getByRole('link', { name: 'Xem danh sách cán bộ' }).click();
  await page.getByRole('textbox', { name: 'Tìm cán bộ' }).fill('giang thi may');
  await expect(page.getByTestId('cadre-table').getByRole('link', { name: 'Giàng Thị Mẩy' })).toBeVisible();

  // the finished import waits on the home dashboard and reopens its result
  await page.getByRole('navigation').getByRole('link', { name: 'Trang chủ' }).click();
  const waiting = page.getByTestId('waiting-list');
  await waiting.getByRole('link', { name: 'Nhập Excel xong: đã tạo 2 cán bộ' }).first().click();
  await expect(page).toHaveURL(/\/cadres\/import\?job=/);
  await expect(page.getByTestId('import-done')).toContainText('Đã ghi 2 cán bộ', { timeout: 30_000 });
});
