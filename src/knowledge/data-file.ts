/**
 * Reading one JSON list of the knowledge folder (`_smalltalk.json`, `_synonyms.json`) through its
 * zod schema, with errors that name the file and the field.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { StoreError } from '../errors.ts';

/**
 * The file's content, checked; undefined when `optional` and the file is not there. Throws
 * StoreError KNOWLEDGE_INVALID naming `what` and the path when it cannot be read or is not valid.
 * @example await readDataFile(join(dir, '_synonyms.json'), SynonymsFile, 'Synonym list', { optional: true })
 */
export async function readDataFile<T>(path: string, schema: z.ZodType<T>, what: string, options: { optional?: boolean } = {}): Promise<T | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError('KNOWLEDGE_INVALID', `${what} ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError('KNOWLEDGE_INVALID', `${what} ${path} is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'}.`);
  }
  return parsed.data;
}
