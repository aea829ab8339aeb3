import { expect, test } from '@playwright/test';

import { checkBothSizes, expectNoSeriousA11yViolations, OFFICER, PHONE, revealProvince, signIn } from './helpers';
import { ADMIN, newUserPage } from './ops-helpers';

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

test('tasks page has no serious accessibility violations', async ({ page }) => {
  await signIn(page, '/tasks', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Việc cần xử lý' })).toBeVisible();
  await expect(page.getByTestId('tasks-table').or(page.getByText('Không có việc nào phù hợp.'))).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'tasks');
});

test('data-quality page has no serious accessibility violations', async ({ page }) => {
  await signIn(page, '/units/data-quality', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Chất lượng dữ liệu' })).toBeVisible();
  await expect(page.getByTestId('data-quality-table').or(page.getByText('Không có đơn vị nào sai loại'))).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'data quality');
});

// /chair is the chair's own PWA (chair.html): its screens are checked with axe in tests/e2e/chair/chair.spec.ts.

test('plan detail page has no serious accessibility violations, desktop and phone', async ({ page }) => {
  await signIn(page, '/plans', OFFICER);
  await page.getByRole('textbox', { name: /^Trích yếu/ }).fill(`Kế hoạch kiểm tra a11y ${Date.now()}`);
  await page.getByRole('button', { name: 'Tạo', exact: true }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Chỉ tiêu', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'plan detail');
  await page.setViewportSize(PHONE);
  await expectNoSeriousA11yViolations(page, 'plan detail (phone)');
});

test('planning cycle detail page has no serious accessibility violations, desktop and phone', async ({ page }) => {
  await signIn(page, '/planning', OFFICER);
  // the unit defaults to the top of the officer's grants once their profile has loaded
  await expect(page.getByRole('combobox', { name: /^Đơn vị/ })).not.toHaveValue('');
  await page.getByRole('textbox', { name: /^Quy hoạch/ }).fill(`Quy hoạch kiểm tra ${Date.now()}`);
  await page.getByRole('button', { name: 'Lập quy hoạch', exact: true }).click();
  await expect(page).toHaveURL(/\/planning\/\d+$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Chưa có người trong quy hoạch.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'planning cycle detail');
  await page.setViewportSize(PHONE);
  await expectNoSeriousA11yViolations(page, 'planning cycle detail (phone)');
});

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

// Issue 11's pages (their feature specs check them at both sizes too): the cadre's own self-assessment page and
// the officer's rotation programme, training programmes and training statistics.
test("the cadre's own self-assessment page has no serious accessibility violations", async ({ page }) => {
  await signIn(page, '/me/evaluations', { username: 'canbo', password: 'demo1234' });
  await expect(page.getByRole('heading', { level: 1, name: 'Tự đánh giá của tôi' })).toBeVisible();
  await expect(page.getByText(/Hằng năm — \d{4}/).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'my-evaluations');
});

for (const [path, heading] of [
  ['/rotations', 'Luân chuyển, điều động cán bộ'],
  ['/training/programmes', 'Chương trình đào tạo, bồi dưỡng'],
  ['/training/statistics', 'Thống kê đào tạo, bồi dưỡng'],
  ['/units/committee-changes', 'Đề nghị thay đổi ban chấp hành'],
  ['/cadres/self-declarations', 'Hồ sơ tự kê khai'],
] as const) {
  test(`${path} has no serious accessibility violations`, async ({ page }) => {
    await signIn(page, path, OFFICER);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await expectNoSeriousA11yViolations(page, path);
  });
}
