// Initial JavaScript of an entry page: every <script type="module"> and <link rel="modulepreload"> in dist/<page>,
// gzip-compressed (level 9, what the server and nginx send). Shared by chair-bundle-size.mjs (the /chair PWA,
// 120 KB) and officer-bundle-size.mjs (the officer app, index.html, 200 KB: issue 9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;

/** The entry's initial JS files with raw and gzip sizes, and the gzip total. */
export function initialJs(page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const files = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]))];
  let total = 0;
  const rows = files.map((f) => {
    const buf = readFileSync(join(dist, f));
    const gz = gzipSync(buf, { level: 9 }).length;
    total += gz;
    return { file: f, raw: buf.length, gzip: gz };
  });
  return { page, files: rows, total_gzip_bytes: total, total_gzip_kb: +(total / 1024).toFixed(1) };
}

/**
 * Print the entry's figures as JSON and exit 1 when over `budgetKb` or when it loads a file matching `forbidden`
 * (another app's entry or screens).
 */
export function checkBudget(page, budgetKb, forbidden, forbiddenKey) {
  const report = initialJs(page);
  const wrong = forbidden ? report.files.map((r) => r.file).filter((f) => forbidden.test(f)) : [];
  console.log(JSON.stringify({ ...report, budget_kb: budgetKb, ...(forbiddenKey ? { [forbiddenKey]: wrong } : {}) }, null, 2));
  if (report.total_gzip_bytes > budgetKb * 1024 || wrong.length) {
    console.error(`${page}: initial JS ${report.total_gzip_kb} KB gzip (budget ${budgetKb} KB)${wrong.length ? `, loads ${wrong.join(', ')}` : ''}`);
    process.exit(1);
  }
  return report;
}
