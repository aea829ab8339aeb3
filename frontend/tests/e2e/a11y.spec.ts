import { expect, test } from '@playwright/test';

import { checkBothSizes, expectNoSeriousA11yViolations, revealProvince, signIn } from './helpers';
import { ADMIN, newUserPage, OFFICER } from './ops-helpers';

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

test('integration and personal-data pages have no serious accessibility violations (desktop and phone)', async ({ browser }) => {
  test.setTimeout(150_000);
  const admin = await newUserPage(browser);
  await signIn(admin, '/integration/webhooks', ADMIN);
  await checkBothSizes(admin, 'webhooks', async () => {
    await expect(admin.getByRole('heading', { level: 1, name: /Webhook/ })).toBeVisible();
  });
  await admin.goto('/admin?tab=users');
  await admin.getByRole('link', { name: 'officer', exact: true }).click();
  await checkBothSizes(admin, 'admin-user', async () => {
    await expect(admin.getByRole('heading', { level: 2, name: 'Thông tin tài khoản' })).toBeVisible();
  });
  await admin.goto('/admin?tab=clients');
  await admin.locator('a[href^="/admin/clients/"]').first().click();
  await checkBothSizes(admin, 'admin-client', async () => {
    await expect(admin.getByRole('heading', { level: 2, name: 'Tóm tắt' })).toBeVisible();
  });
  await admin.context().close();

  const officer = await newUserPage(browser);
  await signIn(officer, '/data-requests', OFFICER);
  await checkBothSizes(officer, 'data-requests', async () => {
    await expect(officer.getByRole('heading', { level: 1, name: 'Yêu cầu của chủ thể dữ liệu cá nhân' })).toBeVisible();
  });
  await officer.context().close();
});
