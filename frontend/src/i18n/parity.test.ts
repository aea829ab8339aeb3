/**
 * Every key in Vietnamese exists in English and vice versa, in every namespace, with the same
 * {{placeholders}} and no empty text. Plural forms are compared by their base key, because the two
 * languages have different plural categories (Vietnamese has only "other").
 */
import { describe, expect, it } from 'vitest';

import { LANGUAGES, NAMESPACES, resources } from './resources';

type Tree = { [key: string]: string | Tree };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function baseKeys(map: Map<string, string>): Set<string> {
  return new Set([...map.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

describe('i18n resources', () => {
  it('have the same namespaces in every language', () => {
    for (const lng of LANGUAGES) expect(Object.keys(resources[lng]).sort()).toEqual([...NAMESPACES].sort());
  });

  for (const ns of NAMESPACES) {
    describe(`namespace "${ns}"`, () => {
      const vi = flatten(resources.vi[ns] as unknown as Tree);
      const en = flatten(resources.en[ns] as unknown as Tree);

      it('has every Vietnamese key in English and every English key in Vietnamese', () => {
        const viKeys = baseKeys(vi);
        const enKeys = baseKeys(en);
        expect([...viKeys].filter((k) => !enKeys.has(k)), 'missing in en').toEqual([]);
        expect([...enKeys].filter((k) => !viKeys.has(k)), 'missing in vi').toEqual([]);
      });

      it('has no empty strings', () => {
        for (const [lng, map] of [['vi', vi], ['en', en]] as const) {
          const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => `${lng}:${k}`);
          expect(empty).toEqual([]);
        }
      });

      it('uses the same placeholders in both languages', () => {
        const byBase = (map: Map<string, string>) => {
          const out = new Map<string, Set<string>>();
          for (const [k, v] of map) {
            const base = k.replace(PLURAL_SUFFIX, '');
            const set = out.get(base) ?? new Set<string>();
            placeholders(v).forEach((p) => set.add(p));
            out.set(base, set);
          }
          return out;
        };
        const viP = byBase(vi);
        const enP = byBase(en);
        const mismatched = [...viP.keys()].filter(
          (k) => [...(viP.get(k) ?? [])].sort().join() !== [...(enP.get(k) ?? [])].sort().join(),
        );
        expect(mismatched).toEqual([]);
      });
    });
  }
});
