import { expect as baseExpect, test } from '@playwright/test';

import { checkBothSizes, docxText, expectNoSeriousA11yViolations, OFFICER, PHONE, PROVINCE, signIn } from './helpers';

const PERSON = 'Nguyễn Ngọc An';
/** The demo login `canbo` belongs to this cadre (a full-time officer of the province: backend/app/seed). */
const OWN = { username: 'canbo', password: 'demo1234' };
const OWN_NAME = 'Chu Thu Thảo';
const APPROVER = { username: 'approver', password: 'demo1234' };

// The shared machine is slow while eight engineers build and test: give each flow room.
test.describe.configure({ timeout: 300_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

test('a cycle runs end to end: self-assessment → decision → publication → finalized by the approver, and the result is on the cadre history and Mẫu 2C', async ({ page, browser }) => {
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

  // the authority (the approver) decides below the proposal, publishes and finalizes the cycle
  await expect(row.getByText('Đã tự đánh giá')).toBeVisible();
  const cycleUrl = new URL(page.url()).pathname;
  const approver = await (await browser.newContext()).newPage();
  await signIn(approver, cycleUrl, APPROVER);
  const arow = approver.getByRole('row').filter({ hasText: PERSON }).first();
  await arow.getByRole('combobox', { name: `Chọn mức xếp loại — ${PERSON}` }).click();
  await approver.getByRole('option', { name: 'Hoàn thành tốt nhiệm vụ' }).click();
  await arow.getByRole('button', { name: 'Quyết định' }).click();
  await expect(arow.getByText('Đã quyết định')).toBeVisible();
  await arow.getByRole('button', { name: 'Công khai' }).click();
  await expect(arow.getByText('Đã công khai')).toBeVisible();
  await checkBothSizes(approver, 'evaluation-cycle', async () => {
    await expect(approver.getByText('Tỷ lệ Hoàn thành xuất sắc').first()).toBeVisible();
  });
  await approver.getByRole('button', { name: 'Kết thúc kỳ đánh giá' }).click();
  await expect(approver.getByText(/^Đã kết thúc ngày \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();
  await expect(approver.getByRole('button', { name: 'Kết thúc kỳ đánh giá' })).toHaveCount(0);

  // the result on the cadre's history
  await arow.getByRole('link', { name: PERSON }).click();
  await expect(approver.getByRole('heading', { level: 1, name: PERSON })).toBeVisible();
  await approver.getByRole('tab', { name: 'Kỷ luật, thẩm tra' }).click();
  const results = approver.locator('table').filter({ hasText: 'Đột xuất Trước bổ nhiệm' });
  await expect(results.getByText('Hoàn thành tốt nhiệm vụ').first()).toBeVisible();
  await checkBothSizes(approver, 'cadre-conduct-section', async () => {
    await expect(approver.getByText('Kết quả đánh giá, xếp loại')).toBeVisible();
  });

  // … and on Mẫu 2C: the Word file names the cycle and the level decided
  await approver.getByRole('button', { name: 'Tải Mẫu 2C' }).click();
  const download = approver.waitForEvent('download');
  await approver.getByRole('menuitem', { name: 'Mẫu 2C (Word)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.docx$/);
  const text = docxText(await file.path());
  expect(text).toContain('Trước bổ nhiệm');
  expect(text).toMatch(/Trước bổ nhiệm[^]{0,200}Hoàn thành tốt nhiệm vụ/);
  await approver.context().close();
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

test('a cycle through every step by its principal: the cadre self-assesses under their own login', async ({ page, browser }) => {
  test.setTimeout(600_000); // three people sign in, and two pages are checked at both sizes
  // the organisation officer opens an ad hoc cycle over the province and adds the cadre
  await signIn(page, '/evaluation', OFFICER);
  await page.getByRole('button', { name: 'Tạo kỳ đánh giá' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Đơn vị').fill('Lai Châu');
  await page.getByRole('option', { name: PROVINCE }).click();
  await dialog.getByLabel('Loại kỳ đánh giá').click();
  await page.getByRole('option', { name: 'Đột xuất' }).click();
  await dialog.getByLabel(/^Kỳ \(ví dụ/).fill('Trước luân chuyển');
  await dialog.getByRole('button', { name: 'Tạo kỳ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đột xuất — Trước luân chuyển' })).toBeVisible();
  const cycleUrl = new URL(page.url()).pathname;
  await page.getByLabel('Tìm cán bộ theo tên').fill('chu thu thao');
  await page.getByRole('button', { name: `Thêm ${OWN_NAME}` }).first().click();
  const row = page.getByRole('row').filter({ hasText: OWN_NAME }).first();
  await expect(row.getByText('Chưa tự đánh giá')).toBeVisible();

  // the cadre, under their own login, finds the cycle in "Tự đánh giá của tôi" and self-assesses
  const own = await (await browser.newContext()).newPage();
  await signIn(own, '/me/evaluations', OWN);
  await expect(own.getByRole('link', { name: 'Tự đánh giá của tôi' })).toBeVisible();
  await expect(own.getByRole('heading', { level: 1, name: 'Tự đánh giá của tôi' })).toBeVisible();
  const card = own.locator('.mantine-Card-root').filter({ hasText: 'Đột xuất — Trước luân chuyển' });
  await card.getByRole('link', { name: 'Tự đánh giá' }).click();
  await expect(own.getByRole('heading', { level: 1, name: 'Phiếu tự đánh giá' })).toBeVisible();
  await own.getByRole('textbox', { name: /Phẩm chất chính trị/ }).fill('90');
  await own.getByRole('textbox', { name: /Năng lực, uy tín/ }).fill('85');
  await own.getByRole('textbox', { name: /Kết quả thực hiện nhiệm vụ/ }).fill('86');
  await own.getByLabel('Tự nhận xét ưu điểm, hạn chế').fill('Hoàn thành nhiệm vụ được giao; cần nâng cao kỹ năng số.');
  await expect(own.getByText('Mức tương ứng: Hoàn thành tốt nhiệm vụ')).toBeVisible();
  await own.getByRole('button', { name: 'Gửi tự đánh giá' }).click();
  await expect(own.getByRole('heading', { level: 1, name: 'Tự đánh giá của tôi' })).toBeVisible();
  await expect(card.getByText('Đã tự đánh giá')).toBeVisible();
  await checkBothSizes(own, 'evaluation-my-self-assessment', async () => {
    await expect(card.getByText(/Điểm tự đánh giá: 87/)).toBeVisible();
  });

  // the officer: the collective's comments, a peer's comment (anonymous), the unit's proposal — in the drawer
  await page.getByRole('link', { name: 'Về danh sách kỳ đánh giá' }).click();
  await page.getByRole('link', { name: 'Đột xuất — Trước luân chuyển' }).first().click();
  await expect(row.getByText('Đã tự đánh giá')).toBeVisible();
  await row.getByRole('button', { name: `Chi tiết — ${OWN_NAME}` }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Ý kiến nhận xét của tập thể').fill('Tập thể nhất trí: hoàn thành tốt nhiệm vụ, tích cực học tập.');
  await drawer.getByRole('button', { name: 'Lưu nhận xét' }).click();
  await expect(row.getByText('Đã nhận xét tập thể')).toBeVisible();
  await drawer.getByLabel('Nội dung góp ý').fill('Đồng chí nhiệt tình, hỗ trợ đồng nghiệp.');
  await drawer.getByRole('button', { name: 'Ghi ý kiến' }).click();
  await expect(drawer.getByText('Đồng chí nhiệt tình, hỗ trợ đồng nghiệp.')).toBeVisible();
  await expect(drawer.getByText(/Ẩn danh ·/)).toBeVisible();
  await drawer.getByRole('textbox', { name: 'Mức đề xuất' }).or(drawer.getByRole('combobox', { name: 'Mức đề xuất' })).first().click();
  await page.getByRole('option', { name: 'Hoàn thành tốt nhiệm vụ' }).click();
  await drawer.getByRole('button', { name: 'Lưu đề xuất' }).click();
  await expect(row.getByText('Đơn vị đã đề xuất')).toBeVisible();
  await checkBothSizes(page, 'evaluation-drawer', async () => {
    await expect(drawer.getByText('Ý kiến đồng nghiệp, cấp dưới')).toBeVisible();
  });
  await drawer.getByRole('button', { name: 'Đóng' }).click();

  // the authority decides and publishes
  const approver = await (await browser.newContext()).newPage();
  await signIn(approver, cycleUrl, APPROVER);
  const arow = approver.getByRole('row').filter({ hasText: OWN_NAME }).first();
  await arow.getByRole('combobox', { name: `Chọn mức xếp loại — ${OWN_NAME}` }).click();
  await approver.getByRole('option', { name: 'Hoàn thành tốt nhiệm vụ' }).click();
  await arow.getByRole('button', { name: 'Quyết định' }).click();
  await expect(arow.getByText('Đã quyết định')).toBeVisible();
  await arow.getByRole('button', { name: 'Công khai' }).click();
  await expect(arow.getByText('Đã công khai')).toBeVisible();

  // the result in the cadre's history, and published to the cadre
  await arow.getByRole('link', { name: OWN_NAME }).click();
  await expect(approver.getByRole('heading', { level: 1, name: OWN_NAME })).toBeVisible();
  await approver.getByRole('tab', { name: 'Kỷ luật, thẩm tra' }).click();
  const results = approver.locator('table').filter({ hasText: 'Đột xuất Trước luân chuyển' });
  await expect(results.getByText('Hoàn thành tốt nhiệm vụ').first()).toBeVisible();
  await own.getByRole('link', { name: 'Trang chủ' }).click();
  await own.getByRole('link', { name: 'Tự đánh giá của tôi' }).click();
  await expect(card.getByText(/Kết quả xếp loại: Hoàn thành tốt nhiệm vụ/)).toBeVisible();
});

test('training programmes, a learner\'s place, the training statistics and the rotation programme', async ({ page }) => {
  await signIn(page, '/training/statistics', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Thống kê đào tạo, bồi dưỡng' })).toBeVisible();
  await expect(page.getByText('Tỷ lệ kinh phí đào tạo (chỉ tiêu 19)')).toBeVisible();
  await expect(page.getByText('Trong khoảng 10–15% theo kế hoạch.')).toBeVisible();
  await page.locator('label').filter({ hasText: /^Nội dung$/ }).click();
  await expect(page.getByRole('cell', { name: 'Nghiệp vụ công đoàn' })).toBeVisible();
  await checkBothSizes(page, 'training-statistics', async () => {
    await expect(page.getByText('Tỷ lệ kinh phí đào tạo (chỉ tiêu 19)')).toBeVisible();
  });

  await page.getByRole('link', { name: 'Chương trình đào tạo' }).click();
  await page.mouse.move(1200, 780);
  await expect(page.getByRole('heading', { level: 1, name: 'Chương trình đào tạo, bồi dưỡng' })).toBeVisible();
  await page.getByRole('button', { name: 'Tạo chương trình' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Tên chương trình').fill('Bồi dưỡng cán bộ công đoàn cơ sở năm sau');
  await dialog.getByRole('button', { name: 'Tạo chương trình' }).click();
  await expect(page.getByRole('cell', { name: 'Bồi dưỡng cán bộ công đoàn cơ sở năm sau' }).first()).toBeVisible();
  await checkBothSizes(page, 'training-programmes', async () => {
    await expect(page.getByRole('cell', { name: 'Bồi dưỡng cán bộ công đoàn cơ sở năm sau' }).first()).toBeVisible();
  });

  // a learner's place: attendance, result, certificate
  await page.getByRole('link', { name: 'Đào tạo, bồi dưỡng' }).first().click();
  await page.getByRole('link', { name: 'Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4' }).click();
  await page.getByRole('link', { name: /^Chi tiết lượt học — / }).first().click();
  await expect(page.getByText('Tỷ lệ chuyên cần').first()).toBeVisible();
  await checkBothSizes(page, 'training-enrolment', async () => {
    await expect(page.getByRole('link', { name: 'Về lớp học' })).toBeVisible();
  });

  // the rotation programme: statistics, a rotation, its return
  await page.getByRole('link', { name: 'Luân chuyển cán bộ' }).click();
  await page.mouse.move(1200, 780); // off the menu: a hovered active entry is not what axe should judge
  await expect(page.getByRole('heading', { level: 1, name: 'Luân chuyển, điều động cán bộ' })).toBeVisible();
  await expect(page.getByText('Thống kê luân chuyển, điều động')).toBeVisible();
  await page.getByLabel('Từ ngày').fill('01/01/2019');
  await expect(page.getByText(/luân chuyển 2 đồng chí, điều động 6 đồng chí là người đứng đầu/)).toBeVisible();
  await checkBothSizes(page, 'rotations', async () => {
    await expect(page.getByText('Thống kê luân chuyển, điều động')).toBeVisible();
  });
  const away = page.getByRole('row').filter({ hasText: 'Đang luân chuyển' }).first();
  await away.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Ghi nhận trở về' })).toBeVisible();
  await checkBothSizes(page, 'rotation', async () => {
    await expect(page.getByRole('button', { name: 'Ghi ngày trở về' })).toBeVisible();
  });
  await page.getByRole('button', { name: 'Ghi ngày trở về' }).click();
  await expect(page.getByText(/^Đã trở về/).first()).toBeVisible();
});

test('a unit rating entered on the unit page (HD 1294 points) shows its level', async ({ page }) => {
  const UNIT = 'Công đoàn cơ sở Công ty TNHH Thủy điện Tân Phong 13';
  await signIn(page, '/units', OFFICER);
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('thuy dien tan phong 13');
  await page.getByRole('region', { name: 'Kết quả tìm kiếm' }).getByRole('button', { name: new RegExp(UNIT) }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: UNIT })).toBeVisible();
  const year = new Date().getFullYear(); // the demo rated last year; this year is new
  await page.getByRole('button', { name: 'Xếp loại năm' }).click();
  await page.getByRole('textbox', { name: /^Năm/ }).fill(String(year));
  await page.getByRole('textbox', { name: /^Đại diện, bảo vệ/ }).fill('38');
  await page.getByRole('textbox', { name: /^Xây dựng tổ chức/ }).fill('36');
  await page.getByRole('textbox', { name: /^Tuyên truyền, vận động/ }).fill('12');
  await page.getByRole('textbox', { name: /^Điểm thưởng/ }).fill('4');
  await page.getByRole('button', { name: 'Lưu xếp loại' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Xem xếp loại năm ${year}` }) });
  await expect(row.getByRole('cell').nth(1)).toContainText(/^90/);
  await expect(row.getByText('Đại diện, bảo vệ 38 · Xây dựng tổ chức 36 · Tuyên truyền 12 · Điểm thưởng 4')).toBeVisible();
  await expect(row.getByText('Hoàn thành xuất sắc nhiệm vụ')).toBeVisible(); // 90 points: the top band
  await expectNoSeriousA11yViolations(page, 'unit ratings (desktop)');
  await page.setViewportSize(PHONE);
  await expect(row.getByText('Hoàn thành xuất sắc nhiệm vụ')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'unit ratings (phone)');
});

test('an award and a discipline added on a cadre profile show in the conduct section', async ({ page }) => {
  const CADRE = 'Tẩn Ngọc Trang';
  await signIn(page, '/cadres', OFFICER);
  await page.getByRole('textbox', { name: 'Tìm cán bộ' }).fill('tan ngoc trang');
  await page.getByTestId('cadre-table').getByRole('link', { name: CADRE }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: CADRE })).toBeVisible();
  await page.getByRole('tab', { name: 'Kỷ luật, thẩm tra' }).click();

  await page.getByRole('button', { name: 'Ghi khen thưởng' }).click();
  await page.getByRole('combobox', { name: /^Hình thức/ }).click();
  await page.getByRole('option', { name: 'Bằng khen cấp tỉnh' }).click();
  await page.getByRole('textbox', { name: /^Cơ quan quyết định/ }).fill('Liên đoàn Lao động tỉnh Lai Châu');
  await page.getByRole('textbox', { name: /^Số quyết định/ }).fill('31/QĐ-LĐLĐ');
  await page.getByRole('textbox', { name: /^Ngày quyết định/ }).fill('15/01/2026');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  const award = page.getByRole('row').filter({ hasText: '31/QĐ-LĐLĐ' });
  await expect(award.getByText('Bằng khen cấp tỉnh')).toBeVisible();
  await expect(award.getByText('15/01/2026')).toBeVisible();

  // a reprimand long past (not in force: it blocks nothing the other specs do with this person)
  await page.getByRole('button', { name: 'Ghi kỷ luật' }).click();
  await page.getByRole('combobox', { name: /^Hình thức/ }).click();
  await page.getByRole('option', { name: 'Khiển trách' }).click();
  await page.getByRole('textbox', { name: /^Số quyết định/ }).fill('07/QĐ-CĐCS');
  await page.getByRole('textbox', { name: /^Hiệu lực từ ngày/ }).fill('01/03/2020');
  await page.getByRole('textbox', { name: /^Đến ngày/ }).fill('01/03/2021');
  await page.getByRole('textbox', { name: /^Lý do/ }).fill('Chậm nộp báo cáo quyết toán');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  const discipline = page.getByRole('row').filter({ hasText: '07/QĐ-CĐCS' });
  await expect(discipline.getByText('Khiển trách')).toBeVisible();
  await expect(discipline.getByText('01/03/2020 – 01/03/2021')).toBeVisible();
  await expect(discipline.getByText('Chậm nộp báo cáo quyết toán')).toBeVisible();
  await expect(discipline.getByText('đang có hiệu lực')).toHaveCount(0);
});
