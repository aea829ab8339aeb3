import type { Browser, Page } from '@playwright/test';

export { OFFICER, PHONE, screenshot as shot } from './helpers';
export const APPROVER = { username: 'approver', password: 'demo1234' };
export const ADMIN = { username: 'admin', password: 'demo1234' };


/** Pick an option of a searchable Mantine Select by typing into it. */
export async function pick(page: Page, label: string | RegExp, typed: string, option: string | RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** A fresh browser context (own cookies) with the suite's locale, time zone and an optional phone viewport. */
export async function newUserPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'block',
    viewport: viewport ?? { width: 1280, height: 800 },
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8765',
  });
  return context.newPage();
}
