/**
 * Reading a length of time as people type it ("3 months", "about 10 days", "half a year",
 * "三个月", "半年", "полгода", "2-3 недели") in days, with the words from the locale's
 * `duration` section. Flows use it where a question asks how long.
 */
import type { I18n } from './i18n.ts';
import { LANGS } from './lang.ts';
import type { Lang } from './message.ts';
import { asciiDigits, normalize } from './text-match.ts';

/** Days in each unit; a month is a twelfth of a year, so "6 months" is more than 180 days. */
const DAYS = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 } as const;
type Unit = keyof typeof DAYS;
const UNITS = Object.keys(DAYS) as Unit[];

interface Reader {
  pattern: RegExp;
  /** A unit word that alone means one of it (`duration.oneUnit`: "месяц", "около месяца"). */
  unitAlone: RegExp | undefined;
  /** Any amount at all: a text with one has no unit standing alone. */
  anyAmount: RegExp;
  /** The unit first, in languages where that says "about" ("месяца три": about three months). */
  unitFirst: RegExp | undefined;
  units: Map<string, Unit>;
  numbers: Map<string, number>;
  halves: Set<string>;
  /** "more than 180 days" is longer than 180 days, "under 30 days" shorter than 30. */
  more: RegExp | undefined;
  less: RegExp | undefined;
}

const readers = new WeakMap<I18n, Map<Lang, Reader>>();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so "months" is tried before "month" and "十二" before "十". */
const alternation = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');
/** Latin and Cyrillic words stand whole; Han has no spaces to stand between. */
const START = '(?<![a-zа-я\\d])';
const END = '(?![a-zа-я])';

function wordsPattern(words: readonly string[]): RegExp | undefined {
  return words.length > 0 ? new RegExp(`${START}(?:${alternation(words)})${END}`, 'u') : undefined;
}

function readerFor(i18n: I18n, lang: Lang): Reader {
  let byLang = readers.get(i18n);
  if (!byLang) readers.set(i18n, (byLang = new Map()));
  let reader = byLang.get(lang);
  if (reader) return reader;
  const units = new Map<string, Unit>();
  for (const unit of UNITS) for (const w of i18n.list(lang, `duration.units.${unit}`)) units.set(normalize(w), unit);
  const numbers = new Map<string, number>();
  const numberWords = i18n.instance.t('duration.numbers', { lng: lang, returnObjects: true }) as unknown;
  if (numberWords && typeof numberWords === 'object') {
    for (const [value, words] of Object.entries(numberWords)) if (Array.isArray(words)) for (const w of words) numbers.set(normalize(String(w)), Number(value));
  }
  const halves = new Set(i18n.list(lang, 'duration.half').map(normalize));
  const amounts = ['\\d+(?:\\.\\d+)?', alternation([...numbers.keys(), ...halves])].filter(Boolean).join('|');
  // A range ("2-3 months", "2 to 3 months") needs nothing of its own: the unit follows the upper end.
  const pattern = new RegExp(`${START}(${amounts})\\s*(${alternation(units.keys())})${END}`, 'gu');
  const unitFirstWords = i18n.list(lang, 'duration.unitFirst').map(normalize);
  const unitFirst = unitFirstWords.length > 0 ? new RegExp(`${START}(${alternation(unitFirstWords)})\\s+(${amounts})${END}`, 'gu') : undefined;
  const more = wordsPattern(i18n.list(lang, 'duration.more').map(normalize));
  const less = wordsPattern(i18n.list(lang, 'duration.less').map(normalize));
  // Only where a language says "a month" with the bare word; "visa month" in English is no length.
  const oneUnit = i18n.list(lang, 'duration.oneUnit').map(normalize).filter((w) => units.has(w));
  const unitAlone = oneUnit.length > 0 ? new RegExp(`${START}(${alternation(oneUnit)})${END}`, 'gu') : undefined;
  const anyAmount = new RegExp(`\\d|${START}(?:${amounts})${END}`, 'u');
  reader = { pattern, unitAlone, anyAmount, unitFirst, units, numbers, halves, more, less };
  byLang.set(lang, reader);
  return reader;
}

/**
 * The length of time in the text, in days, or undefined when it names none, or several
 * ("2 weeks, then 3 months" is asked again rather than added up). A range counts its upper
 * end, the stay to plan for; "more than" adds a day and "less than" takes one away.
 * @example readDays('about 3 months', i18n, 'en') // 91.3125
 */
export function readDays(text: string, i18n: I18n, lang: Lang): number | undefined {
  const reader = readerFor(i18n, lang);
  if (reader.units.size === 0) return undefined;
  // normalize() turns punctuation into spaces: keep the decimal point of "1.5" through it.
  const folded = normalize(asciiDigits(text).replace(/(\d)[.,](\d)/gu, '$1\ue000$2')).replace(/\ue000/gu, '.');
  const found = [...folded.matchAll(reader.pattern)].map(([, amount = '', unitWord = '']) => ({ amount, unitWord }));
  if (found.length === 0 && reader.unitFirst) found.push(...[...folded.matchAll(reader.unitFirst)].map(([, unitWord = '', amount = '']) => ({ amount, unitWord })));
  // "примерно месяц", "около месяца": one of the unit.
  if (found.length === 0 && reader.unitAlone && !reader.anyAmount.test(folded)) {
    const alone = [...folded.matchAll(reader.unitAlone)];
    if (alone.length === 1) found.push({ amount: '1', unitWord: alone[0]?.[1] ?? '' });
  }
  if (found.length !== 1) return undefined;
  const { amount, unitWord } = found[0] ?? { amount: '', unitWord: '' };
  const unit = reader.units.get(unitWord);
  if (!unit) return undefined;
  const count = reader.halves.has(amount) ? 0.5 : (reader.numbers.get(amount) ?? Number(amount));
  if (!Number.isFinite(count) || count <= 0) return undefined;
  const days = count * DAYS[unit];
  if (reader.more?.test(folded)) return days + 1;
  if (reader.less?.test(folded)) return Math.max(days - 1, 0);
  return days;
}

/**
 * A whole message that is a number word ("семь", "seven", "七"), in `lang` or another of ours;
 * whole numbers only. For a step that asks for a number, where "seven" means 7.
 */
export function readNumberWord(text: string, i18n: I18n, lang: Lang): number | undefined {
  const word = normalize(text);
  // "a" and "an" are one in "a month", not an answer by themselves.
  if (/^an?$/.test(word)) return undefined;
  for (const each of new Set<Lang>([lang, ...LANGS])) {
    const value = readerFor(i18n, each).numbers.get(word);
    if (value !== undefined && Number.isInteger(value)) return value;
  }
  return undefined;
}
