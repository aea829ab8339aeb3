import { expect, test, type Page } from '@playwright/test';

import { signIn } from './helpers';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

/** Every visible button, link and text input is at least 24×24 CSS px (WCAG 2.2 SC 2.5.8). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const els = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="radio"]):not([type="hidden"]), [role="treeitem"] > div, .mantine-SegmentedControl-label',
    );
    const bad: string[] = [];
    els.forEach((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') return;
      if (el.closest('.skip-link') || el.classList.contains('skip-link')) return;
      if (r.width < 24 || r.height < 24) bad.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 30)}" ${r.width}×${r.height}`);
    });
    return bad;
  });
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('on a phone the navigation collapses to a burger', async ({ page }) => {
  await signIn(page, '/units');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  const burger = page.getByRole('button', { name: 'Mở menu điều hướng' });
  await expect(burger).toBeVisible();
  await expect(nav).not.toBeInViewport();

  await burger.click();
  await expect(nav).toBeInViewport();
  await expect(nav.getByRole('link', { name: 'Cán bộ', exact: true })).toBeVisible(); // a real screen now, not "sắp có"
  await nav.getByRole('link', { name: 'Đơn vị' }).click();
  await expect(nav).not.toBeInViewport();

  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await smallTargets(page)).toEqual([]);
});

test('on a phone the units tree (type groups, counts) and the jobs screen fit the width with large enough targets', async ({ page }) => {
  await signIn(page, '/units');
  const tree = page.getByRole('tree');
  await expect(tree.locator('[data-testid="tree-counts"]').first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await smallTargets(page)).toEqual([]);
  await page.goto('/jobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Công việc nền' })).toBeVisible();
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await smallTargets(page)).toEqual([]);
});

// /chair is the chair's own PWA (chair.html), tested at phone size with axe in tests/e2e/chair/chair.spec.ts.
