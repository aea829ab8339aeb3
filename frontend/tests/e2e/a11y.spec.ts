import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, OFFICER, revealProvince, signIn } from './helpers';

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
] as const) {
  test(`${path} has no serious accessibility violations`, async ({ page }) => {
    await signIn(page, path, OFFICER);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await expectNoSeriousA11yViolations(page, path);
  });
}
