import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { APPROVER, newUserPage, OFFICER, PHONE, pick, shot } from './ops-helpers';

const CADRE = 'Đặng Thanh An';

test('an appointment that fails eligibility is fixed, submitted and approved by the approver', async ({ browser }) => {
  test.setTimeout(180_000);
  const officerPage = await newUserPage(browser);
  await signIn(officerPage, '/actions/new', OFFICER);
  const page = officerPage;
  await expect(page.getByRole('heading', { level: 1, name: 'Lập quyết định nhân sự' })).toBeVisible();
  await pick(page, /^Cán bộ/, 'dang thanh an', new RegExp(CADRE));
  await pick(page, /^Đơn vị/, 'lai chau', 'Liên đoàn Lao động tỉnh Lai Châu');
  await pick(page, /^Chức vụ/, 'Phó Trưởng', 'Phó Trưởng ban');
  const effective = new Date(Date.now() + 14 * 86400_000);
  const dd = `${String(effective.getDate()).padStart(2, '0')}/${String(effective.getMonth() + 1).padStart(2, '0')}/${effective.getFullYear()}`;
  await page.getByRole('textbox', { name: /^Ngày hiệu lực/ }).fill(dd);

  // the live panel: political clearance is missing (red), the plan rule too
  const panel = page.getByTestId('eligibility');
  const clearance = panel.locator('[data-rule="political_clearance"]');
  await expect(clearance).toHaveAttribute('data-passed', 'false');
  await expect(panel.locator('[data-rule="retirement_runway"]')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByText('Còn điều kiện bắt buộc chưa đạt')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'action create');
  await shot(page, 'action-create');

  // fix it right here: record the positive clearance conclusion
  await clearance.getByRole('button', { name: 'Ghi kết luận tiêu chuẩn chính trị' }).click();
  await clearance.getByRole('textbox', { name: /^Cơ quan kết luận/ }).fill('Ban Thường vụ Tỉnh ủy Lai Châu');
  await clearance.getByRole('button', { name: 'Lưu kết luận' }).click();
  await expect(clearance).toHaveAttribute('data-passed', 'true');
  await expect(page.getByText('Chỉ còn điều kiện quy hoạch chưa đạt')).toBeVisible();

  await page.getByRole('button', { name: 'Lưu và trình' }).click();
  await expect(page).toHaveURL(/\/actions\/\d+$/, { timeout: 30_000 });
  await expect(page.getByText('Đã trình', { exact: true }).first()).toBeVisible();
  const actionUrl = new URL(page.url()).pathname;
  await officerPage.context().close();

  // the approver finds it in the inbox and approves with a reason (only the plan rule may be overridden)
  const approver = await newUserPage(browser);
  await signIn(approver, '/actions', APPROVER);
  await expect(approver.getByRole('tab', { name: 'Chờ tôi phê duyệt', selected: true })).toBeVisible();
  await approver.getByRole('link', { name: CADRE }).first().click();
  await expect(approver).toHaveURL(new RegExp(`${actionUrl}$`));
  await approver.getByRole('textbox', { name: /^Lý do phê duyệt vượt điều kiện/ }).fill(
    'Cán bộ trẻ có năng lực, Ban Thường vụ thống nhất bổ sung quy hoạch',
  );
  await approver.getByRole('button', { name: 'Phê duyệt vượt điều kiện' }).click();
  await expect(approver.getByText('Đã phê duyệt', { exact: true }).first()).toBeVisible();
  await expect(approver.getByRole('button', { name: 'Tải quyết định (Word)' })).toBeVisible();
  await expectNoSeriousA11yViolations(approver, 'action detail');
  await shot(approver, 'action-detail');
  await approver.getByRole('navigation').getByRole('link', { name: 'Quyết định nhân sự' }).click();
  await approver.getByRole('tab', { name: 'Tất cả' }).click();
  await expect(approver.getByRole('table')).toBeVisible();
  await shot(approver, 'actions');
  await approver.context().close();

  const phone = await newUserPage(browser, PHONE);
  await signIn(phone, '/actions', APPROVER);
  await expect(phone.getByRole('heading', { level: 1, name: 'Quyết định nhân sự' })).toBeVisible();
  await expectNoSeriousA11yViolations(phone, 'actions (phone)');
  await shot(phone, 'actions');
  await signIn(phone, actionUrl, APPROVER);
  await expect(phone.getByRole('heading', { name: 'Điều kiện, tiêu chuẩn' })).toBeVisible();
  await expectNoSeriousA11yViolations(phone, 'action detail (phone)');
  await shot(phone, 'action-detail');
  await phone.context().close();
});
