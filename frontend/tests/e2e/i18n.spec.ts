import { expect, test } from '@playwright/test';

import { DEMO_USER, finishSignIn } from './helpers';

test('switching to English changes the UI language, <html lang> and Accept-Language', async ({ page }) => {
  await page.goto('/units');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();

  await page.getByText('EN', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Union Cadre Registry' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in' }).click();

  // the choice survives the round trip through the login page
  const password = page.locator('input[name="password"]');
  await page.locator('input[name="username"]').fill(DEMO_USER.username);
  await password.fill(DEMO_USER.password);
  const apiRequest = page.waitForRequest((r) => r.url().includes('/api/v1/units'));
  await page.locator('form').filter({ has: password }).locator('[type="submit"]').first().click();
  await finishSignIn(page, '/units');

  await expect(page.getByRole('heading', { level: 1, name: 'Union units' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Units' })).toBeVisible();
  expect((await apiRequest).headers()['accept-language']).toBe('en');

  await page.getByText('VI', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đơn vị công đoàn' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});
