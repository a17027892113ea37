import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmergencyGuide, DEFAULT_DATA_DIR } from '../src/emergency.ts';
import { createI18n } from '../src/i18n.ts';
import type { Lang } from '../src/message.ts';

interface Phrase {
  text: string;
  lang: Lang;
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'emergency-phrases.json'), 'utf8')) as {
  emergency: Phrase[];
  ordinary: Phrase[];
};
const LANGS: readonly Lang[] = ['en', 'zh', 'ru'];
const localeOf = (lang: Lang) =>
  JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'locales', lang, 'emergency.json'), 'utf8')) as Record<string, string>;
const DISPATCHER = localeOf('zh')['dispatcher'] ?? '';

// Only this area's locale files, so another area's half-written file cannot break these tests.
const i18n = createI18n(Object.fromEntries(LANGS.map((l) => [l, { translation: { emergency: localeOf(l) } }])));
const guide = createEmergencyGuide();

describe('emergency detection', () => {
  it('should carry enough phrases in every language', () => {
    for (const list of [fixture.emergency, fixture.ordinary]) {
      expect(list.length).toBeGreaterThanOrEqual(45);
      for (const lang of LANGS) expect(list.filter((p) => p.lang === lang).length).toBeGreaterThanOrEqual(15);
    }
  });

  it('should raise every emergency phrasing', () => {
    const missed = fixture.emergency.filter((p) => !guide.detect(p.text)).map((p) => `${p.lang}: ${p.text}`);
    expect(missed, `not detected:\n${missed.join('\n')}`).toEqual([]);
  });

  it('should stay quiet on ordinary health and insurance talk', () => {
    const alarms = fixture.ordinary.flatMap((p) => {
      const hit = guide.detect(p.text);
      return hit ? [`${p.lang}: ${p.text} -> ${hit.category}`] : [];
    });
    expect(alarms, `false alarms:\n${alarms.join('\n')}`).toEqual([]);
  });

  it('should judge every phrase the same on a second reading, once its misspellings are remembered', () => {
    const judge = (p: Phrase) => guide.detect(p.text)?.category ?? 'none';
    const all = [...fixture.emergency, ...fixture.ordinary];
    const first = all.map(judge);
    // Reversed, so a word first met in a later phrase is corrected from memory in an earlier one.
    expect([...all].reverse().map(judge).reverse()).toEqual(first);
    expect(guide.detect('i have really bad chest pian')).toMatchObject({ category: 'chest' });
    expect(guide.detect('the pain in my chest was last year, fine now')).toBeUndefined();
  });

  it('should have a phrase for every red-flag category in every language', () => {
    const redFlags = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'emergency', 'red-flags.json'), 'utf8')) as {
      categories: { id: string }[];
    };
    const found = new Set(fixture.emergency.map((p) => `${guide.detect(p.text)?.category}/${p.lang}`));
    const gaps = redFlags.categories.flatMap((c) => LANGS.map((l) => `${c.id}/${l}`)).filter((k) => !found.has(k));
    expect(gaps, `no fixture phrase for: ${gaps.join(', ')}`).toEqual([]);
  });

  it('should name the red flag it found', () => {
    expect(guide.detect('he is not breathing')).toMatchObject({ category: 'breathing' });
    expect(guide.detect('孩子抽搐了')).toMatchObject({ category: 'seizure' });
    expect(guide.detect('у папы сердечный приступ')).toMatchObject({ category: 'chest' });
  });

  it('should ignore empty and huge messages without trouble', () => {
    expect(guide.detect('')).toBeUndefined();
    expect(guide.detect('🙂🙂🙂')).toBeUndefined();
    expect(guide.detect('word '.repeat(50_000))).toBeUndefined();
  });
});

describe('emergency guidance', () => {
  it.each(LANGS)('should put the ambulance number first, urgently, with the dispatcher sentence (%s)', (lang) => {
    const replies = guide.replies(i18n.fixed(lang));
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies.length).toBeLessThanOrEqual(2);
    expect(replies[0]?.text.split('\n')[0]).toContain('120');
    expect(replies.every((r) => r.urgent === true)).toBe(true);
    const all = replies.map((r) => r.text).join('\n');
    expect(all).toContain(DISPATCHER);
    expect(all).toContain('110');
    expect(all).toContain('119');
    expect(all).not.toMatch(/{{|}}|emergency\./);
  });

  it('should keep the same keys, placeholders and dispatcher sentence in every locale', () => {
    const shape = (lang: Lang) =>
      Object.entries(localeOf(lang))
        .map(([key, text]) => `${key}:${[...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join(',')}`)
        .sort();
    expect(shape('zh')).toEqual(shape('en'));
    expect(shape('ru')).toEqual(shape('en'));
    expect(DISPATCHER).toMatch(/^这里有人需要急救/);
    for (const lang of LANGS) expect(localeOf(lang)['dispatcher']).toBe(DISPATCHER);
  });
});

describe('emergency data files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the two data files, with one of them changed by `edit`. */
  function dataDirWith(
    file: 'facts/emergency.json' | 'emergency/red-flags.json',
    edit: (data: Record<string, unknown>) => void,
  ): string {
    const dir = mkdtempSync(join(tmpdir(), 'emergency-test-'));
    dirs.push(dir);
    cpSync(join(DEFAULT_DATA_DIR, 'facts', 'emergency.json'), join(dir, 'facts', 'emergency.json'), { recursive: true });
    cpSync(join(DEFAULT_DATA_DIR, 'emergency', 'red-flags.json'), join(dir, 'emergency', 'red-flags.json'), { recursive: true });
    const path = join(dir, file);
    const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(data);
    writeFileSync(path, JSON.stringify(data));
    return dir;
  }

  it('should refuse a red-flags file with a broken field, naming the file and the field', () => {
    const dir = dataDirWith('emergency/red-flags.json', (d) => {
      (d['languages'] as { ru: Record<string, unknown> }).ru['negationBefore'] = 42;
    });
    expect(() => createEmergencyGuide(dir)).toThrow(/red-flags\.json.*languages\.ru\.negationBefore/);
  });

  it('should refuse a pattern that is not a valid regular expression, naming where it is', () => {
    const dir = dataDirWith('emergency/red-flags.json', (d) => {
      const [first] = d['categories'] as { acute: { en: string[] } }[];
      first?.acute.en.push('not (breathing');
    });
    expect(() => createEmergencyGuide(dir)).toThrow(/red-flags\.json.*categories\.0\.acute\.en/);
  });

  it('should refuse a facts file with a broken number', () => {
    const dir = dataDirWith('facts/emergency.json', (d) => {
      (d['numbers'] as Record<string, string>)['ambulance'] = '12O';
    });
    expect(() => createEmergencyGuide(dir)).toThrow(/facts.emergency\.json.*numbers\.ambulance/);
  });

  it('should take the numbers it states from the facts file', () => {
    const dir = dataDirWith('facts/emergency.json', (d) => {
      (d['numbers'] as Record<string, string>)['ambulance'] = '999';
    });
    const [first] = createEmergencyGuide(dir).replies(i18n.fixed('en'));
    expect(first?.text.split('\n')[0]).toContain('999');
  });
});
