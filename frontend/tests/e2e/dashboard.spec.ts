import { expect, test } from '@playwright/test';

import { CHAIR, checkBothSizes, OFFICER, signIn } from './helpers';

test('officer lands on the dashboard of the province with counts and shares', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan' })).toBeVisible();
  const counts = page.getByTestId('dashboard-counts');
  await expect(counts.getByText('Công đoàn cơ sở')).toBeVisible();
  await expect(counts.getByText('Tỷ lệ nữ')).toBeVisible();
  await checkBothSizes(page, 'dashboard', async () => {
    await expect(page.getByTestId('dashboard-counts')).toBeVisible();
  });
  // the menu follows the officer's permissions: no approval inbox, no administration
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Cán bộ', exact: true })).toBeVisible();
});

test('a user whose only role is grassroots chair lands on /chair', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
  const password = page.locator('input[name="password"]');
  await page.locator('input[name="username"]').fill(CHAIR.username);
  await password.fill(CHAIR.password);
  await page.locator('form').filter({ has: password }).locator('[type="submit"]').first().click();
  await page.waitForURL((url) => url.pathname === '/chair', { timeout: 20_000 });
  // the chair's own phone app (chair.html) was loaded, not a page of the officer app
  await expect(page.locator('link[rel="manifest"]')).toHaveCount(1);
  await expect(page.locator('#root')).not.toBeEmpty();
  expect(await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'))).toMatch(/\/assets\/chair-/);
});

test('switching language translates the workspace, including the server’s error titles', async ({ page }) => {
  await signIn(page, '/cadres', OFFICER);
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cadres' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Home' })).toBeVisible();
  // the session survives a reload (refresh token in IndexedDB): the 404 comes back in English
  await page.goto('/cadres/999999999');
  await expect(page.getByRole('alert')).toContainText('Not found');
  await page.getByText('VI', { exact: true }).click();
  await page.getByRole('link', { name: 'Cán bộ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cán bộ' })).toBeVisible();
});
