/**
 * Deciding what to do with a free-text question: greet, decline as out of scope, answer from an
 * article, or admit uncertainty and offer the closest topics. Pure and synchronous, so the quality
 * test measures exactly what the plugin does.
 */
import type { Lang } from '../message.ts';
import type { KnowledgeHit, KnowledgeStore } from './knowledge-store.ts';
import { tokenize } from './tokenizer.ts';

/**
 * When a hit counts as a confident answer. Tuned on the even-numbered half of the quality
 * fixture, with the odd half as a check; the whole fixture is what the quality test measures.
 */
export interface AnswerPolicy {
  /** Least share of the question's information the top article must match. */
  minCoverage: number;
  /** Least BM25F score of the top article. */
  minScore: number;
  /**
   * When the top article matches only one of the question's several words, that word must be one
   * the article is about (its title, several phrasings), scoring at least this much, rather than
   * one it mentions once: "my cat is sick" met a companion's phrasing about "a sick kid" (3.4),
   * where "my baby has a fever of 40" meets the fever clinic's title and questions (6.6).
   */
  oneWordScore: number;
  /**
   * The top article may cover less of the question when it clearly stands out: at least this
   * coverage, and a score at least `marginRatio` times the runner-up's.
   */
  marginCoverage: number;
  marginRatio: number;
  /** A small-talk match still answers when the top article covers this much of the question… */
  smalltalkOverrideCoverage: number;
  /** …and scores at least this much (one shared word such as "name" is not enough). */
  smalltalkOverrideScore: number;
  /** Least score for an article to be offered as a "closest topic". */
  suggestionMinScore: number;
  /**
   * …and least share of the question it must match: one shared word of a long sentence is no
   * topic. At 0.2, the fixture's in-scope questions the bot is unsure about get the right topic
   * offered 11 times in 12 (10 with no floor, 6 at 0.3), and everyday chat gets 90 topics offered
   * instead of 193.
   */
  suggestionMinCoverage: number;
  /** How many closest topics to offer when unsure. */
  maxSuggestions: number;
  /**
   * Under a confident answer, runners-up scoring at least this share of its score are offered
   * too ("see also"): close calls between neighbouring articles (visa for the patient or for the
   * companion) are where a confident answer is most often the wrong one.
   */
  alsoRatio: number;
  /** …and covering at least this much of the question. */
  alsoMinCoverage: number;
  /** How many such runners-up to offer. */
  maxAlso: number;
}

/** The defaults the quality test checks. */
export const DEFAULT_POLICY: AnswerPolicy = {
  minCoverage: 0.45,
  minScore: 2.5,
  oneWordScore: 5,
  marginCoverage: 0.35,
  marginRatio: 1.6,
  smalltalkOverrideCoverage: 0.85,
  smalltalkOverrideScore: 8,
  suggestionMinScore: 1,
  suggestionMinCoverage: 0.2,
  maxSuggestions: 3,
  alsoRatio: 0.7,
  alsoMinCoverage: 0.35,
  maxAlso: 2,
};

/** What to do with one message. */
export type Decision =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'outOfScope' }
  /** `several`: the message asked that many things with different answers; this answers the first that has one. */
  | { kind: 'answer'; hit: KnowledgeHit; hits: KnowledgeHit[]; also: KnowledgeHit[]; several?: number }
  /** `broad`: the question asks about a whole topic ("what does my insurance cover?"); the suggestions are that topic's articles. */
  | { kind: 'unsure'; suggestions: KnowledgeHit[]; hits: KnowledgeHit[]; broad?: true };

/** True when the top hit (given the runner-up) is good enough to show as the answer. */
export function isConfident(hits: readonly KnowledgeHit[], policy: AnswerPolicy = DEFAULT_POLICY): boolean {
  const [top, second] = hits;
  if (!top || top.score < policy.minScore) return false;
  if (top.queryTerms > 1 && top.matchedTerms <= 1 && top.score < policy.oneWordScore) return false;
  if (top.coverage >= policy.minCoverage) return true;
  return top.coverage >= policy.marginCoverage && top.score >= policy.marginRatio * (second?.score ?? 0);
}

/** The runners-up close enough to the top hit to offer beside it. */
function alsoFor(hits: readonly KnowledgeHit[], policy: AnswerPolicy): KnowledgeHit[] {
  const [top, ...rest] = hits;
  if (!top) return [];
  return rest.filter((h) => h.score >= policy.alsoRatio * top.score && h.coverage >= policy.alsoMinCoverage).slice(0, policy.maxAlso);
}

/**
 * The hits for a message, read with the question before only when it leans on it: one search
 * word ("how much does it cost?" after the ambulance question), a word that points back ("and
 * for students?", "а с ней можно…"), or no confident answer of its own. A follow-up with its own topic (急诊要带什么？ after a question about a fever) is read alone.
 */
function searchWith(store: KnowledgeStore, text: string, lang: Lang, limit: number, policy: AnswerPolicy, context: string | undefined): KnowledgeHit[] {
  if (!context) return store.search(text, lang, { limit });
  const words = tokenize(text, { bigrams: false }).filter((t) => !t.bonus).length;
  // "а какие документы нужны?" after a question about a residence permit asks about that permit.
  if (words <= 1 || store.leansOnBefore(text)) return store.search(text, lang, { limit, context });
  const alone = store.search(text, lang, { limit });
  return isConfident(alone, policy) ? alone : store.search(text, lang, { limit, context });
}

/**
 * A sentence and the marks that end it: a greeting or the person's plans around a question are
 * sentences of their own, and so is what stands before a spaced dash ("имплантация зубов в
 * Пекине — какая виза?").
 */
const SENTENCE = /(?:[^.!?…。！？\n\s]|\s(?![-–—]\s|\d{1,2}[).]\s))+(?:[.!?…。！？\n]+|\s[-–—]\s|\s(?=\d{1,2}[).]\s)|$)/gu;
const ASKS = /[?？]/u;

/**
 * The answer to one sentence of a message that has no confident answer as a whole: "Здравствуйте!
 * Какая виза мне нужна для лечения в Китае? Планирую ЭКО в Харбине" asks the middle sentence,
 * and the words of the others (a city, a treatment no article names) only lowered its coverage.
 * Only the sentences with a question mark count when there are some; answers only when every
 * sentence that has a confident answer has the same one.
 */
function sentenceAnswer(store: KnowledgeStore, text: string, lang: Lang, policy: AnswerPolicy): Decision | undefined {
  const all = (text.match(SENTENCE) ?? []).filter((s) => tokenize(s, { bigrams: false }).length > 0);
  if (all.length < 2) return undefined;
  // When some sentences ask ("…какая виза?"), the others tell the situation around the question.
  const questions = all.filter((s) => ASKS.test(s));
  const sentences = questions.length > 0 ? questions : all;
  let found: { hit: KnowledgeHit; hits: KnowledgeHit[] } | undefined;
  // The first question asked, when they have different answers: "1) … 2) … 3) …" gets one answer and is told so.
  let first: { hit: KnowledgeHit; hits: KnowledgeHit[] } | undefined;
  let answered = 0;
  let differ = false;
  for (const sentence of sentences) {
    if (store.smalltalk(sentence) === 'outOfScope') continue;
    // The other sentences tell the situation: like a previous question, they tip close calls.
    const context = all.filter((s) => s !== sentence).join(' ');
    const hits = store.search(sentence, lang, { limit: Math.max(5, policy.maxSuggestions), context });
    const [top] = hits;
    if (!top || !isConfident(hits, policy)) continue;
    answered += 1;
    first ??= { hit: top, hits };
    if (found && found.hit.article.id !== top.article.id) differ = true;
    if (!found || top.score > found.hit.score) found = { hit: top, hits };
  }
  // Several questions with their own answers: the first, saying the others need asking again.
  // Only for what reads as questions: sentences that tell the situation are no questions to count.
  const numbered = all.filter((s) => /^\s*\d{1,2}[).]\s/u.test(s)).length;
  if (differ) return (questions.length >= 2 || numbered >= 2) && first ? { kind: 'answer', hit: first.hit, hits: first.hits, also: [], several: answered } : undefined;
  return found ? { kind: 'answer', hit: found.hit, hits: found.hits, also: alsoFor(found.hits, policy) } : undefined;
}

/**
 * Decides how to answer `text` for a person reading `lang`.
 * @example decide(store, 'ambulance number?', 'en') // { kind: 'answer', hit: { article: emergency-numbers … } }
 */
export function decide(store: KnowledgeStore, text: string, lang: Lang, policy: AnswerPolicy = DEFAULT_POLICY, context?: string): Decision {
  const smalltalk = store.smalltalk(text);
  if (smalltalk === 'greeting' || smalltalk === 'thanks') return { kind: smalltalk };
  const hits = searchWith(store, text, lang, Math.max(5, policy.maxSuggestions), policy, context);
  // Typed as an article lists it: that article, however little its words tell the ranker.
  const phrased = store.phrased(text, lang);
  if (phrased) {
    const found = hits.find((h) => h.article.id === phrased.id);
    const hit = found ?? { article: phrased, score: Math.max(hits[0]?.score ?? 0, policy.minScore), coverage: 1, matchedLang: lang, matchedTerms: 1, queryTerms: 1 };
    // No "see also": the runners-up were no close call, the person typed this article's words.
    const ranked = [hit, ...hits.filter((h) => h !== found)];
    return { kind: 'answer', hit, hits: ranked, also: [] };
  }
  // "What does my insurance cover?" names no cover: the topic's articles, not the best-ranked one.
  const broad = store.broadArticles(text);
  if (broad && broad.length > 0) {
    const suggestions = broad.map((article) => hits.find((h) => h.article.id === article.id) ?? { article, score: 0, coverage: 0, matchedLang: lang, matchedTerms: 0, queryTerms: 0 });
    return { kind: 'unsure', suggestions: suggestions.slice(0, policy.maxSuggestions), hits, broad: true };
  }
  const top = hits[0];
  if (smalltalk === 'outOfScope') {
    // "Who made the rules for online doctors?" names a topic strongly enough to win.
    const strong = top !== undefined && top.coverage >= policy.smalltalkOverrideCoverage && top.score >= policy.smalltalkOverrideScore;
    return strong ? { kind: 'answer', hit: top, hits, also: alsoFor(hits, policy) } : { kind: 'outOfScope' };
  }
  if (top && isConfident(hits, policy)) return { kind: 'answer', hit: top, hits, also: alsoFor(hits, policy) };
  const part = sentenceAnswer(store, text, lang, policy);
  if (part) return part;
  const suggestions = hits.filter((h) => h.score >= policy.suggestionMinScore && h.coverage >= policy.suggestionMinCoverage).slice(0, policy.maxSuggestions);
  return { kind: 'unsure', suggestions, hits };
}
