/**
 * A BM25F ranker over a few weighted text fields, with typo tolerance for Latin and Cyrillic
 * terms. Besides the BM25 score it reports coverage: how much of the query's information (its
 * idf mass) a document explains, which is what tells "on topic" from "shares one common word".
 */
import type { Script, Term } from './tokenizer.ts';

/** The fields a document has; each is scored with its own weight and length normalisation. */
export const FIELDS = ['title', 'questions', 'answer'] as const;
export type Field = (typeof FIELDS)[number];

/** One document to index: an id and the terms of each field. */
export interface IndexDoc {
  id: string;
  fields: Record<Field, readonly Term[]>;
}

/** Ranking knobs; the defaults suit short articles with many question variants. */
export interface RankerOptions {
  /** Term-frequency saturation. */
  k1?: number;
  /** How much each field counts. */
  weights?: Record<Field, number>;
  /** Length normalisation per field (0 none, 1 full). */
  b?: Record<Field, number>;
  /**
   * How much a question word the index has never seen lowers coverage, relative to the rarest
   * known word. An unknown word is often what the question is really about ("tourist visa"),
   * so it counts as much as a rare one; lower it to forgive filler words.
   */
  unknownWeight?: number;
}

/** One scored document. */
export interface RankedDoc {
  id: string;
  score: number;
  /** Share of the query's idf mass that this document matches, 0..1. */
  coverage: number;
  /** How many of the query's words (not pairs, bigrams or unknown numbers) the document matches. */
  matchedTerms: number;
  /** How many such words the query has. */
  queryTerms: number;
}

interface Posting {
  doc: number;
  tf: number[];
}

const DEFAULTS = {
  k1: 1.2,
  unknownWeight: 1,
  weights: { title: 2, questions: 1, answer: 0.2 },
  b: { title: 0.3, questions: 0.4, answer: 0.75 },
} satisfies Required<RankerOptions>;

/** A fuzzy match counts less than an exact one, and a looser one less again. */
const FUZZY_FACTOR = [1, 0.75, 0.55] as const;
const PREFIX_FACTOR = 0.6;
/**
 * A number no article mentions ("a fever of 40", "my 2 month old") is a detail of the person's
 * case, rarely what the question is about, so it lowers coverage much less than an unknown word.
 */
const UNKNOWN_NUMBER_FACTOR = 0.25;
/**
 * How much a word of the conversation's previous question counts, for the articles the question
 * itself matches: "how much does it cost?" after "how do I call an ambulance?" is about the
 * ambulance, but never about an article it shares no word with.
 */
const CONTEXT_FACTOR = 0.5;
/** Remembered fuzzy look-ups per index; typos repeat, the vocabulary does not change. */
const FUZZY_CACHE_LIMIT = 5000;

/**
 * Edit distance counting a swap of two neighbouring letters as one edit ("studnet"), since that
 * is the commonest typo on phone keyboards; stops early once it exceeds `max`.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] ?? 0) + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Edits allowed for a term of this length: none for short words, where one edit is another word. */
function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/** An immutable BM25F index built once from documents. */
export class Bm25Index {
  readonly #ids: string[];
  readonly #postings = new Map<string, Posting[]>();
  readonly #lengths: number[][];
  readonly #avg: number[];
  readonly #k1: number;
  readonly #weights: number[];
  readonly #b: number[];
  readonly #unknownWeight: number;
  /** Vocabulary by script and length, for typo look-ups. */
  readonly #vocab = new Map<Script, Map<number, string[]>>();
  readonly #fuzzyCache = new Map<string, { term: string; factor: number }[]>();

  constructor(docs: readonly IndexDoc[], options: RankerOptions = {}) {
    this.#k1 = options.k1 ?? DEFAULTS.k1;
    this.#unknownWeight = options.unknownWeight ?? DEFAULTS.unknownWeight;
    const weights = options.weights ?? DEFAULTS.weights;
    const b = options.b ?? DEFAULTS.b;
    this.#weights = FIELDS.map((f) => weights[f]);
    this.#b = FIELDS.map((f) => b[f]);
    this.#ids = docs.map((d) => d.id);
    this.#lengths = docs.map((d) => FIELDS.map((f) => d.fields[f].length));
    const totals = FIELDS.map((_, fi) => this.#lengths.reduce((sum, l) => sum + (l[fi] ?? 0), 0));
    this.#avg = totals.map((t) => (docs.length > 0 ? Math.max(1, t / docs.length) : 1));

    const scripts = new Map<string, Script>();
    docs.forEach((doc, di) => {
      const counts = new Map<string, number[]>();
      FIELDS.forEach((field, fi) => {
        for (const { term, script } of doc.fields[field]) {
          let tf = counts.get(term);
          if (!tf) counts.set(term, (tf = FIELDS.map(() => 0)));
          tf[fi] = (tf[fi] ?? 0) + 1;
          scripts.set(term, script);
        }
      });
      for (const [term, tf] of counts) {
        let list = this.#postings.get(term);
        if (!list) this.#postings.set(term, (list = []));
        list.push({ doc: di, tf });
      }
    });
    for (const [term, script] of scripts) {
      // Han bigrams ("~") and word pairs ("_") are never looked up fuzzily.
      if (term.startsWith('~') || term.includes('_') || (script !== 'latin' && script !== 'cyrillic')) continue;
      let byLength = this.#vocab.get(script);
      if (!byLength) this.#vocab.set(script, (byLength = new Map()));
      const list = byLength.get(term.length) ?? [];
      list.push(term);
      byLength.set(term.length, list);
    }
  }

  /** How many documents the index holds. */
  get size(): number {
    return this.#ids.length;
  }

  /** How many distinct terms the index holds. */
  get vocabularySize(): number {
    return this.#postings.size;
  }

  #idf(df: number): number {
    const n = this.#ids.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A term's BM25F term-frequency part in one document: its fields weighted, length-normalised and saturated. */
  #saturated(doc: number, tf: readonly number[]): number {
    let norm = 0;
    for (let f = 0; f < FIELDS.length; f++) {
      const count = tf[f] ?? 0;
      if (count === 0) continue;
      const b = this.#b[f] ?? 0;
      const length = this.#lengths[doc]?.[f] ?? 0;
      norm += ((this.#weights[f] ?? 0) * count) / (1 - b + (b * length) / (this.#avg[f] ?? 1));
    }
    return (norm * (this.#k1 + 1)) / (norm + this.#k1);
  }

  /** Index terms a query term stands for: itself, or close spellings and longer forms of it. */
  #resolve(term: Term): { term: string; factor: number }[] {
    if (this.#postings.has(term.term)) return [{ term: term.term, factor: 1 }];
    // Pairs and Han characters are matched exactly or not at all.
    if (term.bonus || (term.script !== 'latin' && term.script !== 'cyrillic')) return [];
    const key = `${term.script}:${term.term}`;
    const cached = this.#fuzzyCache.get(key);
    if (cached) return cached;
    const found = this.#fuzzy(term.term, term.script);
    if (this.#fuzzyCache.size >= FUZZY_CACHE_LIMIT) this.#fuzzyCache.clear();
    this.#fuzzyCache.set(key, found);
    return found;
  }

  #fuzzy(word: string, script: Script): { term: string; factor: number }[] {
    const byLength = this.#vocab.get(script);
    if (!byLength) return [];
    const max = allowedEdits(word.length);
    let best = max + 1;
    let found: string[] = [];
    if (max > 0) {
      for (let len = word.length - max; len <= word.length + max; len++) {
        for (const candidate of byLength.get(len) ?? []) {
          if (candidate.length < 4) continue;
          const d = typoDistance(word, candidate, Math.min(best, max));
          if (d < best) {
            best = d;
            found = [candidate];
          } else if (d === best && d <= max) found.push(candidate);
        }
      }
    }
    if (found.length > 0 && best <= max) {
      const factor = FUZZY_FACTOR[best] ?? 0;
      return found.slice(0, 3).map((term) => ({ term, factor }));
    }
    // A misspelt ending the stemmer could not strip: "insurnce" is "insur" and three letters more.
    if (word.length >= 6) {
      for (let len = Math.max(5, word.length - 3); len < word.length; len++) {
        const stem = word.slice(0, len);
        if (byLength.get(len)?.includes(stem)) return [{ term: stem, factor: PREFIX_FACTOR }];
      }
    }
    // A stem of five letters or more that starts a longer stem ("insur" and "insuranc").
    if (word.length < 5) return [];
    const prefixed: { term: string; factor: number }[] = [];
    for (const [len, list] of byLength) {
      if (len <= word.length || len > word.length + 6) continue;
      for (const candidate of list) if (candidate.startsWith(word)) prefixed.push({ term: candidate, factor: PREFIX_FACTOR });
    }
    return prefixed.slice(0, 3);
  }

  /**
   * Scores every document that shares a term with the query, best first.
   * `context` (the previous question's terms) adds to the scores of documents the query matches,
   * never to coverage or to the words matched.
   * @example index.search(tokenize('visa extension'), 5)
   */
  search(query: readonly Term[], limit = 10, context: readonly Term[] = []): RankedDoc[] {
    // The same term twice in a question is one request, not two.
    const unique = new Map<string, Term>();
    for (const t of query) {
      const seen = unique.get(t.term);
      if (!seen || seen.weight < t.weight) unique.set(t.term, t);
    }
    const scores = new Map<number, { score: number; matched: number; terms: number }>();
    const unknownIdf = this.#idf(1) * this.#unknownWeight;
    let queryMass = 0;
    let queryTerms = 0;
    for (const term of unique.values()) {
      const resolved = this.#resolve(term);
      if (resolved.length === 0) {
        const number = /^\d+$/.test(term.term);
        if (!term.bonus) queryMass += term.weight * unknownIdf * (number ? UNKNOWN_NUMBER_FACTOR : 1);
        if (!term.bonus && !number) queryTerms++;
        continue;
      }
      if (!term.bonus) queryTerms++;
      const perDoc = new Map<number, { score: number; matched: number }>();
      let termIdf = 0;
      for (const { term: indexTerm, factor } of resolved) {
        const postings = this.#postings.get(indexTerm) ?? [];
        const idf = this.#idf(postings.length);
        termIdf = Math.max(termIdf, idf);
        for (const { doc, tf } of postings) {
          const score = term.weight * factor * idf * this.#saturated(doc, tf);
          const matched = term.bonus ? 0 : term.weight * factor * idf;
          const prev = perDoc.get(doc);
          // Several spellings of one query term count once per document: the best one.
          if (!prev || prev.score < score) perDoc.set(doc, { score, matched });
        }
      }
      // A typo matched at 0.75 explains 0.75 of that word: the mass uses the full idf.
      if (!term.bonus) queryMass += term.weight * Math.max(termIdf, 1e-6);
      for (const [doc, s] of perDoc) {
        const acc = scores.get(doc) ?? { score: 0, matched: 0, terms: 0 };
        acc.score += s.score;
        acc.matched += s.matched;
        if (!term.bonus) acc.terms++;
        scores.set(doc, acc);
      }
    }
    // Context words count as spelled (no typo look-up), once each, for documents already matched.
    for (const term of new Map(context.map((t) => [t.term, t])).values()) {
      const postings = unique.has(term.term) ? undefined : this.#postings.get(term.term);
      if (!postings) continue;
      const idf = this.#idf(postings.length);
      for (const { doc, tf } of postings) {
        const acc = scores.get(doc);
        if (acc) acc.score += CONTEXT_FACTOR * term.weight * idf * this.#saturated(doc, tf);
      }
    }
    const ranked: RankedDoc[] = [];
    for (const [doc, { score, matched, terms }] of scores) {
      const id = this.#ids[doc];
      if (id !== undefined) ranked.push({ id, score, coverage: queryMass > 0 ? Math.min(1, matched / queryMass) : 0, matchedTerms: terms, queryTerms });
    }
    ranked.sort((a, b) => b.score - a.score || b.coverage - a.coverage || a.id.localeCompare(b.id));
    return ranked.slice(0, limit);
  }
}
