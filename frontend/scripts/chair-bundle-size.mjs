// Initial JavaScript of the /chair PWA: every <script type="module"> and <link rel="modulepreload"> in
// dist/chair.html, gzip-compressed (level 9, what the server and nginx send). Budget: 120 KB (issue 12).
// Also checks that none of those files is the officer app's entry or screens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'chair.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
const rows = files.map((f) => {
  const buf = readFileSync(join(dist, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  total += gz;
  return { file: f, raw: buf.length, gzip: gz };
});
const officer = files.filter((f) => /\/assets\/(main|UnitsPage|ChairPage)-/.test(f));
console.log(JSON.stringify({ files: rows, total_gzip_bytes: total, total_gzip_kb: +(total / 1024).toFixed(1), budget_kb: 120, officer_chunks: officer }, null, 2));
if (total > 120 * 1024 || officer.length) process.exit(1);
