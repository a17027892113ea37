/**
 * Words that mean the same to a person asking ("surgery" and "operation", "wife" and "husband"
 * as the one who comes along), from data/knowledge/_synonyms.json. Each group's words are
 * searched as one term, in the question and in the articles alike, so an article written with
 * one word answers a question asked with another, and coverage counts the word as matched.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './article.ts';
import { type Term, tokenize } from './tokenizer.ts';

const Groups = z.array(z.array(z.string().min(1)).min(2));

/** The file format of `_synonyms.json`: groups of single words per language. */
export const SynonymsFile = z.strictObject({ en: Groups, zh: Groups, ru: Groups });
export type SynonymsFile = z.infer<typeof SynonymsFile>;

/** Maps search terms to the one term their group is searched as. */
export interface Synonyms {
  /** The terms with each synonym replaced by its group's first word; the same array when nothing changes. */
  canonical(terms: readonly Term[]): readonly Term[];
}

/** No synonyms: every term stands for itself. */
export const NO_SYNONYMS: Synonyms = { canonical: (terms) => terms };

/** Builds the mapping; a word that is not one search term (a stopword, two words) is refused. */
export function createSynonyms(file: SynonymsFile): Synonyms {
  const heads = new Map<string, string>();
  for (const groups of [file.en, file.zh, file.ru]) {
    for (const group of groups) {
      const stems = group.map((word) => {
        const terms = tokenize(word, { bigrams: false });
        const [only] = terms;
        if (terms.length !== 1 || !only) throw new StoreError('KNOWLEDGE_INVALID', `Synonym "${word}" is not one search word (a stopword, or several words): use single words.`);
        return only.term;
      });
      const [head = ''] = stems;
      for (const term of stems) {
        heads.set(term, head);
        // Two Han characters are also searched as a bigram (see tokenize): map that too.
        if ([...term].length === 2 && [...head].length === 2 && /^\p{Script=Han}+$/u.test(term)) heads.set(`~${term}`, `~${head}`);
      }
    }
  }
  return {
    canonical(terms) {
      let out: Term[] | undefined;
      for (const [i, t] of terms.entries()) {
        const head = t.bonus ? undefined : heads.get(t.term);
        if (head === undefined || head === t.term) continue;
        out ??= [...terms];
        out[i] = { ...t, term: head };
      }
      return out ?? terms;
    },
  };
}

/** Reads `_synonyms.json` from the knowledge folder (none there: no synonyms); throws StoreError when it is broken. */
export async function loadSynonyms(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<Synonyms> {
  const path = join(dir, '_synonyms.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_SYNONYMS;
    throw new StoreError('KNOWLEDGE_INVALID', `Synonym list ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = SynonymsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError('KNOWLEDGE_INVALID', `Synonym list ${path} is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'}.`);
  }
  return createSynonyms(parsed.data);
}
