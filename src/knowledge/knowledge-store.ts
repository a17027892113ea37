/**
 * The knowledge store: the articles from data/knowledge in a lowdb database, indexed for search.
 * One store per app, shared by every messenger through the knowledge plugin. It is read-only
 * while the bot runs (articles change by editing files and restarting), so lowdb's in-memory
 * adapter is enough and the files stay the one source.
 */
import { Low, Memory } from 'lowdb';
import { LANGS } from '../lang.ts';
import type { Lang } from '../message.ts';
import { normalize } from '../text-match.ts';
import { type Article, DEFAULT_KNOWLEDGE_DIR, loadArticles } from './article.ts';
import { Bm25Index, type IndexDoc, type RankerOptions } from './ranker.ts';
import { loadSmalltalk, type SmalltalkDetector, type SmalltalkKind } from './smalltalk.ts';
import { StoreError } from '../errors.ts';
import { type BroadQuestions, loadBroadQuestions, NO_BROAD_QUESTIONS } from './broad-questions.ts';
import { loadSymptomWords, NO_SYMPTOMS, type SymptomWords } from './symptom-words.ts';
import { loadSynonyms, NO_SYNONYMS, type Synonyms } from './synonyms.ts';
import { tokenize } from './tokenizer.ts';

/** One search result. */
export interface KnowledgeHit {
  article: Article;
  /** BM25F score (after the cross-language discount); higher is better, not bounded. */
  score: number;
  /** Share of the question's information the article matches, 0..1. */
  coverage: number;
  /** The language version of the article that matched. */
  matchedLang: Lang;
  /** How many of the question's words the article matches, and how many it has (see RankedDoc). */
  matchedTerms: number;
  queryTerms: number;
}

/** Options for one search. */
export interface SearchOptions {
  /** Most hits to return (default 5). */
  limit?: number;
  /** The conversation's previous question: its words tip close calls among what this question matches. */
  context?: string;
}

/** Articles and search over them; the lowdb implementation is `LowKnowledgeStore`. */
export interface KnowledgeStore {
  /** Ranked hits for a question, best first; matches the person's language first, others too. */
  search(text: string, lang: Lang, options?: SearchOptions): KnowledgeHit[];
  get(id: string): Article | undefined;
  all(): readonly Article[];
  /**
   * The article that lists this very text among its question variants (case, punctuation and
   * spacing aside), when exactly one does: "I need a doctor" is that article's, however little
   * its one word tells the search.
   */
  phrased(text: string, lang: Lang): Article | undefined;
  /** Whether a message is a greeting, a thanks or goodbye, or clearly outside what the articles cover. */
  smalltalk(text: string): SmalltalkKind | undefined;
  /** True for a short message that leans on the question before it ("а сколько она стоит?"). */
  leansOnBefore(text: string): boolean;
  /**
   * The article for a message that tells how someone feels ("she is limp", 吐了两次), from
   * `_symptoms.json`: where to go. For when the search has no confident answer.
   */
  symptomArticle(text: string): Article | undefined;
  /** The same article for a message that tells symptoms and asks how serious they are, whatever else matches. */
  seriousnessArticle(text: string): Article | undefined;
  /** The article for a question about a medicine or a dose, from `_medicines.json` (the bot gives no medical advice). */
  medicineArticle(text: string): Article | undefined;
  /** The articles to offer for a question too broad for one ("what does my insurance cover?"), from `_broad.json`. */
  broadArticles(text: string): readonly Article[] | undefined;
}

/** Options for building a store. */
export interface KnowledgeStoreOptions {
  /** Ranking knobs, for experiments and benchmarks. */
  ranker?: RankerOptions;
  /** Score factor for a match in another language than the person's (default 0.9). */
  otherLangFactor?: number;
  /** Words searched as one (default: none; `openKnowledgeStore` reads `_synonyms.json`). */
  synonyms?: Synonyms;
  /** Words that tell symptoms (default: none; `openKnowledgeStore` reads `_symptoms.json`). */
  symptoms?: SymptomWords;
  /** Words of medicines and doses (default: none; `openKnowledgeStore` reads `_medicines.json`). */
  medicines?: SymptomWords;
  /** Questions too broad for one article (default: none; `openKnowledgeStore` reads `_broad.json`). */
  broad?: BroadQuestions;
}

interface KnowledgeData {
  articles: Article[];
}

const noSmalltalk: SmalltalkDetector = { detect: () => undefined, leansOnBefore: () => false };

function indexDocs(articles: readonly Article[], lang: Lang, synonyms: Synonyms): IndexDoc[] {
  const terms = (text: string) => synonyms.canonical(tokenize(text));
  return articles.map((a) => {
    const locale = a[lang];
    return {
      id: a.id,
      fields: {
        title: terms(locale.title),
        questions: locale.questions.flatMap(terms),
        answer: terms(locale.answer),
      },
    };
  });
}

/** "I'm sick!" and "im sick" are the same question. */
function foldQuestion(text: string): string {
  return normalize(text.replace(/['’]/gu, ''));
}

function phrasings(articles: readonly Article[], lang: Lang): Map<string, string | null> {
  const byText = new Map<string, string | null>();
  for (const article of articles) {
    for (const question of article[lang].questions) {
      const key = foldQuestion(question);
      const seen = byText.get(key);
      byText.set(key, seen === undefined || seen === article.id ? article.id : null);
    }
  }
  return byText;
}

/** The knowledge store on lowdb (in memory), with one search index per language. */
export class LowKnowledgeStore implements KnowledgeStore {
  readonly #db: Low<KnowledgeData>;
  readonly #byId: Map<string, Article>;
  readonly #indexes: Map<Lang, Bm25Index>;
  readonly #smalltalk: SmalltalkDetector;
  readonly #otherLangFactor: number;
  readonly #synonyms: Synonyms;
  readonly #symptoms: SymptomWords;
  readonly #medicines: SymptomWords;
  readonly #broad: BroadQuestions;
  /** Per language: folded question variant → article id, or null when two articles share it. */
  readonly #phrasings: Map<Lang, Map<string, string | null>>;

  private constructor(db: Low<KnowledgeData>, smalltalk: SmalltalkDetector, options: KnowledgeStoreOptions) {
    this.#db = db;
    this.#smalltalk = smalltalk;
    this.#otherLangFactor = options.otherLangFactor ?? 0.9;
    this.#synonyms = options.synonyms ?? NO_SYNONYMS;
    this.#symptoms = options.symptoms ?? NO_SYMPTOMS;
    this.#medicines = options.medicines ?? NO_SYMPTOMS;
    this.#broad = options.broad ?? NO_BROAD_QUESTIONS;
    const articles = db.data.articles;
    this.#byId = new Map(articles.map((a) => [a.id, a]));
    for (const [file, words] of [['_symptoms.json', this.#symptoms], ['_medicines.json', this.#medicines]] as const) {
      const shown = words.article;
      if (shown !== undefined && !this.#byId.has(shown)) throw new StoreError('KNOWLEDGE_INVALID', `${file} names the article "${shown}", which does not exist: use the id of an article in data/knowledge.`);
    }
    for (const id of this.#broad.named) {
      if (!this.#byId.has(id)) throw new StoreError('KNOWLEDGE_INVALID', `_broad.json names the article "${id}", which does not exist: use the id of an article in data/knowledge.`);
    }
    this.#indexes = new Map(LANGS.map((lang) => [lang, new Bm25Index(indexDocs(articles, lang, this.#synonyms), options.ranker)]));
    this.#phrasings = new Map(LANGS.map((lang) => [lang, phrasings(articles, lang)]));
  }

  /**
   * Builds a store from articles already checked (tests, benchmarks).
   * @example await LowKnowledgeStore.fromArticles(articles)
   */
  static async fromArticles(articles: readonly Article[], smalltalk: SmalltalkDetector = noSmalltalk, options: KnowledgeStoreOptions = {}): Promise<LowKnowledgeStore> {
    const db = new Low<KnowledgeData>(new Memory(), { articles: [] });
    db.data = { articles: [...articles] };
    await db.write();
    return new LowKnowledgeStore(db, smalltalk, options);
  }

  /** How many distinct search terms each language's index holds (benchmarks, diagnostics). */
  vocabularySizes(): Record<Lang, number> {
    return { en: this.#indexes.get('en')?.vocabularySize ?? 0, zh: this.#indexes.get('zh')?.vocabularySize ?? 0, ru: this.#indexes.get('ru')?.vocabularySize ?? 0 };
  }

  search(text: string, lang: Lang, options: SearchOptions = {}): KnowledgeHit[] {
    const limit = options.limit ?? 5;
    const terms = this.#synonyms.canonical(tokenize(text));
    if (terms.length === 0) return [];
    const context = options.context ? this.#synonyms.canonical(tokenize(options.context)) : [];
    const best = new Map<string, KnowledgeHit>();
    for (const [indexLang, index] of this.#indexes) {
      const factor = indexLang === lang ? 1 : this.#otherLangFactor;
      for (const ranked of index.search(terms, Math.max(limit * 2, 10), context)) {
        const article = this.#byId.get(ranked.id);
        if (!article) continue;
        const score = ranked.score * factor;
        const seen = best.get(ranked.id);
        if (!seen || seen.score < score) best.set(ranked.id, { article, score, coverage: ranked.coverage, matchedLang: indexLang, matchedTerms: ranked.matchedTerms, queryTerms: ranked.queryTerms });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id)).slice(0, limit);
  }

  get(id: string): Article | undefined {
    return this.#byId.get(id);
  }

  all(): readonly Article[] {
    return this.#db.data.articles;
  }

  phrased(text: string, lang: Lang): Article | undefined {
    const id = this.#phrasings.get(lang)?.get(foldQuestion(text));
    return id ? this.#byId.get(id) : undefined;
  }

  smalltalk(text: string): SmalltalkKind | undefined {
    return this.#smalltalk.detect(text);
  }

  leansOnBefore(text: string): boolean {
    return this.#smalltalk.leansOnBefore(text);
  }

  symptomArticle(text: string): Article | undefined {
    return articleFor(this.#symptoms, text, this.#byId);
  }

  seriousnessArticle(text: string): Article | undefined {
    return this.#symptoms.article !== undefined && this.#symptoms.asksHowSerious(text) ? this.#byId.get(this.#symptoms.article) : undefined;
  }

  medicineArticle(text: string): Article | undefined {
    return articleFor(this.#medicines, text, this.#byId);
  }

  broadArticles(text: string): readonly Article[] | undefined {
    const ids = this.#broad.articlesFor(this.#synonyms.canonical(tokenize(text)));
    return ids?.flatMap((id) => this.#byId.get(id) ?? []);
  }
}

/** The article a word list points to, when the text holds one of its words. */
function articleFor(words: SymptomWords, text: string, byId: ReadonlyMap<string, Article>): Article | undefined {
  return words.article !== undefined && words.describes(text) ? byId.get(words.article) : undefined;
}

/**
 * Loads and checks every article and the small-talk lists, then indexes them. Throws StoreError
 * KNOWLEDGE_INVALID naming the file and field when one is broken.
 * @example const knowledge = await openKnowledgeStore()
 */
export async function openKnowledgeStore(dir: string = DEFAULT_KNOWLEDGE_DIR, options: KnowledgeStoreOptions = {}): Promise<KnowledgeStore> {
  const [articles, smalltalk, synonyms, symptoms, medicines] = await Promise.all([
    loadArticles(dir),
    loadSmalltalk(dir),
    loadSynonyms(dir),
    loadSymptomWords(dir),
    loadSymptomWords(dir, '_medicines.json'),
  ]);
  const broad = await loadBroadQuestions(synonyms, dir);
  return LowKnowledgeStore.fromArticles(articles, smalltalk, { synonyms, symptoms, medicines, broad, ...options });
}
