/**
 * Turning text into search terms for the knowledge index, in English, Chinese and Russian.
 * Chinese has no spaces: words come from `Intl.Segmenter`, plus overlapping character bigrams
 * so a segmentation that differs between the question and the article still shares terms.
 * Latin and Cyrillic words are lightly stemmed so "visas"/"visa" and "визу"/"виза" meet.
 */
import { normalize } from '../text-match.ts';

/** Which writing system a term belongs to; fuzzy matching only compares terms of one script. */
export type Script = 'han' | 'latin' | 'cyrillic' | 'digit';

/** One search term and how much it should count (bigrams count less than whole words). */
export interface Term {
  readonly term: string;
  readonly script: Script;
  readonly weight: number;
  /**
   * Adds to the score when found but is not part of what the question asks (word pairs):
   * an unmatched pair says nothing about whether the article is on topic.
   */
  readonly bonus?: boolean;
}

/** Bigrams overlap the words they come from, so each counts for less than a word. */
export const BIGRAM_WEIGHT = 0.5;
/** Adjacent word pairs ("residence permit") reward phrase matches. */
export const PAIR_WEIGHT = 0.5;

// Words that carry no topic in a question. Kept short on purpose: a longer list starts eating
// words that do matter ("not", "free", "without"). "help" is one: "can you help me with
// insurance?" is about insurance, not about the language-help article's title.
const STOPWORDS_EN = new Set(
  (
    'a an the is are am was were be been being do does did doing have has had i me my mine we us our you your yours he she it its they them their ' +
    'this that these those there here what whats which who whom whose when where why how can could should would will shall may might must ' +
    'to of in on at for with about into from by as and or but if so than then also just any some anything something please pls plz ' +
    'hi hello hey thanks thank tell know want wanna need get got im ive id dont doesnt cant isnt u ur ya yo ok okay one ' +
    'much many still really very while help sorry excuse btw ' +
    // Chat spellings of the words above, and forms of address ("hw much", "wat", "pls sir", "bro", "yaar").
    'hw wat wht wats hws r cn shd shud cud wud abt bcoz coz pls plz thx sir madam maam bro yaar ' +
    // Hindi function words in Latin letters, as students from India mix them with English ("mujhe doctor chahiye").
    'kya hai hain mujhe chahiye karta karti karna hota hoti mera meri mere aap batao bataiye kaise kahan kitna nahi nahin bhai ji ' +
    // Short replies ("no", "enough", "done") are not about any article.
    'no yes yeah nope enough done next'
  ).split(' '),
);

const STOPWORDS_RU = new Set(
  (
    'я мне меня мой моя мое мои мы нас нам наш наша ты тебя тебе вы вас вам ваш ваша он она оно они его ее их им ' +
    'как что чт чё че где когда какой какая какое какие каких куда зачем почему сколько кто ли же бы вот это этот эта эти то тот та те ' +
    'в во на с со к ко по за из у о об от до для при про над под и а но или если то тоже также уже еще ещё ' +
    'есть быть был была было были будет можно нужно надо нужен нужна хочу хотим хотел хотела ' +
    'подскажите скажите пожалуйста плз пжл здравствуйте привет спасибо подскажи скажи вообще просто так там тут ' +
    'мне нибудь либо какнибудь вопрос такое такой такая такие делать ' +
    // Short replies ("нет", "не знаю", "хватит") are not about any article.
    'да нет не ни знаю знает ладно хватит ок окей готово дальше'
  ).split(' '),
);

const STOPWORDS_ZH = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 嘛 哦 我 我们 你 你们 您 他 她 它 他们 是 在 有 和 与 跟 也 都 就 还 又 ' +
    '怎么 怎样 怎么样 如何 什么 啥 哪里 哪儿 哪 哪些 吗 么 请问 一下 这个 那个 这 那 个 可以 能 能不能 可不可以 ' +
    '会 要 想 得 地 着 过 把 被 让 给 对 从 到 为 为了 如果 因为 所以 但是 或者 还是 多少 几 是不是 有没有 ' +
    '请 谢谢 你好 您好 嗯 呃 ' +
    '不 不是 没 知道 不知道 下一步 好了 行'
  ).split(' '),
);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

interface Segment {
  segment: string;
  index: number;
  isWordLike: boolean;
}

const WORD_LIKE = /[\p{L}\p{N}]/u;

/**
 * The words of normalized text. Only Chinese needs the segmenter: `normalize` has already turned
 * punctuation and symbols into single spaces, so other text splits on them, at a tenth of the
 * cost of ICU's word breaker (which ran on every message, twice).
 */
function segments(clean: string): Iterable<Segment> {
  if (HAN.test(clean)) return segmenter.segment(clean) as Iterable<Segment>;
  const out: Segment[] = [];
  let index = 0;
  for (const segment of clean.split(' ')) {
    out.push({ segment, index, isWordLike: WORD_LIKE.test(segment) });
    index += segment.length + 1;
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /[a-z]/;
const DIGITS = /^\d+$/;

// Longest first, so "ами" is tried before "и". Light on purpose: stemming here only has to
// bring the inflected forms of one word together, not to be linguistically right.
const RU_ENDINGS = [
  'иями', 'ями', 'ами', 'иях', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ться', 'тся', 'ешь', 'ете', 'ите', 'ишь',
  'ией', 'ием', 'иям', 'ях', 'ах', 'ых', 'их', 'ую', 'юю', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ый', 'ий', 'ой', 'ей', 'ом', 'ем',
  'ам', 'ям', 'ов', 'ев', 'ию', 'ия', 'ии', 'ью', 'ья', 'ть', 'ет', 'ют', 'ут', 'ит', 'ат', 'ят', 'ла', 'ли', 'ло',
  'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
];

/** Strips one common Russian ending, keeping at least three letters of stem. */
export function stemRu(word: string): string {
  if (word.length <= 3) return word;
  for (const ending of RU_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) return word.slice(0, -ending.length);
  }
  return word;
}

// Suffixes tried longest first, twice ("registering" -> "register" -> "regist"), so a word's
// family meets: insure, insurer, insured, insurance -> "insur"; employer, employee -> "employ".
const EN_SUFFIXES: readonly (readonly [string, string, number])[] = [
  // [suffix, replacement, least stem length left]
  ['izations', '', 4], ['ization', '', 4], ['isations', '', 4], ['isation', '', 4], ['ations', '', 4], ['ation', '', 4],
  ['ments', '', 4], ['ment', '', 4], ['ances', '', 4], ['ance', '', 4], ['ences', '', 4], ['ence', '', 4],
  ['ings', '', 3], ['ing', '', 3], ['ers', '', 4], ['er', '', 4], ['ees', '', 4], ['ee', '', 4],
  ['ies', 'y', 3], ['ied', 'y', 3], ['ed', '', 3], ['es', '', 4], ['s', '', 3], ['ly', '', 4],
];

function stripEnSuffix(word: string): string {
  for (const [suffix, replacement, least] of EN_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(word)) continue;
    const stem = word.slice(0, -suffix.length) + replacement;
    if (stem.length >= least) return stem;
  }
  return word;
}

/** Strips common English endings (plural, -ing, -ed, -er, -ance, -ation…), keeping 3+ letters. */
export function stemEn(word: string): string {
  let w = stripEnSuffix(stripEnSuffix(word));
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  // "stopped" -> "stopp" -> "stop"; "letter" -> "lett" -> "let".
  if (w.length > 3 && /([bdfgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

// Russian compounds that people write both ways: "медстраховка" and "медицинская страховка".
const RU_COMPOUND_PREFIXES: readonly (readonly [string, string])[] = [
  ['мед', 'медицинск'],
  ['гос', 'государствен'],
];
const RU_NOT_COMPOUNDS = /^(медлен|медвед|медал|медит|госпит|гост|господ)/;

/** Splits "медстраховку" into "медицинск" and "страховк"; other words come back whole. */
export function splitRuCompound(word: string): string[] {
  if (RU_NOT_COMPOUNDS.test(word)) return [word];
  for (const [prefix, expansion] of RU_COMPOUND_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 5 && !word.startsWith(expansion.slice(0, 5))) {
      return [expansion, word.slice(prefix.length)];
    }
  }
  return [word];
}

function scriptOf(word: string): Script | undefined {
  if (HAN.test(word)) return 'han';
  if (CYRILLIC.test(word)) return 'cyrillic';
  if (LATIN.test(word)) return 'latin';
  if (DIGITS.test(word)) return 'digit';
  return undefined;
}

/** Stems a lowercased word by its script; Han and digits stay as they are. */
export function stem(word: string, script: Script): string {
  if (script === 'cyrillic') return stemRu(word);
  if (script === 'latin') return stemEn(word);
  return word;
}

/** True when the word is a stopword in its script. */
export function isStopword(word: string, script: Script): boolean {
  if (script === 'han') return STOPWORDS_ZH.has(word);
  if (script === 'cyrillic') return STOPWORDS_RU.has(word);
  if (script === 'latin') return STOPWORDS_EN.has(word);
  return false;
}

/** Options for `tokenize`. */
export interface TokenizeOptions {
  /** Keep stopwords (phrase matching for small talk needs "who made you" whole). */
  keepStopwords?: boolean;
  /** Add Han character bigrams (on by default). */
  bigrams?: boolean;
}

/**
 * Splits text into search terms: stemmed words by script, plus Han bigrams.
 * @example tokenize('外国人怎么办医保') // 外国, 人, 办, 医, 保, 外国(bigram), 国人, 人怎, …
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Term[] {
  const { keepStopwords = false, bigrams = true } = options;
  const clean = normalize(text);
  if (!clean) return [];
  const terms: Term[] = [];
  // Han characters inside stopwords ("可以", "吗"): bigrams across them would only add noise.
  const masked = new Set<number>();
  let previous: Term | undefined;
  for (const part of segments(clean)) {
    const word = part.segment;
    const script = part.isWordLike ? scriptOf(word) : undefined;
    // Single Latin letters ("s" from "what's") and single digits carry nothing.
    const tooShort = (script === 'latin' || script === 'digit') && word.length < 2;
    if (!script || tooShort) {
      if (part.isWordLike) previous = undefined;
      continue;
    }
    if (!keepStopwords && isStopword(word, script)) {
      if (script === 'han') for (let i = 0; i < word.length; i++) masked.add(part.index + i);
      continue;
    }
    for (const piece of script === 'cyrillic' ? splitRuCompound(word) : [word]) {
      const term: Term = { term: stem(piece, script), script, weight: 1 };
      terms.push(term);
      if (bigrams && previous && previous.script === script && (script === 'latin' || script === 'cyrillic')) {
        terms.push({ term: `${previous.term}_${term.term}`, script, weight: PAIR_WEIGHT, bonus: true });
      }
      previous = term;
    }
  }
  if (bigrams) {
    for (const run of clean.matchAll(/\p{Script=Han}{2,}/gu)) {
      const chars: { ch: string; at: number }[] = [];
      let at = run.index;
      for (const ch of run[0]) {
        chars.push({ ch, at });
        at += ch.length;
      }
      for (let i = 0; i + 1 < chars.length; i++) {
        const a = chars[i];
        const b = chars[i + 1];
        if (!a || !b || masked.has(a.at) || masked.has(b.at)) continue;
        // Prefixed so a bigram never collides with the same two characters found as a word.
        terms.push({ term: `~${a.ch}${b.ch}`, script: 'han', weight: BIGRAM_WEIGHT });
      }
    }
  }
  return terms;
}

/** The words of a text, lowercased and stemmed, stopwords kept, no bigrams (phrase matching). */
export function words(text: string): string[] {
  return tokenize(text, { keepStopwords: true, bigrams: false }).map((t) => t.term);
}
