import { expect, test } from '@playwright/test';

import { checkBothSizes, OFFICER, signIn } from './helpers';

// The demo seed raises a task for the rotation that ends within the notice period (rotation_ending).
test('officer sees a task, opens it and resolves it with a decision note', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/tasks', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Việc cần xử lý' })).toBeVisible();
  const table = page.getByTestId('tasks-table');
  const row = table.getByRole('row').filter({ hasText: 'Sắp hết thời hạn luân chuyển, biệt phái' }).first();
  await expect(row).toBeVisible();
  await expect(table.getByText('rotation_ending')).toHaveCount(0); // labels, never raw codes
  await checkBothSizes(page, 'tasks', async () => {
    await expect(page.getByTestId('tasks-table')).toBeVisible();
  });

  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  const taskPath = new URL(page.url()).pathname;
  await expect(page.getByText('Phát sinh từ')).toBeVisible();
  await expect(page.getByRole('link', { name: /Quyết định luân chuyển của/ })).toBeVisible();
  await page.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.getByText('Cần ghi ý kiến xử lý')).toBeVisible(); // a decision note is required
  await page.getByLabel('Không cần xử lý').check();
  await page.getByRole('textbox', { name: /Ý kiến xử lý/ }).fill('Đã gia hạn luân chuyển theo QĐ 95/QĐ-LĐLĐ');
  await checkBothSizes(page, 'task-detail', async () => {
    await expect(page.getByRole('button', { name: 'Ghi nhận' })).toBeVisible();
  });
  await page.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả xử lý' })).toBeVisible();
  await expect(page.getByText('Đã gia hạn luân chuyển theo QĐ 95/QĐ-LĐLĐ')).toBeVisible();
  await expect(page.getByText('Không cần xử lý').first()).toBeVisible();

  await page.getByRole('link', { name: 'Danh sách việc cần xử lý' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Việc cần xử lý' })).toBeVisible();
  // the resolved task has left the open list (other specs may have raised tasks of their own)
  await expect(page.getByTestId('tasks-table').or(page.getByText('Không có việc nào phù hợp.'))).toBeVisible();
  await expect(page.locator(`a[href="${taskPath}"]`)).toHaveCount(0);
});
