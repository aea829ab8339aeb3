// After `vite build`: copy Swagger UI's files for the offline /api/docs, then write .br and .gz siblings of
// every compressible file so the server sends them precompressed (backend/app/core/static_files.py).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const require = createRequire(import.meta.url);

const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
mkdirSync(join(dist, 'api-docs'), { recursive: true });
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']) {
  copyFileSync(join(swaggerDir, f), join(dist, 'api-docs', f));
}

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.webmanifest', '.html', '.txt', '.map']);
let files = 0;
let raw = 0;
let gz = 0;
let br = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (COMPRESSIBLE.has(extname(name)) && statSync(path).size >= 1024) compress(path);
  }
}

function compress(path) {
  const data = readFileSync(path);
  const g = gzipSync(data, { level: 9 });
  const b = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  writeFileSync(`${path}.gz`, g);
  writeFileSync(`${path}.br`, b);
  files += 1;
  raw += data.length;
  gz += g.length;
  br += b.length;
}

for (const sub of ['assets', 'api-docs']) walk(join(dist, sub));
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`postbuild: ${files} files precompressed: ${kb(raw)} → gzip ${kb(gz)}, brotli ${kb(br)}`);
