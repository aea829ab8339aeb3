import { expect as baseExpect, test } from '@playwright/test';

import { checkBothSizes, PROVINCE, signIn } from './helpers';

const PERSON = 'Nguyễn Ngọc An';

// The shared machine is slow while eight engineers build and test: give each flow room.
test.describe.configure({ timeout: 300_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

test('a cycle runs end to end: self-assessment → decision → publication, and the result is on the cadre history', async ({ page }) => {
  await signIn(page, '/evaluation');
  await expect(page.getByRole('heading', { level: 1, name: 'Đánh giá, xếp loại cán bộ' })).toBeVisible();
  await checkBothSizes(page, 'evaluation-board', async () => {
    await expect(page.getByText('Hằng năm — 2025')).toBeVisible();
  });

  // a new ad hoc cycle over the province
  await page.getByRole('button', { name: 'Tạo kỳ đánh giá' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Đơn vị').fill('Lai Châu');
  await page.getByRole('option', { name: PROVINCE }).click();
  await dialog.getByLabel('Loại kỳ đánh giá').click();
  await page.getByRole('option', { name: 'Đột xuất' }).click();
  await dialog.getByLabel(/^Kỳ \(ví dụ/).fill('Trước bổ nhiệm');
  await dialog.getByRole('button', { name: 'Tạo kỳ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đột xuất — Trước bổ nhiệm' })).toBeVisible();

  // add the cadre, who fills in the self-assessment
  await page.getByLabel('Tìm cán bộ theo tên').fill('nguyen ngoc an');
  await page.getByRole('button', { name: `Thêm ${PERSON}` }).first().click();
  const row = page.getByRole('row').filter({ hasText: PERSON }).first();
  await expect(row.getByText('Chưa tự đánh giá')).toBeVisible();
  await row.getByRole('link', { name: 'Tự đánh giá' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Phiếu tự đánh giá' })).toBeVisible();
  await page.getByRole('textbox', { name: /Phẩm chất chính trị/ }).fill('95');
  await page.getByRole('textbox', { name: /Năng lực, uy tín/ }).fill('90');
  await page.getByRole('textbox', { name: /Kết quả thực hiện nhiệm vụ/ }).fill('92');
  await page.getByLabel('Tự nhận xét ưu điểm, hạn chế').fill('Hoàn thành tốt các nhiệm vụ được giao, chủ động, sáng tạo.');
  await expect(page.getByText('Điểm tổng hợp: 92.5')).toBeVisible();
  await expect(page.getByText('Mức tương ứng: Hoàn thành xuất sắc nhiệm vụ')).toBeVisible();
  await checkBothSizes(page, 'evaluation-self-assessment', async () => {
    await expect(page.getByRole('button', { name: 'Gửi tự đánh giá' })).toBeVisible();
  });
  await page.getByRole('button', { name: 'Gửi tự đánh giá' }).click();

  // the authority decides (below the proposal) and publishes
  await expect(row.getByText('Đã tự đánh giá')).toBeVisible();
  await row.getByRole('combobox', { name: `Chọn mức xếp loại — ${PERSON}` }).click();
  await page.getByRole('option', { name: 'Hoàn thành tốt nhiệm vụ' }).click();
  await row.getByRole('button', { name: 'Quyết định' }).click();
  await expect(row.getByText('Đã quyết định')).toBeVisible();
  await row.getByRole('button', { name: 'Công khai' }).click();
  await expect(row.getByText('Đã công khai')).toBeVisible();
  await checkBothSizes(page, 'evaluation-cycle', async () => {
    await expect(page.getByText('Tỷ lệ Hoàn thành xuất sắc').first()).toBeVisible();
  });

  // the result on the cadre's history
  await row.getByRole('link', { name: PERSON }).click();
  await expect(page.getByRole('heading', { level: 1, name: PERSON })).toBeVisible();
  await page.getByRole('tab', { name: 'Kỷ luật, thẩm tra' }).click();
  const results = page.locator('table').filter({ hasText: 'Đột xuất Trước bổ nhiệm' });
  await expect(results.getByText('Hoàn thành tốt nhiệm vụ').first()).toBeVisible();
  await checkBothSizes(page, 'cadre-conduct-section', async () => {
    await expect(page.getByText('Kết quả đánh giá, xếp loại')).toBeVisible();
  });
});

test('an officer enrols a cadre in a course, records the result and reviews coverage gaps', async ({ page }) => {
  await signIn(page, '/training');
  await expect(page.getByRole('heading', { level: 1, name: 'Đào tạo, bồi dưỡng' })).toBeVisible();
  await checkBothSizes(page, 'training-catalog', async () => {
    await expect(page.getByRole('link', { name: 'Tin học văn phòng và chuyển đổi số' })).toBeVisible();
  });
  await page.getByRole('link', { name: 'Tin học văn phòng và chuyển đổi số' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tin học văn phòng và chuyển đổi số' })).toBeVisible();
  await page.getByLabel('Tìm cán bộ theo tên').fill('nguyen ngoc an');
  await page.getByRole('button', { name: `Đăng ký ${PERSON}` }).first().click();
  const row = page.getByRole('row').filter({ hasText: PERSON }).first();
  await expect(row.getByText('Đã đăng ký')).toBeVisible();
  await row.getByRole('combobox', { name: `Kết quả — ${PERSON}` }).click();
  await page.getByRole('option', { name: 'Đạt', exact: true }).click();
  await row.getByRole('textbox', { name: `Số chứng chỉ — ${PERSON}` }).fill('TH-2026-015');
  await row.getByRole('button', { name: 'Ghi kết quả' }).click();
  await expect(row.getByText('Đã hoàn thành')).toBeVisible();
  await expect(row.getByText('Đạt · TH-2026-015')).toBeVisible();
  await checkBothSizes(page, 'training-course', async () => {
    await expect(page.getByText(/Học viên \(\d+\)/)).toBeVisible();
  });

  await page.getByRole('link', { name: 'Về danh mục lớp' }).click();
  await page.getByRole('link', { name: 'Rà soát người chưa được bồi dưỡng' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rà soát người chưa được bồi dưỡng' })).toBeVisible();
  await expect(page.getByText(/Đã bồi dưỡng \d+\/\d+ người/)).toBeVisible();
  await checkBothSizes(page, 'training-gaps', async () => {
    await expect(page.getByText(/Đã bồi dưỡng \d+\/\d+ người/)).toBeVisible();
  });
});
