/**
 * `npm run unanswered`: the questions the bot most often could not answer, so staff know which
 * articles to write next, and the articles people most often marked not helpful, so they know
 * which to rewrite. Reads DATA_DIR (default `.data`) through the file state store, which
 * locks the folder: run it while the bot is stopped, or point DATA_DIR at a copy.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, EXIT_SETUP } from './errors.ts';
import { declareKnowledgeCollections, type FeedbackRecord, type UnansweredRecord } from './knowledge/knowledge-records.ts';
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

/** Votes on one article. */
export interface FeedbackTally {
  article: string;
  up: number;
  down: number;
}

/** Articles with at least one "not helpful", most such votes first (then the lower share of "helpful"). */
export function tallyFeedback(records: readonly FeedbackRecord[], top = REPORT_TOP): FeedbackTally[] {
  const tallies = new Map<string, FeedbackTally>();
  for (const record of records) {
    const tally = tallies.get(record.article) ?? { article: record.article, up: 0, down: 0 };
    tally[record.vote] += 1;
    tallies.set(record.article, tally);
  }
  const share = (t: FeedbackTally) => t.up / (t.up + t.down);
  return [...tallies.values()]
    .filter((t) => t.down > 0)
    .sort((a, b) => b.down - a.down || share(a) - share(b) || a.article.localeCompare(b.article))
    .slice(0, top);
}

/** What the report reads from a data folder. */
export interface KnowledgeRecords {
  unanswered: UnansweredRecord[];
  feedback: FeedbackRecord[];
}

/** The report as plain text. */
export function formatReport({ unanswered, feedback }: KnowledgeRecords, dataDir: string, top = REPORT_TOP): string {
  const lines: string[] = [];
  if (unanswered.length === 0) lines.push(`No unanswered questions recorded in ${dataDir}.`);
  else {
    const groups = groupUnanswered(unanswered, Number.POSITIVE_INFINITY);
    const shown = groups.slice(0, top);
    lines.push(
      `Unanswered questions in ${dataDir}: ${unanswered.length} recorded, ${groups.length} distinct; the ${shown.length} most frequent:`,
      '',
      ' count  lang      question',
      ...shown.map((g) => `${String(g.count).padStart(6)}  ${g.langs.join(',').padEnd(8)}  ${g.question}`),
    );
  }
  lines.push('');
  const tallies = tallyFeedback(feedback, top);
  const votes = `${feedback.length} ${feedback.length === 1 ? 'vote' : 'votes'} recorded`;
  if (tallies.length === 0) lines.push(feedback.length === 0 ? 'No helpful / not helpful votes recorded.' : `No answer marked not helpful (${votes}, all helpful).`);
  else {
    lines.push(
      `Answers marked not helpful, most first (${votes}):`,
      '',
      '  not helpful  helpful  article',
      ...tallies.map((t) => `${String(t.down).padStart(13)}  ${String(t.up).padStart(7)}  ${t.article}`),
    );
  }
  return lines.join('\n');
}

/** Reads the unanswered questions and the votes from a data folder, holding its lock only while reading. */
export async function readKnowledgeRecords(dataDir: string): Promise<KnowledgeRecords> {
  const store = new FileStateStore(dataDir);
  const { unanswered, feedback } = declareKnowledgeCollections(store);
  await store.open();
  try {
    return { unanswered: unanswered.all(), feedback: feedback.all() };
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
  process.stdout.write(formatReport(await readKnowledgeRecords(dataDir), dataDir) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof AppError ? EXIT_SETUP : 1);
  });
}
