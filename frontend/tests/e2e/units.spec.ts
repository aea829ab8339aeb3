import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, OFFICER, PROVINCE, revealProvince, signIn } from './helpers';

test('sign in through the login page, land on the units page and open the province', async ({ page }) => {
  await signIn(page, '/units');
  await expect(page).toHaveURL(/\/units/);
  await expect(page.getByRole('heading', { level: 1, name: 'Đơn vị công đoàn' })).toBeVisible();

  const province = await revealProvince(page);
  await province.locator(':scope > div [data-testid="tree-toggle"]').click();
  await expect(province).toHaveAttribute('aria-expanded', 'true');
  const children = province.getByRole('group').getByRole('treeitem');
  await expect(children.first()).toBeVisible();
  expect(await children.count()).toBeGreaterThan(0);
  // children come grouped by unit type, each group named with the type and its count
  const typeGroups = province.locator(':scope > ul[role="group"] > li > ul[role="group"]');
  expect(await typeGroups.count()).toBeGreaterThan(0);
  await expect(typeGroups.first()).toHaveAccessibleName(/\S+ \(\d+\+?\)$/);
  // each node shows its members, workforce and cadres (vi-VN figures, words for screen readers)
  const counted = province.locator('[data-testid="tree-counts"]').first();
  await expect(counted).toBeVisible();
  await expect(counted).toContainText(/đoàn viên|lao động|cán bộ của đơn vị/);
  // a page at a time: "Xem thêm" loads the next page of a large branch
  const more = province.locator(':scope > ul[role="group"] > [data-testid="tree-more"]');
  if (await more.isVisible()) {
    const before = await children.count();
    await more.click();
    await expect.poll(() => children.count()).toBeGreaterThan(before - 1);
  }

  // selecting the province shows its record and history
  await province.locator(':scope > div').click();
  await expect(page).toHaveURL(/[?&]unit=\d+/);
  await expect(page.getByRole('heading', { level: 2, name: PROVINCE })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lịch sử tổ chức' })).toBeVisible();
});

test('search finds a unit without accents', async ({ page }) => {
  await signIn(page, '/units');
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('lai chau');
  const results = page.getByRole('region', { name: 'Kết quả tìm kiếm' });
  await expect(results.getByRole('button', { name: new RegExp(PROVINCE) })).toBeVisible();
});

test('signing out revokes the session and shows the landing card again', async ({ page }) => {
  await signIn(page, '/units');
  await page.getByRole('button', { name: /^Đang đăng nhập:/ }).click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByRole('tree')).toHaveCount(0);
});

test('the unit page records a year of regular funds (the base of indicator #19), with axe', async ({ page }) => {
  await signIn(page, '/units', OFFICER);
  const province = await revealProvince(page);
  await province.locator(':scope > div').first().click();
  const section = page.getByRole('region', { name: 'Kinh phí hoạt động thường xuyên' });
  await expect(section.getByRole('cell', { name: /2\.000\.000\.000 đ/ })).toBeVisible(); // the demo's current year
  const year = new Date().getFullYear() + 1;
  await section.getByRole('button', { name: 'Thêm năm' }).click();
  await section.getByRole('textbox', { name: /^Năm/ }).fill(String(year));
  await section.getByRole('textbox', { name: /^Kinh phí thường xuyên/ }).fill('2100000000');
  await section.getByRole('textbox', { name: 'Số quyết định giao dự toán' }).fill('03/QĐ-LĐLĐ');
  await section.getByRole('button', { name: 'Lưu' }).click();
  await expect(section.getByRole('cell', { name: /2\.100\.000\.000 đ/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'unit finances');
});
