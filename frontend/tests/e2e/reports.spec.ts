import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations, signIn } from './helpers';
import { newUserPage, OFFICER, PHONE, pick, shot } from './ops-helpers';

test('the statistics report shows as a table and downloads as xlsx through a job', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newUserPage(browser);
  await signIn(page, '/reports', OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo thống kê cán bộ' })).toBeVisible();
  await expect(page.getByTestId('members')).not.toHaveText('0');
  await expect(page.getByRole('rowheader', { name: 'Đoàn viên', exact: true })).toBeVisible();
  // the file is made by the worker: POST → 202 + job, the job's progress, then its file downloads by itself
  const submitted = page.waitForResponse((r) => r.url().includes('/api/v1/reports/cadre-statistics/files') && r.request().method() === 'POST');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Excel (.xlsx)' }).click();
  const job = await (await submitted).json();
  expect((await submitted).status()).toBe(202);
  expect(job.kind).toBe('statistics_file');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^thong-ke-can-bo-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect((await file.createReadStream()).readable).toBe(true);
  await expect(page.getByText('Hoàn thành')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Tiến độ' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tải lại tệp báo cáo' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'reports');
  await shot(page, 'reports');
  await page.context().close();
});

test('a report request is sent, tracked (missing → submitted) and reminded', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await newUserPage(browser);
  await signIn(page, '/report-requests', OFFICER);
  await page.getByRole('tab', { name: 'Gửi yêu cầu mới' }).click();
  const title = `Báo cáo số liệu đoàn viên quý ${Date.now() % 100000}`;
  await page.getByRole('textbox', { name: /^Tiêu đề/ }).fill(title);
  await pick(page, /^Đơn vị yêu cầu/, 'lai chau', 'Liên đoàn Lao động tỉnh Lai Châu');
  const due = new Date(Date.now() + 10 * 86400_000);
  await page.getByRole('textbox', { name: /^Hạn báo cáo/ }).fill(
    `${String(due.getDate()).padStart(2, '0')}/${String(due.getMonth() + 1).padStart(2, '0')}/${due.getFullYear()}`,
  );
  const figures = page.getByLabel('Số liệu cần báo cáo').first();
  await figures.click();
  // any manually reported figure: which indicators are computed changes as domains grow
  const option = page.getByRole('option').first();
  const figure = (await option.innerText()).trim();
  await option.click();
  await page.keyboard.press('Escape');
  await expectNoSeriousA11yViolations(page, 'report request form');
  await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await expect(page).toHaveURL(/\/report-requests\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const missing = page.getByTestId('count-missing');
  await expect(missing).not.toHaveText('0');
  const before = Number(await missing.innerText());
  await expect(page.getByTestId('count-submitted')).toHaveText('0');

  // one unit answers (the officer enters it on the unit's behalf)
  const unitSelect = page.getByRole('combobox', { name: /^Đơn vị/ }).last();
  await unitSelect.click();
  await page.getByRole('option').first().click();
  await page.getByRole('textbox', { name: figure }).fill('80');
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await expect(page.getByText('Đã nộp báo cáo.')).toBeVisible();
  await signIn(page, new URL(page.url()).pathname, OFFICER);
  await expect(page.getByTestId('count-submitted')).toHaveText('1');
  await expect(page.getByTestId('count-missing')).toHaveText(String(before - 1));
  await page.getByRole('button', { name: 'Nhắc đơn vị chưa nộp' }).click();
  await expect(page.getByText('Đã gửi nhắc nhở.')).toBeVisible({ timeout: 30_000 }); // ~650 units to remind
  await expectNoSeriousA11yViolations(page, 'report request tracking');
  await shot(page, 'report-request-tracking');
  await page.context().close();

  const phone = await newUserPage(browser, PHONE);
  await signIn(phone, '/report-requests', OFFICER);
  await phone.getByRole('tab', { name: 'Đã gửi' }).click();
  await expect(phone.getByRole('link', { name: title })).toBeVisible();
  await expectNoSeriousA11yViolations(phone, 'report requests (phone)');
  await shot(phone, 'report-requests');
  await signIn(phone, '/reports', OFFICER);
  await expect(phone.getByTestId('members')).toBeVisible();
  await expectNoSeriousA11yViolations(phone, 'reports (phone)');
  await shot(phone, 'reports');
  await phone.context().close();
});
