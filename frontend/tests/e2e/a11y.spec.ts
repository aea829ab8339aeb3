import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, revealProvince, signIn } from './helpers';

test('landing page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/units');
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'landing');
});

test('units page has no serious accessibility violations', async ({ page }) => {
  await signIn(page, '/units');
  const province = await revealProvince(page);
  await province.locator(':scope > div').click();
  await expect(page.getByRole('heading', { name: 'Lịch sử tổ chức' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'units');
});

// /chair is the chair's own PWA (chair.html): its screens are checked with axe in tests/e2e/chair/chair.spec.ts.
