import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/i18n.ts';
import { FIXTURE_LOCALES } from '../helpers/app.ts';

type Tree = { [key: string]: unknown };

/** Every leaf key of a locale, with plural suffixes folded (Russian has _few/_many, Chinese only _other). */
function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(tree)) {
    // An empty list is a language having none of something (English puts no unit before its number), not a gap.
    out.set(prefix, tree.length > 0 ? tree.join(' ') : '[]');
    return out;
  }
  if (typeof tree !== 'object' || tree === null) {
    out.set(prefix.replace(/_(zero|one|two|few|many|other)$/, ''), String(tree));
    return out;
  }
  for (const [k, v] of Object.entries(tree as Tree)) {
    for (const [key, text] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(key, (out.get(key) ?? '') + text);
  }
  return out;
}

function variables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}

for (const [name, dir] of [['product', undefined], ['test fixture', FIXTURE_LOCALES]] as const) {
  describe(`${name} locales`, () => {
    const resources = loadResources(dir);
    const of = (lang: string) => leaves((resources[lang] as { translation: unknown }).translation);
    const en = of('en');

    for (const lang of ['zh', 'ru']) {
      it(`should give ${lang} every key English has, with the same variables`, () => {
        const other = of(lang);
        const missing = [...en.keys()].filter((k) => !other.has(k));
        expect(missing, `keys missing in ${lang}`).toEqual([]);
        const extra = [...other.keys()].filter((k) => !en.has(k));
        expect(extra, `keys in ${lang} that English lacks`).toEqual([]);
        const mismatched = [...en].filter(([k, text]) => other.has(k) && variables(text).join() !== variables(other.get(k) ?? '').join()).map(([k]) => k);
        expect(mismatched, `keys whose {{variables}} differ in ${lang}`).toEqual([]);
      });

      it(`should leave no ${lang} text empty`, () => {
        expect([...of(lang)].filter(([, text]) => text.trim() === '').map(([k]) => k)).toEqual([]);
      });
    }
  });
}
