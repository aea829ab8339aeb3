import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against a running server (built SPA + API with demo data).
 *   E2E_BASE_URL      where it runs (default http://127.0.0.1:8765)
 *   E2E_START_SERVER  set to 1 to have Playwright start `backend/scripts/e2e-server.sh` itself
 *   CHROMIUM_PATH     the browser (default /usr/bin/chromium; Playwright never downloads one)
 */
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8765';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests/e2e',
  testIgnore: [/tests[\/]e2e[\/]chair[\/]/], // the chair PWA's specs need service workers: playwright.chair.config.ts
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
  ],
  webServer:
    process.env.E2E_START_SERVER === '1'
      ? {
          command: 'bash ../backend/scripts/e2e-server.sh',
          url: `${baseURL}/healthz`,
          timeout: 180_000,
          reuseExistingServer: !process.env.CI,
          stdout: 'pipe',
          stderr: 'pipe',
        }
      : undefined,
});
