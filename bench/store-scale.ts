/**
 * Section b: what one message costs when the store already holds 1,000, 10,000 or 100,000
 * conversations. The folder is filled by writing conversation files directly, in the store's
 * own format (a realistic conversation: the visa flow done, a checklist, a full transcript),
 * growing one folder from the smallest size to the largest. At each size a fresh app opens it
 * (checking every file, as start-up does) and answers messages from people it knows (read from
 * disk: the cache starts empty) and from new people. The cost of people it knows includes the
 * checkpoint that then writes their files.
 * Run alone with `npx tsx bench/store-scale.ts [sizes…]`; it prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Engine } from '../src/engine.ts';
import type { Incoming } from '../src/message.ts';
import { FileStateStore } from '../src/store/file-state-store.ts';
import { MemoryStateStore } from '../src/store/memory-state-store.ts';
import type { StateStore } from '../src/store/state-store.ts';
import { walk } from './people.ts';
import { pool, round, seeded, summarize } from './stats.ts';

export interface ScaleRow {
  conversations: number;
  /** Start-up: opening the store checks every file. */
  openSeconds: number;
  existing: Cost;
  new: Cost;
}

export interface Cost {
  messages: number;
  /** Process CPU per message (all threads). */
  cpuMicros: number;
  /** Wall time per message with `CONCURRENCY` in flight. */
  wallMicros: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ScaleResult {
  rows: ScaleRow[];
  /** CPU per message at the largest size over the smallest. */
  existingRatio: number;
  newRatio: number;
}

const SAMPLE = 1000;
const CONCURRENCY = 32;
const WRITE_CONCURRENCY = 64;
/** Known and new people answered before each measurement, so compiling the code is not measured. */
const WARM_UP = 500;

/** A conversation as it looks after the visa flow, with checklist and transcript, as file text with slots for key and address. */
async function conversationTemplate(): Promise<(n: number) => string> {
  const app = await createApp({ config: loadConfig({ DATA_DIR: join(tmpdir(), 'bench-unused'), LOG_LEVEL: 'silent' }), console: false, adapters: [], store: new MemoryStateStore() });
  await app.start();
  await walk(app.engine, 0, { prefix: 'template' });
  const conversation = await app.store.conversations.get('console:template0:template0');
  await app.stop();
  if (!conversation) throw new Error('the template conversation was not stored');
  const { key: _key, address: _address, ...rest } = conversation;
  const tail = JSON.stringify(rest).slice(1);
  return (n) => {
    const key = keyOf(n);
    return `{"format":1,"conversation":{"key":${JSON.stringify(key)},"address":${JSON.stringify(addressOf(n))},${tail}}`;
  };
}

const addressOf = (n: number) => ({ platform: 'console' as const, chatId: `e${n}`, userId: `e${n}` });
const keyOf = (n: number) => `console:e${n}:e${n}`;
/** The store's file name for a key (sha256, 40 hex characters). */
const fileNameOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json';

async function fill(dir: string, from: number, to: number, text: (n: number) => string): Promise<void> {
  const numbers = Array.from({ length: to - from }, (_, i) => from + i);
  await pool(numbers, WRITE_CONCURRENCY, (n) => writeFile(join(dir, fileNameOf(keyOf(n))), text(n)));
}

/** Folds the file store's journal into the conversation files now. */
async function flush(store: StateStore): Promise<void> {
  if (store instanceof FileStateStore) await store.flush();
}

async function send(engine: Engine, incomings: Incoming[]): Promise<{ cpu: number; wall: number; latencies: number[] }> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pool(incomings, CONCURRENCY, async (incoming) => {
    const at = performance.now();
    await engine.handle(incoming);
    latencies.push(performance.now() - at);
  });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpu: used.user + used.system, wall: wall * 1000, latencies };
}

function cost(messages: number, cpuMicros: number, wallMicros: number, latencies: number[]): Cost {
  const s = summarize(latencies);
  return { messages, cpuMicros: Math.round(cpuMicros / messages), wallMicros: Math.round(wallMicros / messages), p50Ms: round(s.p50, 3), p99Ms: round(s.p99, 3) };
}

/** Measures the per-message cost at each size (ascending), reusing one growing folder. */
export async function benchStoreScale(sizes: number[] = [1000, 10_000, 100_000]): Promise<ScaleResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  const conversations = join(dir, 'conversations');
  await mkdir(conversations, { recursive: true });
  const text = await conversationTemplate();
  const random = seeded(11);
  const rows: ScaleRow[] = [];
  // People numbered below zero are answered before each measurement and never measured.
  await fill(conversations, -WARM_UP, 0, text);
  let filled = 0;
  let fresh = 0;
  try {
    const ascending = [...sizes].sort((a, b) => a - b);
    // A rehearsal at the smallest size, not reported: the first round in a process costs more
    // whatever the size (the heap and compiled code are still settling), which would read as
    // the smallest size being the dearest.
    for (const [pass, size] of [ascending[0] ?? 1000, ...ascending].entries()) {
      await fill(conversations, filled, size, text);
      filled = size;
      const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), console: false, adapters: [] });
      const opening = performance.now();
      await app.start();
      const openSeconds = (performance.now() - opening) / 1000;

      const newPerson = (message: string): Incoming => {
        fresh += 1;
        return { address: { platform: 'console', chatId: `n${fresh}`, userId: `n${fresh}` }, messageId: `n${fresh}`, text: message, languageHint: 'en' };
      };
      // Each app compiles its own code paths afresh: run both before measuring either.
      await send(app.engine, Array.from({ length: WARM_UP }, () => newPerson('/checklist')));
      await send(app.engine, Array.from({ length: WARM_UP }, (_, i): Incoming => ({ address: addressOf(-1 - i), messageId: `w${pass}-${i}`, text: '/checklist', languageHint: 'en' })));

      // The warm-up's changes are folded now, so the measured checkpoint holds only measured people.
      await flush(app.store);
      const newcomers = await send(app.engine, Array.from({ length: SAMPLE }, () => newPerson('/checklist')));
      // Distinct people the store knows, spread over the whole folder, each read from disk once.
      const picked = new Set<number>();
      while (picked.size < Math.min(SAMPLE, size)) picked.add(Math.floor(random() * size));
      const known = [...picked].map((n): Incoming => ({ address: addressOf(n), messageId: `k${pass}-${n}`, text: '/checklist', languageHint: 'en' }));
      const cpu = process.cpuUsage();
      const knownRun = await send(app.engine, known);
      await flush(app.store);
      const stopCpu = process.cpuUsage(cpu);
      await app.stop();
      if (pass === 0) continue;
      rows.push({
        conversations: size,
        openSeconds: round(openSeconds),
        existing: cost(known.length, stopCpu.user + stopCpu.system, knownRun.wall, knownRun.latencies),
        new: cost(SAMPLE, newcomers.cpu, newcomers.wall, newcomers.latencies),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    existingRatio: first && last ? round(last.existing.cpuMicros / first.existing.cpuMicros) : 0,
    newRatio: first && last ? round(last.new.cpuMicros / first.new.cpuMicros) : 0,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  console.log(JSON.stringify(await benchStoreScale(sizes.length > 0 ? sizes : undefined)));
}
