import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createI18n } from '../src/i18n.ts';
import type { Lang } from '../src/message.ts';
import { checkSourceNames, formatReviewed, readableSources, SourceNames, sourcesLine, type SourcedFact } from '../src/sources.ts';

const i18n = createI18n();
const reader = (lang: Lang) => ({ lang, t: i18n.fixed(lang) });
const SEED = '004_629e329afd3aa1c8.txt';
const fact = (sources: string[], reviewed = '2026-11-24'): SourcedFact => ({ sources, reviewed });

describe('formatReviewed', () => {
  it('should write the review date the way each language does', () => {
    expect(formatReviewed('2026-11-24', 'en')).toBe('24 Nov 2026');
    expect(formatReviewed('2026-11-24', 'zh')).toBe('2026年11月24日');
    expect(formatReviewed('2026-11-24', 'ru')).toBe('24 нояб. 2026 г.');
  });
});

describe('readableSources', () => {
  it('should name each page by its host without "www.", once, in order of first use', () => {
    const facts = [fact(['https://www.gov.cn/a', 'https://en.firstaidchina.com/x']), fact(['http://gov.cn/b', 'https://jmir.org/2021'])];
    expect(readableSources(facts)).toEqual(['gov.cn', 'en.firstaidchina.com', 'jmir.org']);
  });

  it('should leave out a seed file, unless the data gives it a name', () => {
    expect(readableSources([fact([SEED, 'https://gov.cn/a'])])).toEqual(['gov.cn']);
    expect(readableSources([fact([SEED, 'https://gov.cn/a'])], { [SEED]: 'A guide for foreigners' })).toEqual(['A guide for foreigners', 'gov.cn']);
  });
});

describe('sourcesLine', () => {
  it('should name four sources and count the rest', () => {
    const facts = [fact(['https://a.cn/', 'https://b.cn/', 'https://c.cn/']), fact(['https://d.cn/', 'https://e.cn/', 'https://f.cn/'])];
    expect(sourcesLine(reader('en'), facts)).toBe('Sources: a.cn, b.cn, c.cn, d.cn and 2 more · checked 24 Nov 2026');
    expect(sourcesLine(reader('ru'), facts)).toBe('Источники: a.cn, b.cn, c.cn, d.cn и ещё 2 · проверено 24 нояб. 2026 г.');
  });

  it('should give the date of the stalest fact used', () => {
    const facts = [fact(['https://gov.cn/'], '2026-11-24'), fact(['https://gov.cn/'], '2026-03-02')];
    expect(sourcesLine(reader('zh'), facts)).toBe('来源：gov.cn · 核对于 2026年3月2日');
  });

  it('should say only when the facts were checked when no source has a name a person can read', () => {
    expect(sourcesLine(reader('en'), [fact([SEED])])).toBe('Checked 24 Nov 2026');
  });
});

describe('checkSourceNames', () => {
  it('should refuse a name for a source that no fact lists', () => {
    const File = z.object({ facts: z.array(z.object({ sources: z.array(z.string()), reviewed: z.string() })), sourceNames: SourceNames }).superRefine((file, ctx) => checkSourceNames(file.sourceNames, file.facts, ctx));
    const names = { '000_984cb4120ec90c0b.txt': 'pacificprime.com' };
    expect(File.safeParse({ facts: [fact(['000_984cb4120ec90c0b.txt'])], sourceNames: names }).success).toBe(true);
    expect(File.safeParse({ facts: [fact([SEED])], sourceNames: names }).success).toBe(false);
  });
});
