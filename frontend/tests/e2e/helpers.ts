import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export const DEMO_USER = { username: process.env.E2E_USERNAME ?? 'admin', password: process.env.E2E_PASSWORD ?? 'demo1234' };
export const PROVINCE = 'Liên đoàn Lao động tỉnh Lai Châu';

/**
 * Open `path`, press "Đăng nhập" on the landing card, fill the server's login page
 * (inputs name="username" / name="password" and a submit button) and come back to `path`.
 * The session survives a reload (refresh token), so a page already signed in just navigates:
 * a test that needs another user opens a new browser context for them.
 */
export async function signIn(page: Page, path = '/units', user = DEMO_USER): Promise<void> {
  await page.goto(path);
  const signInButton = page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ });
  const userMenu = page.getByRole('button', { name: /^(Đang đăng nhập|Signed in as)/ });
  await expect(signInButton.or(userMenu).first()).toBeVisible({ timeout: 20_000 });
  if (await userMenu.isVisible()) {
    await page.waitForURL((url) => url.pathname === path, { timeout: 20_000 });
    return;
  }
  await signInButton.click();
  const password = page.locator('input[name="password"]');
  await expect(password).toBeVisible();
  await page.locator('input[name="username"]').fill(user.username);
  await password.fill(user.password);
  await page.locator('form').filter({ has: password }).locator('[type="submit"]').first().click();
  await finishSignIn(page, path);
}

/** Wait for the SPA to come back to `path`; fail at once with the reason if /auth/callback failed. */
export async function finishSignIn(page: Page, path: string): Promise<void> {
  const failed = page.getByRole('heading', { name: /^(Đăng nhập không thành công|Sign-in failed)$/ });
  const outcome = await Promise.race([
    page
      .waitForURL((url) => url.pathname === path, { timeout: 20_000 })
      .then(() => 'ok' as const)
      .catch(() => 'timeout' as const),
    failed
      .waitFor({ timeout: 20_000 })
      .then(() => 'failed' as const)
      .catch(() => 'timeout' as const),
  ]);
  if (outcome === 'timeout') throw new Error(`sign-in did not return to ${path} (now at ${page.url()})`);
  if (outcome === 'failed') {
    const reason = await page.getByRole('alert').innerText();
    throw new Error(`sign-in failed on ${page.url()}:\n${reason}`);
  }
  await expect(page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ })).toHaveCount(0);
}

/** Open the tree nodes above the province until it is visible (admin sees the national root). */
export async function revealProvince(page: Page) {
  const tree = page.getByRole('tree');
  await expect(tree).toBeVisible();
  const province = tree.getByRole('treeitem', { name: PROVINCE, exact: true });
  for (let i = 0; i < 4 && !(await province.isVisible()); i++) {
    const collapsed = tree.locator('[role="treeitem"][aria-expanded="false"][aria-level="1"]');
    if ((await collapsed.count()) === 0) break;
    await collapsed.first().locator(':scope > div [data-testid="tree-toggle"]').click();
    await page.waitForTimeout(300);
  }
  await expect(province).toBeVisible();
  return province;
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Run axe and fail on any serious or critical violation, listing them readably. */
export async function expectNoSeriousA11yViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`)
    .join('\n');
  expect(bad, `${what}: axe violations\n${report}`).toEqual([]);
}

export const OFFICER = { username: 'officer', password: 'demo1234' };
export const CHAIR = { username: 'chair', password: 'demo1234' };
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Save a screenshot of the current page to docs/screenshots/<name>-<desktop|phone>.png (shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  const kind = width <= 480 ? 'phone' : 'desktop';
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Desktop: the whole page, but at most 2,000 px tall — a long table (audit log, ~650 tracked units) would
  // otherwise make a multi-megabyte image for the README.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: `../docs/screenshots/${name}-${kind}.png`,
    fullPage: kind === 'desktop',
    ...(kind === 'desktop' && height > 2000 ? { clip: { x: 0, y: 0, width, height: 2000 } } : {}),
  });
}

/** axe + screenshot at 1280 px, then again at 390 px (the page is re-laid out, not reloaded). */
export async function checkBothSizes(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await ready();
  await expectNoSeriousA11yViolations(page, `${name} (desktop)`);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await ready();
  await expectNoSeriousA11yViolations(page, `${name} (phone)`);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
}

/** Desktop and phone screenshots of the current page (no axe: for pages whose axe run is elsewhere). */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
}

/** The text of a .docx (word/document.xml with its tags dropped): a zip read through its central directory. */
export function docxText(path: string): string {
  const zip = readFileSync(path);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${path} is not a zip file`);
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === 'word/document.xml') {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8').replace(/<[^>]+>/g, '');
    }
    at += 46 + skip;
  }
  throw new Error(`${path} has no word/document.xml`);
}
