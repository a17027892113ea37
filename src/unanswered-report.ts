/**
 * `npm run unanswered`: the questions the bot most often could not answer, so staff know which
 * articles to write next. Reads DATA_DIR (default `.data`) through the file state store, which
 * locks the folder: run it while the bot is stopped, or point DATA_DIR at a copy.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, EXIT_SETUP } from './errors.ts';
import { declareKnowledgeCollections, type UnansweredRecord } from './knowledge/knowledge-records.ts';
import type { Lang } from './message.ts';
import { FileStateStore } from './store/file-state-store.ts';
import { normalize } from './text-match.ts';

/** How many questions the report lists. */
export const REPORT_TOP = 30;

/** One line of the report: a question as normalised, how often it came, in which languages. */
export interface UnansweredGroup {
  question: string;
  count: number;
  langs: Lang[];
  /** The latest time it was asked (ISO). */
  last: string;
}

/** Groups questions by their normalised text, most frequent first (then most recent). */
export function groupUnanswered(records: readonly UnansweredRecord[], top = REPORT_TOP): UnansweredGroup[] {
  const groups = new Map<string, UnansweredGroup>();
  for (const record of records) {
    const question = normalize(record.text);
    if (!question) continue;
    const group = groups.get(question) ?? { question, count: 0, langs: [], last: record.at };
    group.count += 1;
    if (!group.langs.includes(record.lang)) group.langs.push(record.lang);
    if (record.at > group.last) group.last = record.at;
    groups.set(question, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last) || a.question.localeCompare(b.question)).slice(0, top);
}

/** The report as plain text. */
export function formatReport(records: readonly UnansweredRecord[], dataDir: string, top = REPORT_TOP): string {
  if (records.length === 0) return `No unanswered questions recorded in ${dataDir}.`;
  const groups = groupUnanswered(records, Number.POSITIVE_INFINITY);
  const shown = groups.slice(0, top);
  const lines = [
    `Unanswered questions in ${dataDir}: ${records.length} recorded, ${groups.length} distinct; the ${shown.length} most frequent:`,
    '',
    ' count  lang      question',
    ...shown.map((g) => `${String(g.count).padStart(6)}  ${g.langs.join(',').padEnd(8)}  ${g.question}`),
  ];
  return lines.join('\n');
}

/** Reads the unanswered questions from a data folder, holding its lock only while reading. */
export async function readUnanswered(dataDir: string): Promise<UnansweredRecord[]> {
  const store = new FileStateStore(dataDir);
  const { unanswered } = declareKnowledgeCollections(store);
  await store.open();
  try {
    return unanswered.all();
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const dataDir = process.env.DATA_DIR?.trim() || '.data';
  if (!existsSync(dataDir)) {
    process.stdout.write(`No data folder at ${resolve(dataDir)} yet: nothing has been recorded. Set DATA_DIR if the bot keeps its data elsewhere.\n`);
    return;
  }
  process.stdout.write(formatReport(await readUnanswered(dataDir), dataDir) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof AppError ? EXIT_SETUP : 1);
  });
}
