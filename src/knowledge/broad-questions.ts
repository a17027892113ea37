/**
 * Questions too broad for one article: "what does my insurance cover?" names no cover, and
 * every insurance article matches its two words about equally, so the ranker's pick (the
 * telemedicine cover article) answered a question the person never asked. When every word of a
 * question is one of a topic's broad words, the bot offers that topic's articles (and its
 * advisor) instead of answering. The words live in data/knowledge/_broad.json.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR } from './article.ts';
import { readDataFile } from './data-file.ts';
import type { Synonyms } from './synonyms.ts';
import { type Term, tokenize } from './tokenizer.ts';

const Words = z.array(z.string().min(1));

/** The file format of `_broad.json`. */
export const BroadFile = z.strictObject({
  about: z.string().optional(),
  questions: z.array(
    z.strictObject({
      /** Words that alone ask nothing an article answers; a question made only of them is broad. */
      words: z.strictObject({ en: Words, zh: Words, ru: Words }),
      /** The articles to offer, in order. */
      articles: z.array(z.string().min(1)).min(1),
    }),
  ),
});
export type BroadFile = z.infer<typeof BroadFile>;

/** Which articles to offer for a broad question. */
export interface BroadQuestions {
  /** Every article id the file names (checked against the articles when the store opens). */
  readonly named: readonly string[];
  /** The articles for a question whose every search term is one of a group's broad words. */
  articlesFor(terms: readonly Term[]): readonly string[] | undefined;
}

export const NO_BROAD_QUESTIONS: BroadQuestions = { named: [], articlesFor: () => undefined };

/** Builds the matcher, reading each listed word as the search reads it (stem, synonym group). */
export function createBroadQuestions(file: BroadFile, synonyms: Synonyms): BroadQuestions {
  const groups = file.questions.map((q) => ({
    terms: new Set([...q.words.en, ...q.words.zh, ...q.words.ru].flatMap((w) => synonyms.canonical(tokenize(w, { bigrams: false })).map((t) => t.term))),
    articles: q.articles,
  }));
  return {
    named: groups.flatMap((g) => g.articles),
    articlesFor(terms) {
      // Whole words decide; a Chinese character pair ("~保险") only shadows the words it spans.
      const words = terms.filter((t) => !t.bonus && !t.term.startsWith('~'));
      if (words.length === 0) return undefined;
      return groups.find((g) => words.every((t) => g.terms.has(t.term)))?.articles;
    },
  };
}

/** Reads `_broad.json` from the knowledge folder (none there: no broad questions). */
export async function loadBroadQuestions(synonyms: Synonyms, dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<BroadQuestions> {
  const file = await readDataFile(join(dir, '_broad.json'), BroadFile, 'Broad question list _broad.json', { optional: true });
  return file ? createBroadQuestions(file, synonyms) : NO_BROAD_QUESTIONS;
}
