import { expect, test } from '@playwright/test';

import { checkBothSizes, expectNoSeriousA11yViolations, signIn } from './helpers';
import { ADMIN, newUserPage, OFFICER } from './ops-helpers';

const E2E_BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8765';

test('an admin registers a webhook endpoint, sees its secret once and its delivery log', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newUserPage(browser);
  await signIn(page, '/integration/webhooks', ADMIN);
  await expect(page.getByRole('heading', { level: 1, name: /Webhook/ })).toBeVisible();

  // a private address is refused, with the reason in words
  await page.getByRole('button', { name: 'Thêm điểm nhận' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Địa chỉ nhận (URL)' }).fill('http://10.1.2.3/hook');
  await dialog.getByRole('checkbox', { name: /Cập nhật hồ sơ cán bộ/ }).check();
  await dialog.getByRole('button', { name: 'Tạo điểm nhận' }).click();
  await expect(dialog.getByText('Địa chỉ nhận không được phép')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'webhook form with SSRF refusal');

  // an allowed host (CADRE_WEBHOOK_ALLOWED_HOSTS of the e2e server) is registered; the secret is shown once
  const hook = new URL('/e2e-webhook', E2E_BASE).toString();
  await dialog.getByRole('textbox', { name: 'Địa chỉ nhận (URL)' }).fill(hook);
  await dialog.getByRole('button', { name: 'Tạo điểm nhận' }).click();
  await expect(dialog.getByText('Khóa bí mật chỉ hiện một lần')).toBeVisible();
  await expect(dialog.getByTestId('webhook-secret')).toContainText('whsec_');
  await expect(dialog.getByRole('button', { name: 'Sao chép' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'webhook secret shown once');
  await dialog.getByRole('button', { name: 'Tôi đã lưu khóa' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.getByTestId('webhook-row').filter({ hasText: hook });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Đang hoạt động');
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0); // not shown again
  await checkBothSizes(page, 'webhooks', async () => {
    await expect(page.getByTestId('webhook-row').first()).toBeVisible();
  });

  // a change to a cadre queues a message for the endpoint
  await page.goto('/cadres');
  await page.getByRole('textbox', { name: 'Tìm cán bộ' }).fill('nguyen ngoc an');
  await page.getByTestId('cadre-table').getByRole('link', { name: 'Nguyễn Ngọc An' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nguyễn Ngọc An' })).toBeVisible();
  await page.getByRole('link', { name: 'Sửa', exact: true }).click();
  await page.getByRole('textbox', { name: 'Điện thoại' }).fill('0912345678');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nguyễn Ngọc An' })).toBeVisible();

  await page.goto('/integration/webhooks');
  await page.getByTestId('webhook-row').filter({ hasText: hook }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Điểm nhận webhook' })).toBeVisible();
  const delivery = page.getByTestId('delivery-row').first();
  await expect(delivery).toContainText('Cập nhật hồ sơ cán bộ');
  await expect(delivery).toContainText(/Chờ gửi|Gửi lỗi, sẽ thử lại|Đã gửi/);
  await checkBothSizes(page, 'webhook-endpoint', async () => {
    await expect(page.getByTestId('delivery-row').first()).toBeVisible();
  });

  // pausing is a PATCH with If-Match
  await page.getByRole('button', { name: 'Tạm dừng' }).click();
  await expect(page.getByText('Tạm dừng', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hoạt động trở lại' })).toBeVisible();
  await page.context().close();
});

test('an officer records a personal-data request, acknowledges and completes it', async ({ browser }) => {
  test.setTimeout(200_000);
  const page = await newUserPage(browser);
  await signIn(page, '/data-requests', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Yêu cầu của chủ thể dữ liệu cá nhân' })).toBeVisible();
  await page.getByRole('button', { name: 'Ghi nhận yêu cầu' }).click();
  const dialog = page.getByRole('dialog');
  const cadre = dialog.getByRole('combobox', { name: /Cán bộ \(chủ thể dữ liệu\)/ });
  await cadre.click();
  await cadre.fill('nguyen ngoc an');
  await page.getByRole('option', { name: /Nguyễn Ngọc An/ }).first().click();
  await expectNoSeriousA11yViolations(page, 'data-subject request form');
  await dialog.getByRole('button', { name: 'Ghi nhận', exact: true }).click();

  // the request page: deadlines, acknowledge, the export for an access request, complete
  await expect(page.getByRole('heading', { level: 1, name: 'Yêu cầu: Xem, cung cấp dữ liệu' })).toBeVisible();
  await expect(page.getByText('Mới tiếp nhận').first()).toBeVisible();
  await expect(page.getByTestId('personal-data-export')).toBeVisible();
  await checkBothSizes(page, 'data-request', async () => {
    await expect(page.getByRole('button', { name: 'Xác nhận đã nhận' })).toBeVisible();
  });
  await page.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
  await expect(page.getByText('Đã xác nhận, đang giải quyết').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('personal-data-export').click();
  expect((await download).suggestedFilename()).toMatch(/^du-lieu-ca-nhan-\d+-.*\.json$/);
  await page.getByRole('textbox', { name: 'Kết quả giải quyết' }).fill('Đã gửi bản dữ liệu cá nhân cho người yêu cầu (CV số 12/LĐLĐ).');
  await page.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
  await expect(page.getByText('Đã hoàn thành').first()).toBeVisible();

  // the register lists it among all requests
  await page.getByRole('link', { name: 'Sổ yêu cầu' }).click();
  await expect(page.getByText('Không có yêu cầu nào.')).toBeVisible(); // open requests only, by default
  await page.goto('/data-requests?status=all');
  await expect(page.getByTestId('dsr-row').filter({ hasText: 'Nguyễn Ngọc An' }).first()).toContainText('Đã hoàn thành');
  await checkBothSizes(page, 'data-requests', async () => {
    await expect(page.getByTestId('dsr-row').first()).toBeVisible();
  });
  await page.context().close();
});
