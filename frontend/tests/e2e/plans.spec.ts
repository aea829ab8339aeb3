import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { APPROVER, newUserPage, OFFICER, pick, shot } from './ops-helpers';

const INDICATOR = /Văn bản trao đổi dưới dạng điện tử/;

test('a target gets a manual figure with evidence, a second person approves it, and the progress shows the status', async ({ browser }) => {
  test.setTimeout(180_000);
  // the officer creates a plan and a target on an indicator the system cannot compute
  const page = await newUserPage(browser);
  await signIn(page, '/plans', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch và chỉ tiêu' })).toBeVisible();
  const title = `Kế hoạch chuyển đổi số ${Date.now()}`;
  await page.getByRole('textbox', { name: /^Trích yếu/ }).fill(title);
  await page.getByRole('textbox', { name: /^Số hiệu/ }).fill('15/KH-LĐLĐ');
  await expect(page.getByRole('combobox', { name: /^Đơn vị ban hành/ })).toHaveValue(/Lai Châu/);
  await page.getByRole('button', { name: 'Tạo', exact: true }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 20_000 });
  const planUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();

  await pick(page, /^Chỉ tiêu/, 'Văn bản', INDICATOR);
  await page.getByRole('textbox', { name: /^Mức chỉ tiêu/ }).fill('80');
  await page.getByRole('button', { name: 'Thêm chỉ tiêu', exact: true }).click();
  const card = page.getByRole('article', { name: INDICATOR });
  await expect(card).toBeVisible();
  await expect(card.getByText('Chưa đến hạn')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'plan detail');
  await shot(page, 'plan-detail');

  // enter the figure (as a percentage) with an evidence text and file
  await card.getByRole('link', { name: 'Nhập số liệu' }).click();
  await expect(page).toHaveURL(/\/measurements\?/);
  await expect(page.getByRole('combobox', { name: /^Chỉ tiêu/ }).first()).toHaveValue(INDICATOR);
  await page.getByRole('textbox', { name: /^Số liệu \(%\)/ }).fill('85');
  await page.getByRole('textbox', { name: /^Minh chứng/ }).fill('Báo cáo số 45/BC-VP ngày 30/11 của Văn phòng');
  await page.locator('input[type="file"]').setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% minh chung\n') });
  await page.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(page).toHaveURL(/\/measurements\/\d+$/, { timeout: 20_000 });
  const figureUrl = new URL(page.url()).pathname;
  // the figure's own page (while the route changes, the list it came from may still show the new row's badge)
  await expect(page.getByRole('heading', { level: 1, name: INDICATOR })).toBeVisible();
  await expect(page.getByRole('main').getByText('Chờ duyệt', { exact: true })).toBeVisible();
  await expect(page.getByText('Bạn đã nhập số liệu này nên cần người khác phê duyệt.')).toBeVisible();
  await expect(page.getByText('Có tệp minh chứng đính kèm', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Phê duyệt' })).toHaveCount(0);
  await page.context().close();

  // a second person (the approver) approves it
  const approver = await newUserPage(browser);
  await signIn(approver, figureUrl, APPROVER);
  await expect(approver.getByText('85 %').first()).toBeVisible();
  await approver.getByRole('button', { name: 'Phê duyệt' }).click();
  await expect(approver.getByText('Đã duyệt', { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(approver, 'measurement detail');
  await shot(approver, 'measurement-detail');

  // the target now counts the approved figure: 85 % against "at least 80 %" is exceeded
  await approver.goto(planUrl);
  const target = approver.getByRole('article', { name: INDICATOR });
  await expect(target.getByText('Vượt', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(target.getByText('85 %')).toBeVisible();
  await approver.context().close();
});

test('the demo dashboard shows the province plan’s key indicators, each with a figure and a status colour', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/', OFFICER);
  const card = page.getByRole('region', { name: 'Chỉ tiêu chủ yếu' });
  await expect(card.getByText(/^Kế hoạch thực hiện Nghị quyết số 03\/NQ-TLĐ/)).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText('Đơn vị chưa có kế hoạch với chỉ tiêu.')).toHaveCount(0);
  // issue 11's computed indicators (#1, #7, #10, #11, #12, #16, #19) and a manual one with its approved figure
  for (const name of [
    'Cán bộ chủ chốt được quán triệt, bồi dưỡng',
    'Cán bộ không chuyên trách được tập huấn nghiệp vụ',
    'Chủ tịch CĐCS khu vực ngoài nhà nước (doanh nghiệp ≥500 lao động) được bồi dưỡng pháp luật',
    'Chủ tịch CĐCS được quán triệt, bồi dưỡng',
    'Chủ tịch CĐCS khu vực ngoài nhà nước được tập huấn',
    'CĐCS ngoài nhà nước xếp loại hoàn thành tốt nhiệm vụ trở lên',
    'Tỷ lệ kinh phí dành cho đào tạo, bồi dưỡng',
    'Cán bộ chuyên trách đạt chuẩn theo vị trí việc làm',
  ]) {
    const item = card.getByTestId('key-indicator').filter({ has: page.getByText(name, { exact: true }) });
    await expect(item.getByText(/^Đạt được: \d[\d.,]* % \/ chỉ tiêu \d+ %$/)).toBeVisible();
    await expect(item.locator('[data-status]')).toHaveText(/^(Đạt|Vượt|Không đạt|Chưa đến hạn)$/);
  }
  // and their trend over the past years (plan progress with trend=true)
  await expect(card.getByRole('img', { name: /^Xu hướng: / }).first()).toBeVisible();
});
