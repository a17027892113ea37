/**
 * Cantonese written in Chinese characters ("心口好痛，唞唔到氣", "你係咪真人？") read as Mandarin,
 * in which the red flags, the articles and the questionnaires are written: a Hong Kong father's
 * "my chest hurts, I can't breathe" raised no alarm. The words live in data/language/cantonese.json;
 * the text reaching here is already simplified (src/traditional-chinese.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Pairs = z.array(z.tuple([z.string().min(1), z.string()]));

/** The file format of data/language/cantonese.json. */
export const CantoneseFile = z.strictObject({
  about: z.string(),
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-02'),
  /** Characters and words Mandarin does not use: one makes a message Cantonese. */
  markers: z.array(z.string().min(1)).min(1),
  /** Replaced in any Chinese message: Mandarin says them too ("心口" for the chest). */
  always: Pairs,
  /** Replaced only in a message with a marker. */
  cantonese: Pairs,
});
export type CantoneseFile = z.infer<typeof CantoneseFile>;

const DEFAULT_FILE = join(import.meta.dirname, '..', 'data', 'language', 'cantonese.json');
const HAN = /\p{Script=Han}/u;

/** Reads Cantonese as Mandarin: longest entries first, each replaced wherever it stands. */
export interface CantoneseReader {
  read(text: string): string;
}

/** One regex of the entries, longest first, and the replacement for each. */
function replacer(pairs: readonly (readonly [string, string])[]): (text: string) => string {
  if (pairs.length === 0) return (text) => text;
  const byWord = new Map(pairs.map(([from, to]) => [from, to]));
  const words = [...byWord.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
  return (text) => text.replace(re, (word) => byWord.get(word) ?? word);
}

/** Builds the reader from the file's lists. */
export function createCantoneseReader(file: CantoneseFile): CantoneseReader {
  const always = replacer(file.always);
  const cantonese = replacer(file.cantonese);
  const markers = file.markers;
  return {
    read(text) {
      if (!HAN.test(text)) return text;
      const mandarin = always(text);
      return markers.some((m) => mandarin.includes(m)) ? cantonese(mandarin) : mandarin;
    },
  };
}

/** Loads and checks the word lists; throws naming the file and the field when it is broken. */
export function loadCantoneseReader(path: string = DEFAULT_FILE): CantoneseReader {
  const parsed = CantoneseFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Language data file ${path} is broken: field "${issue?.path.join('.') ?? ''}" ${issue?.message ?? ''}`);
  }
  return createCantoneseReader(parsed.data);
}
