// Which /api/v1 paths of openapi.json the SPA calls (issue 9: at least 90 %), and that every path it does not call
// is listed with its reason in docs/architecture.md. Run by `npm run check:coverage` inside `make test`.
// A path counts as called when the source names it literally, with `${…}` in place of its {parameters}.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MIN_SHARE = 0.9;
const spec = JSON.parse(readFileSync('openapi.json', 'utf8'));
const paths = Object.keys(spec.paths).filter((p) => p.startsWith('/api/v1/'));

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') && !/\.test\.tsx?$/.test(name) ? [readFileSync(file, 'utf8')] : [];
  });
}
const src = sources('src').join('\n');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function called(path) {
  // '/api/v1/cadres/{cadre_id}/resume.docx' → /api/v1/cadres/(${…}|{cadre_id})/resume\.docx ; '.{fmt}' takes any suffix
  const pattern = path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? `(?:\\$\\{[^}]+\\}|${escape(part)}|\\w+)` : escape(part)))
    .join('');
  return new RegExp(`['"\`]${pattern}(?:['"\`?]|\\$\\{)`).test(src);
}

const uncalled = paths.filter((p) => !called(p));
const share = (paths.length - uncalled.length) / paths.length;
const architecture = readFileSync('../docs/architecture.md', 'utf8');
const unlisted = uncalled.filter((p) => !architecture.includes(p));
console.log(`SPA calls ${paths.length - uncalled.length} of ${paths.length} /api/v1 paths (${(100 * share).toFixed(1)} %)`);
for (const p of uncalled) console.log(`  not called: ${p}${unlisted.includes(p) ? '   ← missing from docs/architecture.md' : ''}`);
if (share < MIN_SHARE || unlisted.length > 0) {
  console.error(share < MIN_SHARE ? `below the ${100 * MIN_SHARE} % floor` : 'every uncalled path needs its reason in docs/architecture.md');
  process.exit(1);
}
