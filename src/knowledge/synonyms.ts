/**
 * Words that mean the same to a person asking ("surgery" and "operation", "wife" and "husband"
 * as the one who comes along), from data/knowledge/_synonyms.json. Each group's words are
 * searched as one term, in the question and in the articles alike, so an article written with
 * one word answers a question asked with another, and coverage counts the word as matched.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './article.ts';
import { readDataFile } from './data-file.ts';
import { type Term, tokenize } from './tokenizer.ts';

const Groups = z.array(z.array(z.string().min(1)).min(2));

/** The file format of `_synonyms.json`: groups of one or two words per language. */
export const SynonymsFile = z.strictObject({ en: Groups, zh: Groups, ru: Groups });
export type SynonymsFile = z.infer<typeof SynonymsFile>;

/** Maps search terms to the one term their group is searched as. */
export interface Synonyms {
  /**
   * The terms with each synonym replaced by its group's first entry; the same array when nothing
   * changes. A two-word entry becomes one term in place of its two words: the "visa" of
   * "visa card" is not a visa.
   */
  canonical(terms: readonly Term[]): readonly Term[];
}

/** No synonyms: every term stands for itself. */
export const NO_SYNONYMS: Synonyms = { canonical: (terms) => terms };

/**
 * The one search term a group entry stands for: a word's stem, or for two words ("visa card")
 * the word pair the tokenizer makes of them. Anything else is refused.
 */
function entryTerm(entry: string): { term: string; pair: boolean } {
  const words = tokenize(entry, { bigrams: false });
  const [only] = words;
  if (words.length === 1 && only) return { term: only.term, pair: false };
  const pair = words.length === 2 ? tokenize(entry).find((t) => t.bonus) : undefined;
  if (pair) return { term: pair.term, pair: true };
  throw new StoreError('KNOWLEDGE_INVALID', `Synonym "${entry}" is not one or two search words (a stopword, or more words): use one word, or two.`);
}

/**
 * Builds the mapping. A two-word entry ("visa card") is searched as one term instead of its two
 * words, so "do they take visa cards?" stops matching the visa articles on "visa".
 */
export function createSynonyms(file: SynonymsFile): Synonyms {
  const heads = new Map<string, string>();
  const phrases = new Map<string, string>();
  for (const groups of [file.en, file.zh, file.ru]) {
    for (const group of groups) {
      const entries = group.map(entryTerm);
      const [head] = entries;
      if (!head) continue;
      for (const { term, pair } of entries) {
        if (pair) {
          phrases.set(term, head.term);
          continue;
        }
        heads.set(term, head.term);
        // Two Han characters are also searched as a bigram (see tokenize): map that too.
        if ([...term].length === 2 && [...head.term].length === 2 && /^\p{Script=Han}+$/u.test(term)) heads.set(`~${term}`, `~${head.term}`);
      }
    }
  }
  return {
    canonical(terms) {
      let out: Term[] | undefined;
      for (const [i, t] of terms.entries()) {
        if (t.bonus && phrases.has(t.term)) {
          out ??= [...terms];
          // The pair follows its second word; its first word is the word term before that.
          out[i] = { term: phrases.get(t.term) ?? t.term, script: t.script, weight: 1 };
          const second = lastWordBefore(out, i);
          const first = second === undefined ? undefined : lastWordBefore(out, second);
          for (const at of [second, first]) if (at !== undefined) out[at] = { ...(out[at] as Term), weight: 0, bonus: true };
          continue;
        }
        const head = t.bonus ? undefined : heads.get(t.term);
        if (head === undefined || head === t.term) continue;
        out ??= [...terms];
        out[i] = { ...t, term: head };
      }
      return out ? out.filter((t) => t.weight > 0) : terms;
    },
  };
}

function lastWordBefore(terms: readonly Term[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) if (!terms[i]?.bonus) return i;
  return undefined;
}

/** Reads `_synonyms.json` from the knowledge folder (none there: no synonyms); throws StoreError when it is broken. */
export async function loadSynonyms(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<Synonyms> {
  const file = await readDataFile(join(dir, '_synonyms.json'), SynonymsFile, 'Synonym list', { optional: true });
  return file ? createSynonyms(file) : NO_SYNONYMS;
}
