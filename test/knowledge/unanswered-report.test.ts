import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declareKnowledgeCollections, type FeedbackRecord, type UnansweredRecord } from '../../src/knowledge/knowledge-records.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import { formatReport, groupUnanswered, readKnowledgeRecords, tallyFeedback } from '../../src/unanswered-report.ts';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop() as string, { recursive: true, force: true });
});

const record = (n: number, text: string, lang: UnansweredRecord['lang'] = 'en'): UnansweredRecord => ({
  id: `r${n}`,
  text,
  lang,
  at: new Date(Date.UTC(2026, 10, 24, 10, n)).toISOString(),
});

let votes = 0;
const vote = (article: string, direction: FeedbackRecord['vote']): FeedbackRecord => ({ id: `v${++votes}`, article, vote: direction, at: new Date(Date.UTC(2026, 10, 24, 11, votes)).toISOString() });

/** A data folder holding these unanswered questions and votes, written as the bot writes them. */
async function dataDirWith(records: UnansweredRecord[], presses: FeedbackRecord[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-unanswered-'));
  dirs.push(dir);
  const store = new FileStateStore(dir);
  const { unanswered, feedback } = declareKnowledgeCollections(store);
  await store.open();
  for (const r of records) await unanswered.put(r);
  for (const p of presses) await feedback.put(p);
  await store.close();
  return dir;
}

describe('the unanswered questions report', () => {
  it('should count questions that differ only in case and punctuation as one, most frequent first', () => {
    const groups = groupUnanswered([record(1, 'Where to buy a SIM card?'), record(2, 'where to buy a sim card'), record(3, '哪里办电话卡', 'zh'), record(4, 'where to buy a sim card!!', 'ru')]);
    expect(groups[0]).toEqual({ question: 'where to buy a sim card', count: 3, langs: ['en', 'ru'], last: record(4, '').at });
    expect(groups[1]?.question).toBe('哪里办电话卡');
  });

  it('should list at most the top 30', () => {
    const many = Array.from({ length: 40 }, (_, i) => record(i, `question ${i}`));
    expect(groupUnanswered(many)).toHaveLength(30);
    expect(formatReport({ unanswered: many, feedback: [] }, '/data').split('\n').filter((l) => /^\s+1 /.test(l))).toHaveLength(30);
  });

  it('should read the data folder and release its lock', async () => {
    const dir = await dataDirWith([record(1, 'dentist in chengdu'), record(2, 'Dentist in Chengdu?')]);
    expect((await readKnowledgeRecords(dir)).unanswered.length).toBe(2);
    // A second reader (or the bot) can take the folder again.
    expect((await readKnowledgeRecords(dir)).unanswered.length).toBe(2);
  });

  it('should list the articles most often marked not helpful first, and leave out those never marked so', () => {
    const tallies = tallyFeedback([vote('visa-documents', 'down'), vote('visa-documents', 'down'), vote('visa-documents', 'up'), vote('emergency-numbers', 'up'), vote('hospital-payment', 'down')]);
    expect(tallies).toEqual([
      { article: 'visa-documents', up: 1, down: 2 },
      { article: 'hospital-payment', up: 0, down: 1 },
    ]);
  });

  it('should say so when nobody has voted yet', () => {
    expect(formatReport({ unanswered: [], feedback: [] }, '/data')).toContain('No helpful / not helpful votes recorded.');
  });

  it('should print the report when run as `npm run unanswered`', async () => {
    const dir = await dataDirWith([record(1, 'dentist in chengdu'), record(2, 'Dentist in Chengdu?'), record(3, 'где купить сим-карту', 'ru')]);
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/unanswered-report.ts'], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(stdout).toContain('3 recorded, 2 distinct');
    expect(stdout).toMatch(/\s2\s+en\s+dentist in chengdu/);
  });

  it('should print the votes under the questions when run as `npm run unanswered`', async () => {
    const dir = await dataDirWith([record(1, 'dentist in chengdu')], [vote('hospital-payment', 'down'), vote('hospital-payment', 'down'), vote('hospital-payment', 'up')]);
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/unanswered-report.ts'], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(stdout).toContain('Answers marked not helpful, most first (3 votes recorded):');
    expect(stdout).toMatch(/^\s+2\s+1\s+hospital-payment$/m);
  });
});
