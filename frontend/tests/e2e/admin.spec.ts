import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { ADMIN, newUserPage, PHONE, shot } from './ops-helpers';

test('an admin manages accounts, signs a user out everywhere and sees the audit trail', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await newUserPage(browser);
  await signIn(page, '/admin', ADMIN);
  await expect(page.getByRole('heading', { level: 1, name: 'Quản trị hệ thống' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'officer', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'admin users');
  await shot(page, 'admin-users');
  await page.getByRole('button', { name: 'Quản lý tài khoản chair' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
  await expect(dialog.getByRole('status')).toContainText('Đã đăng xuất');
  await expectNoSeriousA11yViolations(page, 'admin user dialog');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Ứng dụng kết nối' }).click();
  await expect(page.getByRole('button', { name: 'Đăng ký ứng dụng' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'admin clients');
  await shot(page, 'admin-clients');
  await page.getByRole('tab', { name: 'Cấu hình quy định' }).click();
  await expect(page.getByRole('heading', { name: 'Phân cấp phê duyệt' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'admin settings');
  await shot(page, 'admin-settings');

  await page.getByRole('link', { name: 'Nhật ký' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Đăng xuất khỏi mọi thiết bị' }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'audit');
  await shot(page, 'audit');
  await page.context().close();

  const phone = await newUserPage(browser, PHONE);
  await signIn(phone, '/admin', ADMIN);
  await expect(phone.getByRole('heading', { level: 1, name: 'Quản trị hệ thống' })).toBeVisible();
  await expectNoSeriousA11yViolations(phone, 'admin (phone)');
  await shot(phone, 'admin-users');
  await phone.context().close();
});
