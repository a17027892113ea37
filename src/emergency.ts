/**
 * Emergency (red-flag) detection and the guidance that answers it: 120 first, in the person's
 * language, with a sentence in Chinese to read to the dispatcher. Patterns and numbers are data
 * (data/emergency/red-flags.json, data/facts/emergency.json); this file compiles and runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Translate } from './i18n.ts';
import type { Lang, Reply } from './message.ts';
import { FactSource } from './sources.ts';
import { editDistance, normalize } from './text-match.ts';

/** Which red flag a message raised (a category id from red-flags.json, such as 'breathing'). */
export interface EmergencyMatch {
  category: string;
  /** The guidance it calls for: the ambulance card, or for thoughts of suicide the crisis words. */
  reply: 'ambulance' | 'crisis';
}

/** Spots emergencies in any message and answers them with the emergency guidance. */
export interface EmergencyGuide {
  /**
   * The red flag this text raises, or undefined for ordinary talk. `before`, the person's message
   * just before, only gives context: "she's bleeding" after "my wife is 31 weeks pregnant".
   */
  detect(text: string, before?: string): EmergencyMatch | undefined;
  /**
   * The guidance, urgent, in the language `t` speaks: for most red flags the ambulance card, whose
   * first reply starts with the ambulance number; for a crisis (`match.reply`), caring words, 120
   * or the emergency department if in danger now, and the mental health hotline.
   */
  replies(t: Translate, match?: EmergencyMatch): Reply[];
}

/** The data folder this module reads by default. */
export const DEFAULT_DATA_DIR = join(import.meta.dirname, '..', 'data');

const FACTS_FILE = join('facts', 'emergency.json');
const RED_FLAGS_FILE = join('emergency', 'red-flags.json');

// A cry for help is short; scanning a pasted book past this point would only cost time.
const MAX_SCAN = 4000;
// How far back the negation check looks ("I do not have any ..." fits).
const NEGATION_WINDOW = 48;

const LANG_ORDER = ['en', 'ru', 'zh'] as const satisfies readonly Lang[];

// ---------------------------------------------------------------------------------------------
// File shapes

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-24');
const PhoneNumber = z.string().regex(/^\d{3,5}$/, 'must be a phone number of 3 to 5 digits');

const FactsFile = z.strictObject({
  numbers: z.strictObject({ ambulance: PhoneNumber, police: PhoneNumber, fire: PhoneNumber, traffic: PhoneNumber, crisis: PhoneNumber }),
  facts: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        statement: z.string().min(1),
        sources: z.array(FactSource).min(1),
        trust: z.enum(['2+', '1']),
        reviewed: IsoDate.optional(),
      }),
    )
    .min(1),
  reviewed: IsoDate,
});

// V8 builds \p{L} into a huge class for every use: a few hundred of them cost seconds at first use.
const Pattern = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\\p{'), { message: 'use the @l and @w macros instead of \\p{...} classes (slow to compile)' });
const Patterns = z.array(Pattern);
const PerLang = z.strictObject({ en: Patterns, ru: Patterns, zh: Patterns });

const LangRules = z.strictObject({
  /** Unicode script whose letters make this language's patterns worth running on a text. */
  script: z.enum(['Latin', 'Cyrillic', 'Han']),
  /** Patterns must start and end at word edges (not for Chinese, which has no spaces). */
  wholeWords: z.boolean(),
  /** A character class for one character of a word, such as "[0-9a-z]"; needed with wholeWords. */
  wordChar: Pattern.optional(),
  macros: z.record(z.string().regex(/^[a-z]+$/, 'macro names are lowercase letters'), Pattern),
  negationBefore: Pattern,
  connectives: Pattern,
  notAcute: Patterns.min(1),
  admin: Patterns.min(1),
  typos: z
    .strictObject({
      words: z.array(z.string().min(2)),
      keep: z.array(z.string().min(1)),
      stems: z.array(z.string().min(4)).optional(),
    })
    .optional(),
}).refine((l) => !l.wholeWords || l.wordChar !== undefined, { message: 'wholeWords needs wordChar', path: ['wordChar'] });

const Category = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z-]*$/, 'must be a lowercase id like "breathing"'),
    about: z.string().min(1),
    acute: PerLang,
    mention: PerLang,
    /**
     * True when "sometimes" or "every night" must not silence it: thoughts of suicide that keep
     * coming back are as urgent as new ones, unlike a seizure "last year".
     */
    recurringCounts: z.boolean().optional(),
    /** Which guidance it raises: the ambulance card (default) or the crisis words and helpline. */
    reply: z.enum(['ambulance', 'crisis']).optional(),
    /**
     * Words that are a red flag only beside their context, in another clause of the message or in
     * the message before: "bleeding" when she is pregnant. Like mentions, not in a paperwork question.
     */
    inContext: z.strictObject({ context: PerLang, acute: PerLang }).optional(),
  })
  .refine((c) => LANG_ORDER.every((l) => c.acute[l].length + c.mention[l].length > 0), {
    message: 'needs at least one pattern (acute or mention) in every language',
  });

const RedFlagsFile = z.strictObject({
  about: z.array(z.string()),
  reviewed: IsoDate,
  sources: z.array(FactSource).min(1),
  languages: z.strictObject({ en: LangRules, ru: LangRules, zh: LangRules }),
  categories: z
    .array(Category)
    .min(1)
    .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, { message: 'category ids must be unique' }),
});

type Numbers = z.infer<typeof FactsFile>['numbers'];
type LangRulesData = z.infer<typeof LangRules>;

/** Reads and validates one JSON file; the error names the file and the first broken fields. */
function loadJson<T>(path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Emergency data file ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `field "${issue.path.map(String).join('.') || '(top level)'}": ${issue.message}`);
  throw new Error(`Emergency data file ${path} is broken: ${problems.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// Compiling the patterns

interface TypoFixer {
  words: readonly string[];
  exact: ReadonlySet<string>;
  stems: readonly string[];
  /** Tokens already corrected: people use the same few hundred words, and a fix costs an edit distance per listed word. */
  fixed: Map<string, string>;
}

/** Enough for the words of many thousand messages; emptied when full rather than tracking age. */
const TYPO_CACHE_LIMIT = 20_000;

interface CompiledLang {
  lang: Lang;
  script: RegExp;
  negation: RegExp;
  connectives: RegExp;
  notAcute: RegExp;
  admin: RegExp;
  typos: TypoFixer | undefined;
  /** Which tokens the typo fixer may touch: words in this language's script only. */
  token: RegExp;
}

interface CompiledCategory {
  id: string;
  acute: Map<Lang, RegExp>;
  mention: Map<Lang, RegExp>;
  recurringCounts: boolean;
  reply: EmergencyMatch['reply'];
  inContext: { context: Map<Lang, RegExp>; acute: Map<Lang, RegExp> } | undefined;
}

/** Every category's patterns in one regex per language: most messages match none, and one scan tells. */
type AnyFlag = Map<Lang, RegExp>;

/** Builds regexes from data, naming the file and the field of any pattern that does not compile. */
class PatternCompiler {
  constructor(
    private readonly file: string,
    private readonly rules: Record<Lang, LangRulesData>,
  ) {}

  private broken(field: string, problem: string, cause?: unknown): Error {
    return new Error(`Emergency data file ${this.file} is broken: field "${field}" ${problem}`, { cause });
  }

  private expand(lang: Lang, source: string, field: string, depth = 0): string {
    if (depth > 4) throw this.broken(field, 'nests macros too deeply');
    return source.replace(/@([a-z]+)/g, (_, name: string) => {
      const macro = this.rules[lang].macros[name];
      if (macro === undefined) throw this.broken(field, `uses unknown macro @${name}`);
      return this.expand(lang, macro, field, depth + 1);
    });
  }

  private build(source: string, flags: string, field: string): RegExp {
    let re: RegExp;
    try {
      re = new RegExp(source, flags);
    } catch (error) {
      throw this.broken(field, `is not a valid pattern: ${(error as Error).message}`, error);
    }
    // A pattern that matches nothing at all would raise an alarm on every message.
    if (new RegExp(`^(?:${source})$`, 'u').test('')) throw this.broken(field, 'matches empty text');
    return re;
  }

  /** One regex for a list of alternatives, checked one by one so an error points at the right entry. */
  list(lang: Lang, sources: readonly string[], field: string, flags: string): RegExp {
    const { wholeWords, wordChar } = this.rules[lang];
    const parts = sources.map((s, i) => {
      const expanded = this.expand(lang, s, `${field}.${i}`);
      this.build(expanded, 'u', `${field}.${i}`);
      return expanded;
    });
    const body = `(?:${parts.join('|')})`;
    return this.build(wholeWords && wordChar ? `(?<!${wordChar})${body}(?!${wordChar})` : body, flags, field);
  }

  one(lang: Lang, source: string, field: string, flags: string, suffix = ''): RegExp {
    const expanded = this.expand(lang, source, field);
    this.build(expanded, 'u', field);
    return new RegExp(`(?:${expanded})${suffix}`, flags);
  }
}

function compileRedFlags(
  path: string,
  data: z.infer<typeof RedFlagsFile>,
): { langs: CompiledLang[]; categories: CompiledCategory[]; any: AnyFlag } {
  const c = new PatternCompiler(path, data.languages);
  const langs = LANG_ORDER.map((lang): CompiledLang => {
    const rules = data.languages[lang];
    const at = `languages.${lang}`;
    const typos = rules.typos;
    return {
      lang,
      script: new RegExp(`\\p{Script=${rules.script}}`, 'u'),
      negation: c.one(lang, rules.negationBefore, `${at}.negationBefore`, 'u', '$'),
      connectives: c.list(lang, [rules.connectives], `${at}.connectives`, 'gu'),
      notAcute: c.list(lang, rules.notAcute, `${at}.notAcute`, 'u'),
      admin: c.list(lang, rules.admin, `${at}.admin`, 'u'),
      typos: typos && {
        words: typos.words.map((w) => normalize(w)),
        exact: new Set([...typos.words, ...typos.keep].map((w) => normalize(w))),
        stems: (typos.stems ?? []).map((s) => normalize(s)),
        fixed: new Map(),
      },
      token: new RegExp(`^\\p{Script=${rules.script}}+$`, 'u'),
    };
  });
  const categories = data.categories.map((cat, i): CompiledCategory => {
    const perLang = (lists: z.infer<typeof PerLang>, field: string) => {
      const map = new Map<Lang, RegExp>();
      for (const lang of LANG_ORDER) {
        const sources = lists[lang];
        if (sources.length > 0) map.set(lang, c.list(lang, sources, `categories.${i}.${field}.${lang}`, 'gu'));
      }
      return map;
    };
    const inContext = cat.inContext && { context: perLang(cat.inContext.context, 'inContext.context'), acute: perLang(cat.inContext.acute, 'inContext.acute') };
    return {
      id: cat.id,
      acute: perLang(cat.acute, 'acute'),
      mention: perLang(cat.mention, 'mention'),
      recurringCounts: cat.recurringCounts === true,
      reply: cat.reply ?? 'ambulance',
      inContext,
    };
  });
  // The union of the compiled lists (each keeps its own word-edge lookarounds). The data has no
  // capture groups to renumber: a pattern is a list of alternatives.
  const any: AnyFlag = new Map();
  for (const lang of LANG_ORDER) {
    const sources = categories.flatMap((cat) => [cat.acute.get(lang), cat.mention.get(lang)]).flatMap((re) => (re ? [`(?:${re.source})`] : []));
    if (sources.length > 0) any.set(lang, new RegExp(sources.join('|'), 'u'));
  }
  return { langs, categories, any };
}

// ---------------------------------------------------------------------------------------------
// Typos

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

// Short words only forgive a swapped pair: "pian" is "pain", but "paid" must stay "paid".
function allowedTypos(length: number): number {
  if (length <= 5) return 0;
  return length <= 9 ? 1 : 2;
}

function closeEnough(token: string, target: string): boolean {
  if (token[0] !== target[0] && !(token[0] === target[1] && token[1] === target[0])) return false;
  if (isAdjacentSwap(token, target)) return true;
  const max = allowedTypos(target.length);
  return max > 0 && editDistance(token, target, max) <= max;
}

/** The word the typo list says this token was meant to be, or the token itself. */
function correctToken(token: string, fixer: TypoFixer): string {
  if (token.length < 4 || fixer.exact.has(token)) return token;
  if (fixer.stems.some((s) => token.startsWith(s))) return token;
  for (const word of fixer.words) {
    if (Math.abs(word.length - token.length) <= Math.max(1, allowedTypos(word.length)) && closeEnough(token, word)) return word;
  }
  // A misspelt stem keeps its ending: "серцечного" becomes "сердечного".
  for (const stem of fixer.stems) {
    for (let k = stem.length - 1; k <= Math.min(stem.length + 1, token.length); k++) {
      if (closeEnough(token.slice(0, k), stem)) return stem + token.slice(k);
    }
  }
  return token;
}

// ---------------------------------------------------------------------------------------------
// Detection

interface Clause {
  text: string;
  langs: CompiledLang[];
}

// Sentence and clause ends; a red flag and a "last year" on either side of a comma are unrelated.
const CLAUSE_BREAK = /[\n\r.!?;:,。！？；：，、…]+/u;
const APOSTROPHES = /['’ʼ`´]/g;

function prepare(text: string, langs: readonly CompiledLang[]): Clause[] {
  const clauses: Clause[] = [];
  for (const piece of text.slice(0, MAX_SCAN).replace(APOSTROPHES, '').split(CLAUSE_BREAK)) {
    const norm = normalize(piece);
    if (!norm) continue;
    const present = langs.filter((l) => l.script.test(norm));
    if (present.length === 0) continue;
    const fixed = norm
      .split(' ')
      .map((token) => {
        const owner = present.find((l) => l.typos && l.token.test(token));
        const fixer = owner?.typos;
        if (!fixer) return token;
        let out = fixer.fixed.get(token);
        if (out === undefined) {
          out = correctToken(token, fixer);
          if (fixer.fixed.size >= TYPO_CACHE_LIMIT) fixer.fixed.clear();
          fixer.fixed.set(token, out);
        }
        return out;
      })
      .join(' ');
    clauses.push({ text: fixed, langs: present });
  }
  return clauses;
}

/** Every match of a global regex in `text`, without the copy of the regex `matchAll` makes each call. */
function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // The caller may run other searches with `re` between matches; carry on from here after them.
    const next = m[0].length === 0 ? m.index + 1 : m.index + m[0].length;
    yield m;
    re.lastIndex = next;
  }
}

/** The part of a clause between the connectives ("but", "now", "现在") around a match. */
function subClause(rules: CompiledLang, text: string, start: number, end: number): string {
  let from = 0;
  let to = text.length;
  for (const m of matches(rules.connectives, text)) {
    const at = m.index;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return text.slice(from, to);
}

/** A match of `re` in a clause that no negation, "last year" or (unless acute) paperwork question takes back. */
function standingMatch(re: RegExp, clause: Clause, rules: CompiledLang, category: CompiledCategory, acute: boolean, isAdmin: (rules: CompiledLang) => boolean): boolean {
  for (const m of matches(re, clause.text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (rules.negation.test(clause.text.slice(Math.max(0, start - NEGATION_WINDOW), start))) continue;
    if (!category.recurringCounts && rules.notAcute.test(subClause(rules, clause.text, start, end))) continue;
    // Bare names ("heart attack") in a question about paperwork are not an emergency.
    if (!acute && isAdmin(rules)) continue;
    return true;
  }
  return false;
}

/** Whether a (global) regex matches anywhere in `text`, from its start whatever the last search left. */
function foundIn(re: RegExp | undefined, text: string): boolean {
  if (!re) return false;
  re.lastIndex = 0;
  return re.test(text);
}

/** The red flags that count only beside their context ("bleeding" when pregnant), in this message or the one before. */
function detectInContext(clauses: readonly Clause[], before: () => readonly Clause[], categories: readonly CompiledCategory[], isAdmin: (rules: CompiledLang) => boolean): EmergencyMatch | undefined {
  for (const category of categories) {
    const inContext = category.inContext;
    if (!inContext) continue;
    const raised = clauses.some((clause) => clause.langs.some((rules) => {
      const re = inContext.acute.get(rules.lang);
      return re !== undefined && standingMatch(re, clause, rules, category, false, isAdmin);
    }));
    // The message before is read only when this one has the words.
    if (raised && [...clauses, ...before()].some((c) => c.langs.some((rules) => foundIn(inContext.context.get(rules.lang), c.text)))) {
      return { category: category.id, reply: category.reply };
    }
  }
  return undefined;
}

function detectIn(clauses: readonly Clause[], categories: readonly CompiledCategory[], any: AnyFlag, before: () => readonly Clause[] = () => []): EmergencyMatch | undefined {
  const adminSeen = new Map<Lang, boolean>();
  const isAdmin = (rules: CompiledLang): boolean => {
    let seen = adminSeen.get(rules.lang);
    if (seen === undefined) {
      seen = clauses.some((c) => rules.admin.test(c.text));
      adminSeen.set(rules.lang, seen);
    }
    return seen;
  };
  // Ordinary talk ("yes", "done 1", a question about fees) raises no flag in any language: one scan per clause.
  const flagged = clauses.flatMap((c) => {
    const langs = c.langs.filter((l) => any.get(l.lang)?.test(c.text));
    return langs.length > 0 ? [{ text: c.text, langs }] : [];
  });
  for (const category of categories) {
    for (const clause of flagged) {
      for (const rules of clause.langs) {
        for (const level of ['acute', 'mention'] as const) {
          const re = category[level].get(rules.lang);
          if (re && standingMatch(re, clause, rules, category, level === 'acute', isAdmin)) return { category: category.id, reply: category.reply };
        }
      }
    }
  }
  return detectInContext(clauses, before, categories, isAdmin);
}

// ---------------------------------------------------------------------------------------------
// The guide

/**
 * Loads both data files from `dataDir` and returns the guide; throws naming the file and the
 * field when either is broken, so a bad edit stops start-up instead of silencing an alarm.
 */
export function createEmergencyGuide(dataDir: string = DEFAULT_DATA_DIR): EmergencyGuide {
  const facts = loadJson(join(dataDir, FACTS_FILE), FactsFile);
  const redFlagsPath = join(dataDir, RED_FLAGS_FILE);
  const { langs, categories, any } = compileRedFlags(redFlagsPath, loadJson(redFlagsPath, RedFlagsFile));
  const numbers: Numbers = facts.numbers;

  return {
    detect(text, before) {
      if (!text) return undefined;
      return detectIn(prepare(text, langs), categories, any, () => (before ? prepare(before, langs) : []));
    },
    replies(t, match) {
      const line = (key: string) => t(`emergency.${key}`, { ...numbers });
      if (match?.reply === 'crisis') {
        // Not the dispatcher card: the person is not reporting someone else's accident.
        return [
          { text: [line('crisis_heard'), '', line('crisis_danger')].join('\n'), urgent: true },
          { text: [line('crisis_line'), '', line('crisis_someone'), '', line('crisis_here')].join('\n'), urgent: true },
        ];
      }
      const first = [line('call'), line('other_numbers'), '', line('say_where'), line('say_what')];
      first.push('', line('no_english'), '', line('hospital'));
      return [
        { text: first.join('\n'), urgent: true },
        // The dispatcher sentence stands alone so it is easy to show, copy or read out.
        { text: [line('show'), line('dispatcher'), '', line('resume')].join('\n'), urgent: true },
      ];
    },
  };
}
