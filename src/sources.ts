/**
 * Where what the bot states comes from, as a person reads it: readable source names and the date
 * the facts were checked, in the person's language. The knowledge articles and the
 * questionnaires' results both end with it, so a date reads the same everywhere.
 */
import { z } from 'zod';
import type { Lang } from './message.ts';
import type { Turn } from './turn.ts';

const SEED_FILE = /^\d{3}_[0-9a-f]{16}\.txt$/;

/** A fact's source as data/facts writes it: a public address, or the name of a seed file in shared/seeds. */
export const FactSource = z.string().regex(/^(?:https?:\/\/\S+|\d{3}_[0-9a-f]{16}\.txt)$/, 'must be a full URL or a seed file name like 004_629e329afd3aa1c8.txt');

/**
 * Names a person can read, by the source as the facts write it. A seed file means nothing to a
 * person, so it is shown only when named here; a page without a name shows its host.
 * @example { "000_984cb4120ec90c0b.txt": "pacificprime.com" }
 */
export const SourceNames = z.record(FactSource, z.string().trim().min(1).max(60));
export type SourceNames = z.infer<typeof SourceNames>;

/** What a result needs of each fact it used. */
export interface SourcedFact {
  readonly sources: readonly string[];
  /** YYYY-MM-DD. */
  readonly reviewed: string;
}

/** Most names in one line before "and N more". */
export const MAX_SHOWN_SOURCES = 4;

const DATE_LOCALES: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN', ru: 'ru-RU' };

// Building a formatter costs far more than formatting with one: one per language, made once.
const REVIEWED_FORMATS = new Map<Lang, Intl.DateTimeFormat>();

/** "24 Nov 2026", "2026年11月24日", "24 нояб. 2026 г.". */
export function formatReviewed(iso: string, lang: Lang): string {
  let format = REVIEWED_FORMATS.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(DATE_LOCALES[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    REVIEWED_FORMATS.set(lang, format);
  }
  return format.format(new Date(`${iso}T00:00:00Z`));
}

/** The name given in `names`, else a page's host without "www."; undefined for an unnamed seed file. */
function readableName(source: string, names: SourceNames): string | undefined {
  const named = names[source];
  if (named) return named;
  if (SEED_FILE.test(source)) return undefined;
  try {
    return new URL(source).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * The names of these facts' sources a person can read, each once, in order of first use.
 * @example readableSources([{ sources: ['004_629e329afd3aa1c8.txt', 'https://www.gov.cn/a', 'https://gov.cn/b'], reviewed: '2026-11-24' }]) // ['gov.cn']
 */
export function readableSources(facts: readonly SourcedFact[], names: SourceNames = {}): string[] {
  const shown = new Set<string>();
  for (const source of facts.flatMap((f) => f.sources)) {
    const name = readableName(source, names);
    if (name) shown.add(name);
  }
  return [...shown];
}

/**
 * For a facts file's `superRefine`: every source given a name is one that some fact lists, since
 * a misspelt seed file name would quietly lose its name.
 * @example .superRefine((file, ctx) => checkSourceNames(file.sourceNames, file.facts, ctx))
 */
export function checkSourceNames(names: SourceNames, facts: readonly SourcedFact[], ctx: z.RefinementCtx): void {
  const listed = new Set(facts.flatMap((f) => f.sources));
  for (const source of Object.keys(names).filter((s) => !listed.has(s))) {
    ctx.addIssue({ code: 'custom', path: ['sourceNames', source], message: 'no fact lists this source' });
  }
}

/**
 * The line a result ends with: "Sources: a, b, c, d and 3 more · checked 24 Nov 2026". The date
 * is the oldest review among the facts used: a result is only as fresh as its stalest fact.
 */
export function sourcesLine(turn: Pick<Turn, 't' | 'lang'>, facts: readonly SourcedFact[], names: SourceNames = {}): string {
  const oldest = facts.map((f) => f.reviewed).sort()[0];
  // No fact used, nothing stated: nothing to trace.
  if (oldest === undefined) return '';
  const date = formatReviewed(oldest, turn.lang);
  const all = readableSources(facts, names);
  if (all.length === 0) return turn.t('sources.checkedOnly', { date });
  const listed = all.slice(0, MAX_SHOWN_SOURCES).join(turn.t('sources.separator'));
  const more = all.length - MAX_SHOWN_SOURCES;
  const sources = more > 0 ? turn.t('sources.more', { sources: listed, n: more }) : listed;
  return turn.t(all.length === 1 ? 'sources.one' : 'sources.several', { sources, date });
}
