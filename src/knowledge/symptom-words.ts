/**
 * Recognising a message that tells how someone feels ("she is limp", 吐了两次, "сыпь на ногах")
 * when no article answers it: such a person needs to know where to go, not "ask in other
 * words". The words and the article to show live in data/knowledge/_symptoms.json. This names
 * no illness and judges no severity: the article it points to says where to go, with its sources.
 * The same format, in _medicines.json, recognises a question about a medicine or a dose
 * ("how much paracetamol for a 4 year old"), which the bot does not answer.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { normalize } from '../text-match.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './article.ts';
import { readDataFile } from './data-file.ts';

const Words = z.array(z.string().min(1));

/** The file format of `_symptoms.json`. */
export const SymptomsFile = z.strictObject({
  about: z.string().optional(),
  /** The article shown to someone describing symptoms. */
  article: z.string().min(1),
  /** Word starts ("vomit" for vomited, vomiting) in languages with spaces; any part of the text in Chinese. */
  en: Words,
  zh: Words,
  ru: Words,
  /** Words that make a message about an animal ("my dog is sick") or about insurance cover: never symptoms for this answer. */
  unless: z.strictObject({ en: Words, zh: Words, ru: Words }).optional(),
  /**
   * Words that ask how serious it is ("is it dangerous", 严重吗, опасно ли). With a symptom word the
   * message asks for a judgement the bot must not give, so it gets this answer even when an
   * article matches its other words ("is blood pressure 150/100 dangerous?" is no prescriptions question).
   */
  judging: z.strictObject({ en: Words, zh: Words, ru: Words }).optional(),
});
export type SymptomsFile = z.infer<typeof SymptomsFile>;

/** Whether a message describes symptoms, and which article answers it. */
export interface SymptomWords {
  /** The article's id; undefined when no list is loaded. */
  readonly article: string | undefined;
  describes(text: string): boolean;
  /** Whether it tells symptoms and asks how serious they are. */
  asksHowSerious(text: string): boolean;
}

/** No list: nothing reads as symptoms. */
export const NO_SYMPTOMS: SymptomWords = { article: undefined, describes: () => false, asksHowSerious: () => false };

/** Builds the matcher: Chinese words anywhere in the text, other words at the start of one of its words. */
export function createSymptomWords(file: SymptomsFile): SymptomWords {
  const symptoms = matcher([...file.en, ...file.zh, ...file.ru]);
  const notForThis = file.unless ? matcher([...file.unless.en, ...file.unless.zh, ...file.unless.ru]) : () => false;
  const judging = file.judging ? matcher([...file.judging.en, ...file.judging.zh, ...file.judging.ru]) : () => false;
  const describes = (said: string) => symptoms(said) && !notForThis(said);
  return {
    article: file.article,
    describes: (text) => describes(` ${normalize(text)}`),
    asksHowSerious(text) {
      const said = ` ${normalize(text)}`;
      return describes(said) && judging(said);
    },
  };
}

/** Whether normalized text (with a leading space) holds one of the words: Chinese anywhere, others at a word's start. */
function matcher(words: readonly string[]): (said: string) => boolean {
  const all = words.map(normalize).filter(Boolean);
  const han = all.filter((w) => /\p{Script=Han}/u.test(w));
  const spaced = all.filter((w) => !han.includes(w)).map((w) => ` ${w}`);
  return (said) => spaced.some((w) => said.includes(w)) || han.some((w) => said.includes(w));
}

/** Reads `_symptoms.json` (or `name`) from the knowledge folder (none there: no list); throws StoreError when it is broken. */
export async function loadSymptomWords(dir: string = DEFAULT_KNOWLEDGE_DIR, name = '_symptoms.json'): Promise<SymptomWords> {
  const file = await readDataFile(join(dir, name), SymptomsFile, `Word list ${name}`, { optional: true });
  return file ? createSymptomWords(file) : NO_SYMPTOMS;
}
