/**
 * Recognising greetings, thanks and goodbyes, and out-of-scope chat (weather, jokes, sports, sums, "who made you"),
 * from lists kept as data in data/knowledge/_smalltalk.json, so staff can extend them without
 * code. Out-of-scope messages get a statement of what the bot does instead of a wrong article.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import type { Lang } from '../message.ts';
import { editDistance, normalize } from '../text-match.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './article.ts';
import { readDataFile } from './data-file.ts';
import { words } from './tokenizer.ts';

const PerLang = z.strictObject({ en: z.array(z.string().min(1)), zh: z.array(z.string().min(1)), ru: z.array(z.string().min(1)) });

/** The file format of `_smalltalk.json`. */
export const SmalltalkFile = z.strictObject({
  /** Whole-message greetings. */
  greetings: PerLang,
  /** Whole-message thanks, acknowledgements and goodbyes ("ok thanks", "好的", "спасибо, пока"). */
  thanks: PerLang,
  /** Phrases that mark a message as outside what the bot covers. */
  outOfScope: PerLang,
  /**
   * Phrases outside what the bot covers unless the message is also about care: "how do I get a
   * tourist visa?" is not the bot's, "will a tourist visa do for treatment?" is; so is paying by
   * bank card at the hospital. `care` lists the words that make it so (phrases matched like the
   * out-of-scope ones: whole stemmed words, any part of a Chinese message).
   */
  unlessAboutCare: z.strictObject({ outOfScope: PerLang, care: PerLang }).optional(),
  /**
   * Words that make a short message lean on the question before it, so it is searched with that
   * question: `leads` as its first word ("and", "а", "那"), `pointers` anywhere ("it", "она",
   * "它"). "а какие документы нужны?" after a question about a residence permit asks about that.
   */
  followUps: z.strictObject({ leads: PerLang, pointers: PerLang }).optional(),
  /** Regular expressions (tested on the lowercased raw text) for out-of-scope input such as sums. */
  patterns: z.array(
    z.string().refine((p) => {
      try {
        new RegExp(p, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'a valid regular expression'),
  ),
});
export type SmalltalkFile = z.infer<typeof SmalltalkFile>;

/** What kind of small talk a message is, if any. */
export type SmalltalkKind = 'greeting' | 'thanks' | 'outOfScope';

/** Tells greetings and out-of-scope chat from questions the knowledge store should answer. */
export interface SmalltalkDetector {
  detect(text: string): SmalltalkKind | undefined;
  /** True for a short message that leans on the one before ("and for students?", "а с ней можно…"). */
  leansOnBefore(text: string): boolean;
}

/** Longer messages say what they are about themselves. */
const FOLLOW_UP_MAX_WORDS = 10;

const HAN = /\p{Script=Han}/u;

/** Builds a detector from the lists. */
export function createSmalltalkDetector(file: SmalltalkFile): SmalltalkDetector {
  const langs: Lang[] = ['en', 'zh', 'ru'];
  const greetings = new Set(langs.flatMap((l) => file.greetings[l].map(normalize)));
  const thanks = new Set(langs.flatMap((l) => file.thanks[l].map(normalize)));
  const outOfScope = phraseMatcher(langs.flatMap((l) => file.outOfScope[l]));
  const unlessCare = phraseMatcher(langs.flatMap((l) => file.unlessAboutCare?.outOfScope[l] ?? []));
  const care = phraseMatcher(langs.flatMap((l) => file.unlessAboutCare?.care[l] ?? []));
  const patterns = file.patterns.map((p) => new RegExp(p, 'u'));
  const lower = (list: readonly string[]) => list.map((w) => w.toLowerCase());
  const leads = lower(langs.flatMap((l) => file.followUps?.leads[l] ?? []));
  const pointers = lower(langs.flatMap((l) => file.followUps?.pointers[l] ?? []));
  const leadWords = leads.filter((w) => !HAN.test(w));
  const pointerWords = new Set(pointers.filter((w) => !HAN.test(w)));
  const hanLeads = leads.filter((w) => HAN.test(w));
  const hanPointers = pointers.filter((w) => HAN.test(w));

  /** The whole message is one of `phrases`, or one slip from a longer one ("helo", "thnaks", "привт"). */
  const isOneOf = (phrases: ReadonlySet<string>, clean: string): boolean => {
    if (phrases.has(clean)) return true;
    if (clean.length < 4 || clean.length > 20) return false;
    for (const g of phrases) if (g.length >= 4 && editDistance(clean, g, 1) <= 1) return true;
    return false;
  };

  return {
    detect(text) {
      const clean = normalize(text);
      if (!clean) return undefined;
      if (isOneOf(greetings, clean)) return 'greeting';
      if (isOneOf(thanks, clean)) return 'thanks';
      const raw = text.toLowerCase().trim();
      if (patterns.some((p) => p.test(raw))) return 'outOfScope';
      const message = { compact: clean.replace(/\s+/g, ''), tokens: words(text) };
      if (outOfScope(message)) return 'outOfScope';
      if (unlessCare(message) && !care(message)) return 'outOfScope';
      return undefined;
    },
    leansOnBefore(text) {
      const raw = text.toLowerCase().trim();
      if (HAN.test(raw)) return raw.length <= 3 * FOLLOW_UP_MAX_WORDS && (hanLeads.some((w) => raw.startsWith(w)) || hanPointers.some((w) => raw.includes(w)));
      const tokens = raw.match(/[\p{L}\p{N}]+/gu) ?? [];
      if (tokens.length === 0 || tokens.length > FOLLOW_UP_MAX_WORDS) return false;
      const start = `${tokens.join(' ')} `;
      return leadWords.some((w) => start.startsWith(`${w} `)) || tokens.some((t) => pointerWords.has(t));
    },
  };
}

/** A message as phrases are looked for in it: Chinese without spaces, other text as stemmed words. */
interface PhraseTarget {
  compact: string;
  tokens: readonly string[];
}

/** Whether a message holds one of `phrases`: any part of it for Chinese, whole stemmed words otherwise. */
function phraseMatcher(phrases: readonly string[]): (message: PhraseTarget) => boolean {
  const hanPhrases: string[] = [];
  /** Word phrases by their first word, so a message's words are looked up rather than every phrase tried at every word. */
  const wordPhrases = new Map<string, string[][]>();
  for (const phrase of phrases) {
    if (HAN.test(phrase)) hanPhrases.push(normalize(phrase).replace(/\s+/g, ''));
    else {
      const w = words(phrase);
      const first = w[0];
      if (first === undefined) continue;
      const same = wordPhrases.get(first);
      if (same) same.push(w);
      else wordPhrases.set(first, [w]);
    }
  }
  return ({ compact, tokens }) => {
    if (hanPhrases.some((p) => compact.includes(p))) return true;
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of wordPhrases.get(tokens[i] as string) ?? []) {
        if (i + phrase.length <= tokens.length && phrase.every((w, j) => tokens[i + j] === w)) return true;
      }
    }
    return false;
  };
}

/** Reads `_smalltalk.json` from the knowledge folder; throws StoreError naming the file and field. */
export async function loadSmalltalk(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<SmalltalkDetector> {
  const file = await readDataFile(join(dir, '_smalltalk.json'), SmalltalkFile, 'Small-talk list');
  if (!file) throw new StoreError('KNOWLEDGE_INVALID', `Small-talk list missing in ${dir}.`);
  return createSmalltalkDetector(file);
}
