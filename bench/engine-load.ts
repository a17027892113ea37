/**
 * Section a: the engine in process on the lowdb file store in a temp DATA_DIR. 1,000 simulated
 * people walk the visa checklist and ask free-text questions, all at once:
 * - flat out (each sends the next message as soon as the last is answered): throughput, CPU
 *   per message, peak memory, state on disk;
 * - at a person's pace (0-2 s between messages, about 1,000 messages a second in all): the
 *   latency one person sees while 999 others talk too.
 * Run alone with `npx tsx bench/engine-load.ts [--pace[=ms]]`; it prints one JSON line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { MESSAGES_PER_PERSON, walk } from './people.ts';
import { folderSize, type LatencySummary, type MemoryPeak, round, sampleMemory, seeded, summarize } from './stats.ts';

export interface EngineLoadResult {
  people: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** Process CPU (all threads: JS, GC, file I/O) per message, including the closing checkpoint. */
  cpuMicrosPerMessage: number;
  /** What one core could carry: messages per second of CPU time. */
  messagesPerCpuSecond: number;
  latencyMs: LatencySummary;
  memory: MemoryPeak;
  /** Conversation files after the store closed. */
  stateBytes: number;
  conversations: number;
  bytesPerConversation: number;
}

export interface EngineLoadOptions {
  people?: number;
  /** Mean pause between one person's messages, ms; 0 sends flat out. */
  meanThinkMs?: number;
}

/** Runs `people` simulated people through a fresh app and its own temp DATA_DIR. */
export async function benchEngineLoad(options: EngineLoadOptions = {}): Promise<EngineLoadResult> {
  const people = options.people ?? 1000;
  const meanThink = options.meanThinkMs ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'bench-engine-'));
  try {
    const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), console: false, adapters: [] });
    await app.start();
    // Warm up the code paths (JIT, i18n caches) with people who are not counted.
    await Promise.all(Array.from({ length: 30 }, (_, n) => walk(app.engine, n, { prefix: 'warm' })));

    const random = seeded(7);
    const think = meanThink > 0 ? () => random() * 2 * meanThink : undefined;
    const latencies: number[] = [];
    const memory = sampleMemory();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const counts = await Promise.all(Array.from({ length: people }, (_, n) => walk(app.engine, n, { latencies, ...(think ? { think } : {}) })));
    const seconds = (performance.now() - started) / 1000;
    // The closing checkpoint writes each conversation file: part of what durability costs.
    await app.stop();
    const used = process.cpuUsage(cpu);
    const peak = memory.stop();
    const messages = counts.reduce((a, b) => a + b, 0);
    const disk = await folderSize(join(dir, 'conversations'));
    const cpuMicros = (used.user + used.system) / messages;
    return {
      people,
      messages,
      seconds: round(seconds),
      messagesPerSecond: Math.round(messages / seconds),
      cpuMicrosPerMessage: Math.round(cpuMicros),
      messagesPerCpuSecond: Math.round(1e6 / cpuMicros),
      latencyMs: roundAll(summarize(latencies)),
      memory: peak,
      stateBytes: disk.bytes,
      conversations: disk.files,
      bytesPerConversation: Math.round(disk.bytes / Math.max(1, disk.files)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function roundAll(s: LatencySummary): LatencySummary {
  return { p50: round(s.p50, 3), p95: round(s.p95, 3), p99: round(s.p99, 3), max: round(s.max, 3), mean: round(s.mean, 3) };
}

/** Expected messages for `people` walking the script once. */
export const expectedMessages = (people: number): number => people * MESSAGES_PER_PERSON;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // --pace is a mean pause of 1 s between one person's messages; --pace=3000 sets another.
  const pace = process.argv.find((a) => a.startsWith('--pace'));
  const meanThinkMs = pace === undefined ? 0 : Number(pace.split('=')[1] ?? 1000);
  const result = await benchEngineLoad({ meanThinkMs });
  console.log(JSON.stringify(result));
}
