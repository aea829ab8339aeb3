// Officer-app performance figures for docs/benchmarks.md (issue 9):
//   1. gzip size of the initial JS per entry (what index.html loads before any route chunk), and of the
//      route chunks of the main pages;
//   2. time from pressing "Đăng nhập" on the login page to the first cadre list row, on an emulated mid-range
//      phone (CDP: 4x CPU slowdown, 150 ms RTT, 1.6 Mbps down / 750 kbps up), cold cache.
// Usage: server running (E2E_BASE_URL, default http://127.0.0.1:8765) with the demo data and a fresh build:
//   npm run build && node scripts/perf.mjs [runs]
import { chromium } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8765';
const runs = Number(process.argv[2] ?? 3);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

// 1. initial JS of the entry: the module script and its modulepreloads in index.html
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
const initialGz = initial.reduce((n, f) => n + gz(f), 0);
console.log(`| officer app (index.html) initial JS | ${initial.length} files | ${kb(initialGz)} gzip |`);
const assets = readdirSync(join(dist, 'assets'));
for (const page of ['HomePage', 'CadreListPage', 'CadreProfilePage', 'CadreFormPage', 'ImportWizard', 'UnitsPage', 'ChairPage']) {
  const file = assets.find((a) => a.startsWith(`${page}-`) && a.endsWith('.js'));
  if (file) console.log(`| route chunk ${page} | | ${kb(gz(`assets/${file}`))} gzip |`);
}

// 2. time to the first cadre list after sign-in on an emulated phone
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // a new phone: the context starts with an empty cache, then the HTTP cache works as on a real one (the SPA's hashed
  // assets are immutable, so the sign-in round trip back to /auth/callback reuses what the landing page loaded)
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${baseURL}/cadres`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const password = page.locator('input[name="password"]');
  await page.locator('input[name="username"]').fill('officer');
  await password.fill('demo1234');
  const start = Date.now();
  await page.locator('form').filter({ has: password }).locator('[type="submit"]').first().click();
  await page.getByTestId('cadre-cards').getByRole('link').first().waitFor({ timeout: 60_000 });
  times.push(Date.now() - start);
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`| sign-in → first cadre list (phone: 4x CPU, 150 ms RTT, 1.6 Mbps) | runs ${times.join(', ')} ms | median ${(median / 1000).toFixed(2)} s |`);
