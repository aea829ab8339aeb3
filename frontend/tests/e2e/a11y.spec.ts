/**
 * axe (WCAG 2.2 AA): zero serious or critical violations on every main page of the officer app, each at desktop
 * (1280 px) and phone (390 px) width. One list of pages (MAIN_PAGES); a page is opened once and re-laid out at the
 * other width. /chair is the chair's own PWA (chair.html): its screens are checked in tests/e2e/chair/chair.spec.ts.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';

import { checkBothSizes, DESKTOP, expectNoSeriousA11yViolations, OFFICER, PHONE, revealProvince, signIn } from './helpers';
import { ADMIN, newUserPage, pick } from './ops-helpers';

type User = { username: string; password: string };

/** dd/mm/yyyy, `days` from today. */
function ddmmyyyy(days: number): string {
  const d = new Date(Date.now() + days * 86400_000);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

interface MainPage {
  name: string;
  user?: User;
  /** Bring the page to the state to check (the signed-in page is reused between tests of the same user). */
  open(page: Page): Promise<void>;
}

/** A list page: open `path` and wait for its level-1 heading and the data to settle. */
function list(name: string, path: string, heading: string | RegExp, user: User = OFFICER): MainPage {
  return {
    name,
    user,
    open: async (page) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 20_000 });
    },
  };
}

/** A detail page reached from its list: the first link to `<prefix><id>` (not `/cadres/new` and the like). */
function detail(name: string, listPath: string, prefix: string, user: User = OFFICER): MainPage {
  return {
    name,
    user,
    open: async (page) => {
      await page.goto(listPath);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({ timeout: 20_000 });
      let href: string | undefined;
      await expect
        .poll(
          async () => {
            const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
            href = hrefs.find((h) => new RegExp(`^${prefix}\\d+`).test(h));
            return href;
          },
          { message: `${name}: no link to ${prefix}<id> on ${listPath}`, timeout: 20_000 },
        )
        .toBeTruthy();
      await page.locator(`main a[href="${href}"]`).filter({ visible: true }).first().click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({ timeout: 20_000 });
    },
  };
}

const MAIN_PAGES: MainPage[] = [
  list('dashboard', '/', /.+/),
  list('units', '/units', 'Đơn vị công đoàn'),
  {
    name: 'unit page',
    open: async (page) => {
      await page.goto('/units');
      const province = await revealProvince(page);
      await province.locator(':scope > div').first().click();
      await expect(page.getByRole('heading', { name: 'Lịch sử tổ chức' })).toBeVisible({ timeout: 20_000 });
    },
  },
  list('cadres list', '/cadres', 'Cán bộ'),
  detail('cadre profile', '/cadres', '/cadres/'),
  list('cadre form', '/cadres/new', /cán bộ/i),
  list('cadre import', '/cadres/import', /Nhập/),
  list('actions list', '/actions', /.+/),
  list('action new', '/actions/new', /.+/),
  {
    // the demo has no personnel actions: a draft appointment of a cadre other than actions.spec's
    name: 'action detail',
    open: async (page) => {
      await page.goto('/actions/new');
      await expect(page.getByRole('heading', { level: 1, name: 'Lập quyết định nhân sự' })).toBeVisible();
      await pick(page, /^Cán bộ/, 'nguyen', /Nguyễn/);
      await pick(page, /^Đơn vị/, 'lai chau', 'Liên đoàn Lao động tỉnh Lai Châu');
      await pick(page, /^Chức vụ/, 'Chuyên viên', 'Chuyên viên');
      await page.getByRole('textbox', { name: /^Ngày hiệu lực/ }).fill(ddmmyyyy(30));
      await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
      await expect(page).toHaveURL(/\/actions\/\d+$/, { timeout: 30_000 });
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    },
  },
  list('planning list', '/planning', /.+/),
  {
    name: 'planning cycle',
    open: async (page) => {
      await page.goto('/planning');
      await expect(page.getByRole('combobox', { name: /^Đơn vị/ })).not.toHaveValue('');
      await page.getByRole('textbox', { name: /^Quy hoạch/ }).fill(`Quy hoạch kiểm tra ${Date.now()}`);
      await page.getByRole('button', { name: 'Lập quy hoạch', exact: true }).click();
      await expect(page).toHaveURL(/\/planning\/\d+$/, { timeout: 20_000 });
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    },
  },
  list('plans list', '/plans', /.+/),
  {
    name: 'plan detail',
    open: async (page) => {
      await page.goto('/plans');
      await page.getByRole('textbox', { name: /^Trích yếu/ }).fill(`Kế hoạch kiểm tra a11y ${Date.now()}`);
      await page.getByRole('button', { name: 'Tạo', exact: true }).click();
      await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 20_000 });
      await expect(page.getByRole('heading', { name: 'Chỉ tiêu', exact: true })).toBeVisible();
    },
  },
  list('measurements list', '/measurements', /.+/),
  detail('measurement detail', '/measurements', '/measurements/'),
  list('reports', '/reports', 'Báo cáo thống kê cán bộ'),
  list('report requests', '/report-requests', /.+/),
  {
    // the demo has no report requests: send one (as reports.spec does)
    name: 'report request',
    open: async (page) => {
      await page.goto('/report-requests');
      await page.getByRole('tab', { name: 'Gửi yêu cầu mới' }).click();
      await page.getByRole('textbox', { name: /^Tiêu đề/ }).fill(`Báo cáo kiểm tra a11y ${Date.now() % 100000}`);
      await pick(page, /^Đơn vị yêu cầu/, 'lai chau', 'Liên đoàn Lao động tỉnh Lai Châu');
      await page.getByRole('textbox', { name: /^Hạn báo cáo/ }).fill(ddmmyyyy(10));
      await page.getByLabel('Số liệu cần báo cáo').first().click();
      await page.getByRole('option').first().click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
      await expect(page).toHaveURL(/\/report-requests\/\d+$/, { timeout: 30_000 });
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    },
  },
  list('audit', '/audit', 'Nhật ký hệ thống', ADMIN),
  list('admin', '/admin', 'Quản trị hệ thống', ADMIN),
  list('jobs', '/jobs', 'Công việc nền'),
  {
    name: 'notifications popover',
    open: async (page) => {
      await page.goto('/units');
      await expect(page.getByRole('heading', { level: 1, name: 'Đơn vị công đoàn' })).toBeVisible();
      await page.getByRole('button', { name: /^Thông báo/ }).click();
      await expect(page.getByRole('dialog').or(page.getByRole('menu')).first()).toBeVisible();
    },
  },
  list('evaluation', '/evaluation', /.+/),
  list('training', '/training', /.+/),
  list('training gaps', '/training/gaps', /.+/),
  list('training programmes', '/training/programmes', 'Chương trình đào tạo, bồi dưỡng'),
  list('training statistics', '/training/statistics', 'Thống kê đào tạo, bồi dưỡng'),
  list('rotations', '/rotations', 'Luân chuyển, điều động cán bộ'),
  list('tasks', '/tasks', 'Việc cần xử lý'),
  list('data quality', '/units/data-quality', 'Chất lượng dữ liệu'),
  list('committee changes', '/units/committee-changes', 'Đề nghị thay đổi ban chấp hành'),
  list('self-declarations', '/cadres/self-declarations', 'Hồ sơ tự kê khai'),
  list('data requests', '/data-requests', 'Yêu cầu của chủ thể dữ liệu cá nhân'),
  list('webhooks', '/integration/webhooks', /Webhook/, ADMIN),
  list('my self-assessment', '/me/evaluations', 'Tự đánh giá của tôi', { username: 'canbo', password: 'demo1234' }),
];

// One signed-in page per user, reused by the tests (a failed test restarts the worker, which signs in again).
const pages = new Map<string, Page>();

async function pageFor(browser: Browser, user: User): Promise<Page> {
  let page = pages.get(user.username);
  if (!page) {
    page = await newUserPage(browser);
    await signIn(page, '/units', user);
    pages.set(user.username, page);
  }
  return page;
}

test.afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
  pages.clear();
});

/** Let lists, charts and lazy chunks settle (a page that polls never idles: bounded). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  await expect(page.locator('.mantine-Loader-root:visible')).toHaveCount(0, { timeout: 10_000 }).catch(() => undefined);
}

test('landing page has no serious accessibility violations (desktop and phone)', async ({ page }) => {
  await page.goto('/units');
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'landing (desktop)');
  await page.setViewportSize(PHONE);
  await expectNoSeriousA11yViolations(page, 'landing (phone)');
});

for (const main of MAIN_PAGES) {
  test(`${main.name}: no serious accessibility violations at 1280 and 390 px`, async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await pageFor(browser, main.user ?? OFFICER);
    await page.setViewportSize(DESKTOP);
    await main.open(page);
    await settle(page);
    await expectNoSeriousA11yViolations(page, `${main.name} (desktop)`);
    await page.setViewportSize(PHONE);
    await settle(page);
    await expectNoSeriousA11yViolations(page, `${main.name} (phone)`);
    await page.keyboard.press('Escape'); // close a popover left open
    await page.setViewportSize(DESKTOP);
  });
}

test('the jobs screen lists a finished review report with its file, from the menu (desktop and phone)', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await pageFor(browser, OFFICER);
  await page.setViewportSize(DESKTOP);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo thống kê cán bộ' })).toBeVisible();
  await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
  await expect(page.getByRole('button', { name: 'Tải báo cáo sơ kết (Word)' })).toBeVisible({ timeout: 60_000 });

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Công việc nền' }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  const row = page.getByTestId('jobs-table').getByRole('row').filter({ hasText: 'Báo cáo sơ kết, tổng kết' }).first();
  await expect(row).toContainText('Hoàn thành');
  await expect(row).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  await expect(row.getByRole('button', { name: 'Tải tệp: Báo cáo sơ kết, tổng kết' })).toBeVisible();
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Tải tệp: Báo cáo sơ kết, tổng kết' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.docx$/);
  await checkBothSizes(page, 'jobs', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Công việc nền' })).toBeVisible();
    await expect(page.getByText('Báo cáo sơ kết, tổng kết').filter({ visible: true }).first()).toBeVisible();
  });
});
