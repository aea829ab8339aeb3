/**
 * The grassroots chair's phone PWA (issue 12), in the system Chromium with a phone viewport and service workers
 * allowed: sign in; offline reload still signed in; member count and a return with a photo made offline, both
 * accepted exactly once when back online; a conflicting change resolved on the conflict screen; manifest and
 * service worker checks offline; axe on every chair screen; screenshots into docs/screenshots/.
 */
import { execFileSync } from 'node:child_process';

import { expect, request as apiRequest, test, type BrowserContext, type Page } from '@playwright/test';

import { expectNoSeriousA11yViolations, OFFICER, signIn } from '../helpers';
import { AdminApi, type Unit } from './api';

const CHAIR = { username: 'chair', password: 'demo1234' };
const SHOTS = '../docs/screenshots';

test.describe.configure({ mode: 'serial' });

async function signInChair(page: Page): Promise<void> {
  await page.goto('/chair');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const password = page.locator('input[name="password"]');
  await expect(password).toBeVisible();
  await page.locator('input[name="username"]').fill(CHAIR.username);
  await password.fill(CHAIR.password);
  await page.locator('form').filter({ has: password }).locator('[type="submit"]').first().click();
  await page.waitForURL((u) => u.pathname === '/chair');
}

/** Wait until the service worker controls the page (first visit: it installs, then claims the clients). */
async function swControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
}

async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
}

async function goOnline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/chair-${name}.png`, fullPage: true });
}

/** A 2400×1800 photo-like PNG made in the page (the app must downscale it before upload). */
async function bigPhoto(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2400;
    c.height = 1800;
    const g = c.getContext('2d')!;
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
      g.fillRect((i * 97) % 2400, (i * 53) % 1800, 180, 140);
    }
    g.fillStyle = '#000';
    g.font = '120px sans-serif';
    g.fillText('Biên bản họp BCH', 200, 900);
    return c.toDataURL('image/png').split(',')[1]!;
  });
  return Buffer.from(b64, 'base64');
}

let admin: AdminApi;
let unit: Unit;
let requestId: number;
// One phone for the whole story: the session, the cache and the outbox live in its IndexedDB.
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({
    ...test.info().project.use,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
  });
  page = await context.newPage();
  admin = new AdminApi(await apiRequest.newContext({ baseURL: test.info().project.use.baseURL }));
  await admin.auth();
});

test.afterAll(async () => {
  await context.close();
});

test('sign in, go offline and reload: the app opens still signed in; changes made offline are accepted once', async () => {

  await signInChair(page);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(page.getByTestId('member-count')).toHaveText(/\d/);
  unit = await admin.unitByName((await heading.innerText()).trim(), 'LCU-CS0001');
  // the upper level asks for a return with evidence
  const req = await admin.post<{ id: number }>('/api/v1/report-requests', {
    title: 'Báo cáo số liệu đoàn viên quý IV',
    issuer_unit_id: unit.parent_id,
    audience: 'explicit',
    unit_ids: [unit.id],
    deadline: new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10),
    indicator_codes: ['members'],
    requires_file: true,
  });
  requestId = req.id;
  await page.reload();
  await expect(page.getByTestId(`request-${requestId}`)).toBeVisible();
  await swControls(page);
  await expectNoSeriousA11yViolations(page, 'chair home');
  await shot(page, 'home');

  // offline, reload: the shell comes from the service worker, the data from IndexedDB, the session survives
  await goOffline(context, page);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('member-count')).toHaveText(new Intl.NumberFormat('vi-VN').format(unit.member_count ?? 0));
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'chair home offline');
  await shot(page, 'home-offline');

  // update the member count offline
  await page.getByRole('link', { name: 'Cập nhật số liệu' }).click();
  const members = page.getByRole('textbox', { name: 'Số đoàn viên' });
  await expect(members).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'chair facts form');
  await shot(page, 'facts');
  const newCount = (unit.member_count ?? 0) + 17;
  await members.fill(String(newCount));
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByTestId('member-count')).toHaveText(new Intl.NumberFormat('vi-VN').format(newCount));
  await expect(page.getByTestId('sync-state').first()).toHaveText('Chờ gửi');

  // answer the report request with a photo, offline
  await page.getByTestId(`request-${requestId}`).getByRole('link', { name: 'Nộp báo cáo' }).click();
  await page.getByRole('textbox', { name: /đoàn viên/i }).fill(String(newCount));
  await page.getByTestId('camera-input').setInputFiles({ name: 'bien-ban.png', mimeType: 'image/png', buffer: await bigPhoto(page) });
  await expect(page.getByTestId('attached')).toContainText('bien-ban.jpg');
  await expectNoSeriousA11yViolations(page, 'chair return form');
  await shot(page, 'return');
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await expect(page.getByTestId(`request-${requestId}`).getByTestId('sync-state')).toHaveText('Chờ gửi');

  await page.getByRole('link', { name: /Đồng bộ/ }).click();
  await expect(page.getByTestId('outbox-record')).toHaveCount(2);
  await expectNoSeriousA11yViolations(page, 'chair sync (pending)');
  await shot(page, 'sync-pending');

  // nothing reached the server while offline
  expect((await admin.unit(unit.id)).member_count).toBe(unit.member_count);

  // back online: both are replayed, in order, and accepted exactly once
  await goOnline(context, page);
  await expect(page.locator('[data-testid="sync-state"][data-state="sent"]')).toHaveCount(2, { timeout: 30_000 });
  await shot(page, 'sync-sent');
  const after = await admin.unit(unit.id);
  expect(after.member_count).toBe(newCount);
  expect(after.version).toBe(unit.version + 1); // one write, not two
  const tracking = await admin.get<{ items: { unit_id: number; revision: number | null; figures: Record<string, number> | null }[] }>(
    `/api/v1/report-requests/${requestId}/tracking`,
  );
  const mine = tracking.items.find((r) => r.unit_id === unit.id)!;
  expect(mine.revision).toBe(1); // submitted once
  expect(mine.figures).toEqual({ members: newCount });
  unit = after;

  // a reload does not replay anything
  await page.reload();
  await page.waitForTimeout(1500);
  expect((await admin.unit(unit.id)).version).toBe(unit.version);
});

test('a conflicting change shows both versions; non-overlapping fields merge; the chosen values are kept', async () => {
  await page.goto('/chair');
  await expect(page.getByTestId('member-count')).toBeVisible();
  await expect(page.getByTestId('member-count')).toHaveText(new Intl.NumberFormat('vi-VN').format(unit.member_count ?? 0));

  await goOffline(context, page);
  await page.getByRole('link', { name: 'Cập nhật số liệu' }).click();
  const mineCount = (unit.member_count ?? 0) + 5;
  await page.getByRole('textbox', { name: 'Số đoàn viên' }).fill(String(mineCount));
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();

  // meanwhile the upper level changes the same field and another one
  const theirsCount = (unit.member_count ?? 0) - 3;
  const theirsWorkforce = (unit.workforce ?? 0) + 40;
  await admin.patchUnit(unit.id, { member_count: theirsCount, workforce: theirsWorkforce });

  await goOnline(context, page);
  await expect(page.getByTestId('sync-state').first()).toHaveText('Xung đột', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Xem và giải quyết' }).click();
  await expect(page.getByRole('heading', { name: 'Giải quyết xung đột' })).toBeVisible();
  const card = page.getByTestId('conflict-member_count');
  await expect(card.getByRole('radio', { name: new RegExp(`Giữ của bạn: ${new Intl.NumberFormat('vi-VN').format(mineCount)}`) })).toBeVisible();
  await expect(card.getByRole('radio', { name: new RegExp(`Giữ trên máy chủ: ${new Intl.NumberFormat('vi-VN').format(theirsCount)}`) })).toBeVisible();
  // nothing was overwritten yet
  expect((await admin.unit(unit.id)).member_count).toBe(theirsCount);
  await expectNoSeriousA11yViolations(page, 'chair conflict');
  await shot(page, 'conflict');

  await card.getByRole('radio', { name: /Giữ của bạn/ }).check();
  await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
  await expect(page.locator('[data-testid="sync-state"][data-state="sent"]').first()).toBeVisible({ timeout: 30_000 });
  const resolved = await admin.unit(unit.id);
  expect(resolved.member_count).toBe(mineCount); // the chosen value
  expect(resolved.workforce).toBe(theirsWorkforce); // the other side's change to another field is kept

  // non-overlapping: the chair changes workforce offline, the upper level changes member count → merged, no question
  await page.goto('/chair');
  await expect(page.getByTestId('member-count')).toHaveText(new Intl.NumberFormat('vi-VN').format(mineCount));
  await goOffline(context, page);
  await page.getByRole('link', { name: 'Cập nhật số liệu' }).click();
  await page.getByRole('textbox', { name: 'Số lao động' }).fill(String(theirsWorkforce + 1));
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await admin.patchUnit(unit.id, { member_count: mineCount + 2 });
  await goOnline(context, page);
  await page.getByRole('link', { name: /Đồng bộ/ }).click();
  const newest = page.getByTestId('outbox-record').first();
  await expect(newest.getByTestId('sync-state')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect(newest.getByText('Đã tự động gộp với thay đổi trên máy chủ (khác trường).')).toBeVisible();
  await shot(page, 'sync-merged');
  const merged = await admin.unit(unit.id);
  expect(merged.member_count).toBe(mineCount + 2);
  expect(merged.workforce).toBe(theirsWorkforce + 1);
});

/** The chair's page is signed in (the earlier tests did it; run alone with --grep, sign in here). */
async function chairHome(): Promise<Unit> {
  await page.goto('/chair');
  const signIn = page.getByRole('button', { name: 'Đăng nhập' });
  await expect(signIn.or(page.getByTestId('member-count'))).toBeVisible();
  if (await signIn.isVisible()) await signInChair(page);
  await expect(page.getByTestId('member-count')).toHaveText(/\d/);
  return admin.unitByName((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'LCU-CS0001');
}

interface ChangeRequest { id: number; assignment_id: number | null; status: string; kind: string; end_reason: string | null; full_name: string }

test('a committee change (resignation) made offline waits, is sent exactly once, and the upper level confirms it', async ({ browser }) => {
  const home = await chairHome();
  const before = await admin.get<{ items: ChangeRequest[] }>(`/api/v1/committee-change-requests?unit_id=${home.id}`);
  await page.getByTestId('committee-link').click();
  await expect(page.getByRole('heading', { name: 'Đề nghị thay đổi ban chấp hành' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'chair committee form');

  // offline: end a post with a resignation
  await goOffline(context, page);
  await page.getByRole('radio', { name: 'Thôi giữ chức vụ' }).check();
  const member = page.getByRole('combobox', { name: 'Người thôi giữ chức vụ' });
  await expect(member).toBeVisible();
  const options = await member.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
  const pick = options.filter((o) => o.value).at(-1)!; // the last member listed (an ordinary committee member)
  await member.selectOption(pick.value);
  await page.getByRole('combobox', { name: 'Lý do' }).selectOption('resignation');
  await page.getByRole('textbox', { name: /Căn cứ, ghi chú/ }).fill('Đơn xin thôi ngày 01/12/2026');
  await shot(page, 'committee');
  await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await page.waitForURL((u) => u.pathname === '/chair/sync');
  const record = page.getByTestId('outbox-record').filter({ hasText: 'Đề nghị thay đổi BCH' });
  await expect(record).toHaveCount(1);
  await expect(record.getByTestId('sync-state')).toHaveAttribute('data-state', 'pending');
  await page.getByRole('link', { name: 'Trang chính' }).click();
  await page.getByTestId('committee-link').click();
  await expect(page.getByTestId('committee-local').getByTestId('sync-state')).toHaveText('Chờ gửi');
  await expectNoSeriousA11yViolations(page, 'chair committee (pending)');
  await shot(page, 'committee-pending');
  // nothing reached the server while offline
  expect((await admin.get<{ items: ChangeRequest[] }>(`/api/v1/committee-change-requests?unit_id=${home.id}`)).items).toHaveLength(before.items.length);

  // back online: sent exactly once
  await goOnline(context, page);
  await expect(page.getByTestId('committee-request').locator('[data-status="pending"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('committee-local')).toHaveCount(0);
  const sent = (await admin.get<{ items: ChangeRequest[] }>(`/api/v1/committee-change-requests?unit_id=${home.id}`)).items;
  expect(sent).toHaveLength(before.items.length + 1);
  const mine = sent.find((r) => !before.items.some((b) => b.id === r.id))!;
  expect(mine).toMatchObject({ kind: 'end', end_reason: 'resignation', status: 'pending', assignment_id: Number(pick.value) });
  await page.reload();
  await page.waitForTimeout(1500);
  expect((await admin.get<{ items: ChangeRequest[] }>(`/api/v1/committee-change-requests?unit_id=${home.id}`)).items).toHaveLength(sent.length);

  // the officer of the upper level confirms it in the officer app
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, locale: 'vi-VN', serviceWorkers: 'block' });
  const op = await office.newPage();
  await signIn(op, '/units/committee-changes', OFFICER);
  const card = op.getByTestId('change-request').filter({ hasText: mine.full_name }).filter({ hasText: 'Thôi giữ chức' });
  await expect(card).toHaveCount(1);
  await expectNoSeriousA11yViolations(op, 'officer committee changes');
  await op.screenshot({ path: `${SHOTS}/officer-committee-changes.png`, fullPage: true });
  await card.getByRole('textbox', { name: /Ý kiến|Ghi chú/ }).fill('Đồng ý cho thôi.');
  await card.getByTestId('confirm-change').click();
  await expect(card).toHaveCount(0); // leaves the pending list
  await expect.poll(async () => (await admin.get<ChangeRequest>(`/api/v1/committee-change-requests/${mine.id}`)).status).toBe('confirmed');
  await office.close();

  // the chair sees it confirmed
  await page.goto('/chair/committee');
  const confirmed = page.getByTestId('committee-request').filter({ has: page.locator('[data-status="confirmed"]') });
  await expect(confirmed).toHaveCount(1, { timeout: 30_000 });
  await expect(confirmed).toContainText('Đã được công nhận');
  await expect(confirmed).toContainText('Đồng ý cho thôi.');
  await expectNoSeriousA11yViolations(page, 'chair committee (confirmed)');
  await shot(page, 'committee-confirmed');
});

test('the chair enrols a cadre in a course the upper level offers, from /chair/training', async () => {
  const home = await chairHome();
  const today = new Date();
  const day = (n: number) => new Date(today.getTime() + n * 86400_000).toISOString().slice(0, 10);
  const year = today.getFullYear();
  const starts = day(3).startsWith(String(year)) ? day(3) : day(0);
  const ends = day(10).startsWith(String(year)) ? day(10) : `${year}-12-31`;
  const name = `Tập huấn nghiệp vụ công đoàn ${Date.now() % 100000}`;
  const course = await admin.post<{ id: number }>('/api/v1/training-courses', {
    name, organiser_unit_id: home.parent_id, tags: ['union_skills'], mode: 'in_class', starts_on: starts, ends_on: ends,
  });
  await page.getByTestId('training-link').click();
  await expect(page.getByRole('heading', { name: 'Đào tạo, bồi dưỡng' })).toBeVisible();
  await expect(page.getByTestId('training-coverage')).toBeVisible();
  const card = page.getByTestId('training-course').filter({ hasText: name });
  await expect(card).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, 'chair training');
  const person = card.getByRole('combobox', { name: 'Cán bộ đăng ký' });
  const first = await person.locator('option').nth(1).getAttribute('value');
  await person.selectOption(first!);
  await card.getByRole('button', { name: 'Đăng ký' }).click();
  await expect(card.getByTestId('enrolment-local').getByTestId('sync-state')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await shot(page, 'training');
  const enrolled = await admin.get<{ items: { cadre_id: number }[] }>(`/api/v1/training-courses/${course.id}/enrolments`);
  expect(enrolled.items.map((e) => e.cadre_id)).toEqual([Number(first)]);
});

test('self-declaration: the chair declares sections on the phone (offline too), the officer confirms or rejects each, the chair sees which', async ({ browser }) => {
  await chairHome();
  await page.getByTestId('profile-link').click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ của tôi (tự kê khai)' })).toBeVisible();
  const contact = page.getByTestId('declaration-contact');
  const quals = page.getByTestId('declaration-qualifications');
  await expect(contact.getByTestId('declaration-status')).toHaveAttribute('data-status', 'none');
  await expectNoSeriousA11yViolations(page, 'chair profile');

  // contact details, offline: kept in the outbox
  await goOffline(context, page);
  await contact.getByRole('button', { name: 'Kê khai' }).click();
  await contact.getByRole('textbox', { name: 'Số điện thoại' }).fill('0912 345 678');
  await contact.getByRole('textbox', { name: 'Thư điện tử' }).fill('chutich.cs1@congdoan.vn');
  await expectNoSeriousA11yViolations(page, 'chair profile form');
  await contact.getByRole('button', { name: 'Gửi kê khai' }).click();
  await expect(contact.getByTestId('declaration-local').getByTestId('sync-state')).toHaveAttribute('data-state', 'pending');
  await shot(page, 'profile-pending');
  // a qualification, declared once back online
  await goOnline(context, page);
  await expect(contact.getByTestId('declaration-status')).toHaveAttribute('data-status', 'pending', { timeout: 30_000 });
  await quals.getByRole('button', { name: 'Kê khai' }).click();
  await quals.getByRole('combobox', { name: 'Trình độ' }).selectOption('thac_si');
  await quals.getByRole('textbox', { name: 'Chuyên ngành' }).fill('Quản trị nhân lực');
  await quals.getByRole('button', { name: 'Gửi kê khai' }).click();
  await expect(quals.getByTestId('declaration-status')).toHaveAttribute('data-status', 'pending', { timeout: 30_000 });
  await expect(quals).toContainText('Thạc sĩ');

  const pending = (await admin.get<{ items: { id: number; cadre_id: number; section: string }[] }>('/api/v1/self-declarations?status=pending')).items;
  expect(pending.map((d) => d.section).sort()).toEqual(['contact', 'qualifications']); // each sent exactly once
  const cadreId = pending[0]!.cadre_id;
  const before = await admin.get<{ phone: string | null; version: number }>(`/api/v1/cadres/${cadreId}`);

  // the officer confirms the contact details and rejects the qualification (no evidence yet)
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, locale: 'vi-VN', serviceWorkers: 'block' });
  const op = await office.newPage();
  await signIn(op, `/cadres/${cadreId}`, OFFICER);
  await expect(op.getByTestId('cadre-declarations').getByTestId('self-declaration')).toHaveCount(2);
  await op.goto('/cadres/self-declarations');
  await expect(op.getByRole('heading', { name: 'Hồ sơ tự kê khai', level: 1 })).toBeVisible();
  const opContact = op.getByTestId('self-declaration').filter({ hasText: 'Thông tin liên hệ' });
  await expect(opContact).toContainText('0912 345 678');
  await expectNoSeriousA11yViolations(op, 'officer self-declarations');
  await op.screenshot({ path: `${SHOTS}/officer-self-declarations.png`, fullPage: true });
  await opContact.getByTestId('confirm-declaration').click();
  await expect(opContact).toHaveCount(0);
  const opQual = op.getByTestId('self-declaration').filter({ hasText: 'Trình độ, bằng cấp' });
  await opQual.getByRole('textbox', { name: /Ý kiến/ }).fill('Đề nghị nộp bản sao bằng để đối chiếu.');
  await opQual.getByRole('button', { name: 'Từ chối' }).click();
  await expect(opQual).toHaveCount(0);
  await office.close();
  const after = await admin.get<{ phone: string | null; email: string | null; version: number }>(`/api/v1/cadres/${cadreId}`);
  expect(after).toMatchObject({ phone: '0912 345 678', email: 'chutich.cs1@congdoan.vn', version: before.version + 1 });

  // the chair sees which sections are confirmed
  await page.goto('/chair/profile');
  await expect(contact.getByTestId('declaration-status')).toHaveText('Đã xác nhận', { timeout: 30_000 });
  await expect(quals.getByTestId('declaration-status')).toHaveText('Bị từ chối');
  await expect(quals).toContainText('Đề nghị nộp bản sao bằng để đối chiếu.');
  await expect(page.getByTestId('declaration-employment').getByTestId('declaration-status')).toHaveText('Chưa kê khai');
  await expectNoSeriousA11yViolations(page, 'chair profile (decided)');
  await shot(page, 'profile-decided');
});

test('English loads on demand, offline too (precached), and Vietnamese comes back', async () => {
  await chairHome();
  await swControls(page);
  await goOffline(context, page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('link', { name: 'Sync' })).toBeVisible();
  await page.getByTestId('profile-link').click();
  await expect(page.getByRole('heading', { name: 'My profile (self-declaration)' })).toBeVisible();
  await page.reload(); // English chosen before: fetched again at start-up, from the service worker
  await expect(page.getByRole('heading', { name: 'My profile (self-declaration)' })).toBeVisible();
  await page.getByRole('button', { name: /^(Tiếng Việt|Vietnamese)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ của tôi (tự kê khai)' })).toBeVisible();
  await goOnline(context, page);
});

test('manifest, icons and offline start pass the installability checks offline', async () => {
  await page.goto('/chair');
  await swControls(page);
  await goOffline(context, page);
  const checks = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    const manifest = (await (await fetch(link!.href)).json()) as Record<string, unknown> & { icons: { src: string; sizes: string; purpose?: string }[] };
    const icons = await Promise.all(
      manifest.icons.map(async (i) => {
        const blob = await (await fetch(i.src)).blob();
        const bmp = await createImageBitmap(blob);
        return { sizes: i.sizes, purpose: i.purpose ?? 'any', actual: `${bmp.width}x${bmp.height}`, type: blob.type };
      }),
    );
    return { manifest, icons, controlled: !!navigator.serviceWorker.controller, scope: (await navigator.serviceWorker.ready).scope };
  });
  expect(checks.manifest).toMatchObject({ name: expect.any(String), short_name: 'CĐCS', start_url: '/chair', display: 'standalone', lang: 'vi', theme_color: '#1c5fb8', background_color: '#ffffff', id: '/chair' });
  expect(checks.icons).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ sizes: '192x192', actual: '192x192', type: 'image/png' }),
      expect.objectContaining({ sizes: '512x512', actual: '512x512', purpose: 'any' }),
      expect.objectContaining({ sizes: '512x512', actual: '512x512', purpose: 'maskable' }),
    ]),
  );
  expect(checks.controlled).toBe(true);
  // offline start: start_url answers from the service worker
  await page.goto('/chair');
  await expect(page.getByTestId('member-count')).toBeVisible();
  // the sign-in page offline: the Vietnamese offline page, not the browser's error
  await page.goto('/oauth/authorize?client_id=cadre-spa');
  await expect(page.getByRole('heading', { name: 'Không có kết nối mạng' })).toBeVisible();
  await goOnline(context, page);
});

test('signed out and offline, "Đăng nhập" shows the Vietnamese offline page; other screens pass axe', async ({ browser }) => {
  await page.goto('/chair');
  await page.getByRole('link', { name: /Thông báo/ }).click();
  await expect(page.getByRole('heading', { name: 'Thông báo' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'chair notifications');
  await shot(page, 'notifications');

  const fresh = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
  const p = await fresh.newPage();
  await p.goto('/chair');
  await expect(p.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
  await swControls(p);
  await expectNoSeriousA11yViolations(p, 'chair landing');
  await shot(p, 'landing');
  await fresh.setOffline(true);
  await p.reload();
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(p.getByRole('heading', { name: 'Không có kết nối mạng' })).toBeVisible();
  await expectNoSeriousA11yViolations(p, 'chair offline sign-in');
  await shot(p, 'offline-sign-in');
  await fresh.close();
});

test('lost phone: once the token family is revoked, the offline-persisted session fails to renew and the app falls back to sign-in', async () => {
  await page.goto('/chair');
  await expect(page.getByTestId('member-count')).toBeVisible();
  await goOffline(context, page);
  await page.reload();
  await expect(page.getByTestId('member-count')).toBeVisible(); // still signed in offline

  // What POST /api/v1/admin/users/{id}/revoke-sessions does (spa-ops, issue 9): revoke every refresh token
  // family of the user. Done here on the e2e server's database until that endpoint is merged.
  const port = new URL(test.info().project.use.baseURL!).port;
  const db = process.env.E2E_DB ?? `${process.env.TMPDIR ?? '/tmp'}/cadre-e2e-${port}.db`;
  execFileSync('python3', ['-c', `import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
n=c.execute("UPDATE oauth_refresh_token SET revoked_at=CURRENT_TIMESTAMP WHERE revoked_at IS NULL AND user_id=(SELECT id FROM user_account WHERE username='chair')").rowcount
c.commit()
assert n>0, n`, db]);

  await goOnline(context, page);
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Phiên đăng nhập trên thiết bị này đã bị thu hồi. Vui lòng đăng nhập lại.')).toBeVisible();
  // nothing of the chair's data is left on the phone
  const left = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open('cadre-registry');
      r.onsuccess = () => resolve(r.result);
    });
    const count = (store: string) =>
      new Promise<number>((resolve) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
      });
    const saved = await new Promise<{ clientState?: { queries?: unknown[] } } | undefined>((resolve) => {
      const req = db.transaction('cache').objectStore('cache').get('chair-query-cache');
      req.onsuccess = () => resolve(req.result as { clientState?: { queries?: unknown[] } } | undefined);
    });
    const out = { cache: saved?.clientState?.queries?.length ?? 0, session: await count('session'), outbox: await count('outbox') };
    db.close();
    return out;
  });
  expect(left).toEqual({ cache: 0, session: 0, outbox: 0 });
  await shot(page, 'revoked');
});
