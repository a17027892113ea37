/**
 * The shape of a knowledge article (data/knowledge/<id>.json) and the loader that checks every
 * article at start-up. A broken article stops start-up with the file and the field named: a bot
 * that quietly drops an article would answer that topic with a wrong one.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { StoreError } from '../errors.ts';

/** Where the articles live unless told otherwise. */
export const DEFAULT_KNOWLEDGE_DIR = join(import.meta.dirname, '..', '..', 'data', 'knowledge');

/** Longest answer: it has to be read on a phone without scrolling twice. */
export const MAX_ANSWER = 900;

/** What an article is about. */
export const Topic = z.enum(['insurance', 'visa', 'emergency', 'hospital', 'telemedicine', 'consultation']);
export type Topic = z.infer<typeof Topic>;

/** The scripted flows an article can point to (their `start:<id>` choice). */
export const RelatedFlow = z.enum(['insurance', 'visa', 'consult']);
export type RelatedFlow = z.infer<typeof RelatedFlow>;

const plain = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Replies are plain text; adapters escape them, so markup would show up as stray symbols.
    .refine((s) => !/<\/?[a-z][^>]*>|\*\*|__|\]\(|^#{1,6}\s|`/im.test(s), 'plain text only: no HTML, Markdown or backticks');

/** One language's version of an article. */
export const ArticleLocale = z.strictObject({
  title: plain(120),
  /** Ways a person might ask this; the search matches against these first. */
  questions: z.array(plain(200)).min(3),
  answer: plain(MAX_ANSWER),
});
export type ArticleLocale = z.infer<typeof ArticleLocale>;

/** Where a fact comes from: a seed file name, or a public page with its address. */
export const Source = z.strictObject({
  name: z.string().trim().min(1).max(160),
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type Source = z.infer<typeof Source>;

const isoDate = z.iso.date().refine((d) => !Number.isNaN(Date.parse(d)), 'a real calendar date');

/** A knowledge article: one topic, in every language, with its sources and review date. */
export const Article = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by dashes, like "visa-extension"'),
  topic: Topic,
  relatedFlow: RelatedFlow.optional(),
  en: ArticleLocale,
  zh: ArticleLocale,
  ru: ArticleLocale,
  sources: z.array(Source).min(1),
  /** When a person last checked the facts (YYYY-MM-DD). */
  reviewed: isoDate,
});
export type Article = z.infer<typeof Article>;

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function invalid(path: string, reason: string, cause?: unknown): StoreError {
  return new StoreError('KNOWLEDGE_INVALID', `Knowledge article ${path} is not valid: ${reason}. Fix the file, then start again.`, { cause });
}

/**
 * Checks one article's JSON; throws StoreError KNOWLEDGE_INVALID naming the file and field.
 * The id must equal the file name, so an article is found where its id says.
 */
export function parseArticle(path: string, text: string): Article {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `not JSON (${(error as Error).message})`, error);
  }
  const parsed = Article.safeParse(json);
  if (!parsed.success) throw invalid(path, describe(parsed.error));
  const expected = basename(path, '.json');
  if (parsed.data.id !== expected) throw invalid(path, `id: "${parsed.data.id}" must equal the file name "${expected}"`);
  return parsed.data;
}

/**
 * Reads every `<id>.json` in `dir`, skipping files that start with "_" (small-talk lists and
 * other data that is not an article). Throws on the first broken file, or when there are none.
 */
export async function loadArticles(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<Article[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('_') && !n.startsWith('.')).sort();
  } catch (error) {
    throw new StoreError('KNOWLEDGE_INVALID', `Knowledge folder ${dir} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (names.length === 0) throw new StoreError('KNOWLEDGE_INVALID', `Knowledge folder ${dir} has no articles (<id>.json files).`);
  const articles: Article[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw invalid(path, `cannot be read (${(error as Error).message})`, error);
    }
    articles.push(parseArticle(path, text));
  }
  return articles;
}
