import { defineConfig, devices } from '@playwright/test';

/**
 * The chair's phone PWA (issue 12): service workers ALLOWED (the main config blocks them), a phone viewport,
 * its own server port and database. Run: `npx playwright test -c playwright.chair.config.ts`.
 *   E2E_CHAIR_PORT  port of the throw-away server (default 8774)
 *   CHROMIUM_PATH   the browser (default /usr/bin/chromium; Playwright never downloads one)
 */
const port = process.env.E2E_CHAIR_PORT ?? process.env.E2E_PORT ?? '8774';
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const E2E_ADMIN_CLIENT = { id: 'e2e-chair-admin', secret: 'e2e-chair-admin-secret-0123456789' };

export default defineConfig({
  // CHAIR_PERF=1: the phone budgets benchmark (tests/perf, `make bench-chair`) instead of the e2e suite.
  testDir: process.env.CHAIR_PERF ? './tests/perf' : './tests/e2e/chair',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    ...devices['Pixel 5'],
    viewport: { width: 390, height: 844 },
    baseURL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chair-phone' }],
  webServer: {
    command: 'bash ../backend/scripts/e2e-server.sh',
    url: `${baseURL}/healthz`,
    timeout: 400_000, // seeding the demo province on a busy machine
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      E2E_PORT: port,
      CADRE_BOOTSTRAP_CLIENT_ID: E2E_ADMIN_CLIENT.id,
      CADRE_BOOTSTRAP_CLIENT_SECRET: E2E_ADMIN_CLIENT.secret,
    },
  },
});
