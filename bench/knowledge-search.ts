/**
 * Knowledge search latency: the real articles, and 1,000 generated ones to see how search grows
 * with the knowledge base. Queries are the quality fixture's questions (as people type them).
 * Run alone with `npx tsx bench/knowledge-search.ts`; `npm run bench` calls `benchKnowledgeSearch`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Article, type ArticleLocale, loadArticles } from '../src/knowledge/article.ts';
import { type KnowledgeStore, LowKnowledgeStore } from '../src/knowledge/knowledge-store.ts';
import { loadSmalltalk } from '../src/knowledge/smalltalk.ts';
import { loadSynonyms } from '../src/knowledge/synonyms.ts';
import type { Lang } from '../src/message.ts';

/** What the benchmark reports; latencies are per `search` call, in milliseconds. */
export interface KnowledgeSearchBench {
  realP50Ms: number;
  realP99Ms: number;
  generatedP50Ms: number;
  generatedP99Ms: number;
  articles: number;
  generatedArticles: number;
}

const GENERATED = 1000;
const LANGS: Lang[] = ['en', 'zh', 'ru'];

/** A small seeded generator, so every run searches the same synthetic articles. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Made-up place and product names grow the vocabulary the way new articles would.
const SYLLABLES = { en: ['ka', 'lo', 'ver', 'din', 'sha', 'mor', 'tel', 'qui', 'ran', 'bo'], zh: ['安', '康', '华', '明', '泰', '德', '瑞', '新', '仁', '和'], ru: ['ка', 'ло', 'вер', 'дин', 'ша', 'мор', 'тел', 'ки', 'ран', 'бо'] };

function name(lang: Lang, n: number): string {
  const parts = SYLLABLES[lang];
  let out = '';
  let k = n + 7;
  for (let i = 0; i < 3; i++) {
    out += parts[k % parts.length] ?? '';
    k = Math.floor(k / parts.length) + i + 1;
  }
  return out;
}

function pick<T>(items: readonly T[], next: () => number): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Mixes a real article's words with another's and adds a made-up name, in every language. */
export function generateArticles(real: readonly Article[], count = GENERATED, seed = 42): Article[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = pick(real, next);
    const other = pick(real, next);
    const locale = (lang: Lang): ArticleLocale => {
      const label = name(lang, i);
      const sep = lang === 'zh' ? '' : ' ';
      return {
        title: `${base[lang].title}${sep}${label}`,
        questions: [
          ...base[lang].questions.map((q) => `${q}${sep}${label}`),
          `${pick(other[lang].questions, next)}${sep}${label}`,
        ],
        answer: `${label}${sep}${base[lang].answer.slice(0, 400)}${sep}${other[lang].answer.slice(0, 300)}`,
      };
    };
    return { ...base, id: `gen-${i}-${base.id}`, en: locale('en'), zh: locale('zh'), ru: locale('ru') };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Times every query `rounds` times after one warm-up pass; returns sorted latencies in ms. */
function time(store: KnowledgeStore, queries: readonly { q: string; lang: Lang }[], rounds: number): number[] {
  for (const { q, lang } of queries) store.search(q, lang);
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const { q, lang } of queries) {
      const start = performance.now();
      store.search(q, lang);
      latencies.push(performance.now() - start);
    }
  }
  return latencies.sort((a, b) => a - b);
}

function fixtureQueries(): { q: string; lang: Lang }[] {
  const path = join(import.meta.dirname, '..', 'test', 'fixtures', 'knowledge-questions.json');
  const { items } = JSON.parse(readFileSync(path, 'utf8')) as { items: { q: string; lang: Lang }[] };
  return items.filter((i) => LANGS.includes(i.lang)).map(({ q, lang }) => ({ q, lang }));
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Measures search latency over the real articles and over 1,000 generated ones.
 * @example const { realP50Ms } = await benchKnowledgeSearch()
 */
export async function benchKnowledgeSearch(): Promise<KnowledgeSearchBench> {
  const real = await loadArticles();
  const smalltalk = await loadSmalltalk();
  const synonyms = await loadSynonyms();
  const queries = fixtureQueries();
  const realStore = await LowKnowledgeStore.fromArticles(real, smalltalk, { synonyms });
  const realTimes = time(realStore, queries, 20);
  const generated = generateArticles(real);
  const bigStore = await LowKnowledgeStore.fromArticles([...real, ...generated], smalltalk, { synonyms });
  const bigTimes = time(bigStore, queries, 5);
  return {
    realP50Ms: round(percentile(realTimes, 50)),
    realP99Ms: round(percentile(realTimes, 99)),
    generatedP50Ms: round(percentile(bigTimes, 50)),
    generatedP99Ms: round(percentile(bigTimes, 99)),
    articles: real.length,
    generatedArticles: generated.length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await benchKnowledgeSearch();
  const rows = [
    ['knowledge search', 'articles', 'p50 ms', 'p99 ms'],
    ['real', String(result.articles), result.realP50Ms.toFixed(3), result.realP99Ms.toFixed(3)],
    ['+ generated', String(result.articles + result.generatedArticles), result.generatedP50Ms.toFixed(3), result.generatedP99Ms.toFixed(3)],
  ];
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(18) : cell.padStart(9))).join(''));
  console.log(JSON.stringify({ bench: 'knowledge-search', ...result }));
}
