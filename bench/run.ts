/**
 * `npm run bench`: every section in its own child process (so memory figures are its own and
 * one section's heap does not slow the next), then a readable table and one JSON line
 * (`BENCH_JSON {…}`) with every figure. No network; temp folders only; about five minutes.
 *   a. the engine with the lowdb file store: 1,000 people at once (flat out, on one core, and
 *      at two paces of typing);
 *   b. per-message cost with 1,000, 10,000 and 100,000 stored conversations;
 *   c. the Telegram path: grammY and Telegraf echo bots, ours on each driver, the
 *      @grammyjs/conversations version; c2. the echo bots and ours over loopback HTTP in webhook
 *      mode, each bot in its own process;
 *   d. knowledge search latency.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { EngineLoadResult } from './engine-load.ts';
import type { KnowledgeSearchBench } from './knowledge-search.ts';
import { round, table } from './stats.ts';
import type { ScaleResult } from './store-scale.ts';
import type { TelegramResult } from './telegram.ts';
import type { TelegramHttpResult } from './telegram-http.ts';

const here = import.meta.dirname;

/** Runs one section file in a child process (optionally pinned to one CPU) and parses its last output line. */
async function section<T>(file: string, args: string[] = [], oneCore = false): Promise<T> {
  const node = [process.execPath, '--import', 'tsx', join(here, file), ...args];
  const [command, ...rest] = oneCore && existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0', ...node] : node;
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command ?? process.execPath, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} ${args.join(' ')} exited with ${code}`))));
  });
  process.stderr.write(`  ${file} ${args.join(' ')}${oneCore ? ' (one core)' : ''}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const last = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

const load = () => loadavg().map((l) => round(l, 2));

process.stderr.write(`bench: ${cpus().length} CPUs, load average ${load().join(' ')} at start\n`);
const loadBefore = load();
const flatOut = await section<EngineLoadResult>('engine-load.ts');
// This machine's speed moves by a third from run to run (a shared host): the one-core figure is
// the median of three runs, with the range printed beside it.
const oneCoreRuns: EngineLoadResult[] = [];
for (let run = 0; run < 3; run++) oneCoreRuns.push(await section<EngineLoadResult>('engine-load.ts', [], true));
oneCoreRuns.sort((a, b) => a.messagesPerSecond - b.messagesPerSecond);
const oneCore = oneCoreRuns[1] as EngineLoadResult;
const paced = await section<EngineLoadResult>('engine-load.ts', ['--pace=1000']);
const calm = await section<EngineLoadResult>('engine-load.ts', ['--pace=2000']);
const scale = await section<ScaleResult>('store-scale.ts');
const telegram = await section<TelegramResult>('telegram.ts');
const telegramHttp = await section<TelegramHttpResult>('telegram-http.ts');
const knowledge = await section<KnowledgeSearchBench>('knowledge-search.ts');
const loadAfter = load();

const engineRow = (name: string, r: EngineLoadResult) => [name, r.messages, r.messagesPerSecond, r.cpuMicrosPerMessage, r.messagesPerCpuSecond, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.memory.rssMiB, r.memory.heapUsedMiB];
const lines = [
  table(
    'a. Engine + lowdb file store, 1,000 people walking the visa checklist and asking questions',
    ['run', 'messages', 'msg/s', 'CPU µs/msg', 'msg/CPU-s', 'p50 ms', 'p95 ms', 'p99 ms', 'RSS MiB', 'heap MiB'],
    [
      engineRow('all at once, flat out (2 cores)', flatOut),
      engineRow('all at once, flat out, one core (median of 3)', oneCore),
      engineRow('brisk pace (0-2 s between messages)', paced),
      engineRow('calmer pace (0-4 s between messages)', calm),
    ],
  ),
  `   one core, three runs: ${oneCoreRuns.map((r) => r.messagesPerSecond.toLocaleString('en-US')).join(', ')} msg/s`,
  `   state on disk: ${(flatOut.stateBytes / 1024 / 1024).toFixed(1)} MiB for ${flatOut.conversations} conversations, ${flatOut.bytesPerConversation} bytes each`,
  '',
  table(
    'b. Per-message cost by stored conversations (CPU µs per message, all threads; known people include the checkpoint that rewrites their file)',
    ['stored', 'open s', 'known CPU µs', 'known p50 ms', 'known p99 ms', 'new CPU µs', 'new p50 ms', 'new p99 ms'],
    scale.rows.map((r) => [r.conversations, r.openSeconds, r.existing.cpuMicros, r.existing.p50Ms, r.existing.p99Ms, r.new.cpuMicros, r.new.p50Ms, r.new.p99Ms]),
  ),
  `   largest / smallest: known people ${scale.existingRatio}, new people ${scale.newRatio}`,
  '',
  table(
    `c. Telegram path, ${telegram.people} people x 12 updates, Bot API answered in process`,
    ['bot', 'updates/s', 'CPU µs/update', 'API calls/update', 'x echo'],
    telegram.bots.map((b) => [b.name, b.updatesPerSecond, b.cpuMicrosPerUpdate, b.callsPerUpdate, b.ratioToEcho]),
  ),
  '',
  table(
    `c2. Telegram path over loopback HTTP (webhook in, Bot API calls out), ${telegramHttp.people} people x 12 updates, each bot in its own process, two rounds (the second in reverse order)`,
    ['bot', 'updates/s', 'bot CPU µs/update', 'API calls/update', 'x echo (CPU)', 'x echo by round'],
    telegramHttp.bots.map((b) => [b.name, b.updatesPerSecond, b.cpuMicrosPerUpdate, b.callsPerUpdate, b.ratioToEcho, `${b.ratioRange[0]}-${b.ratioRange[1]}`]),
  ),
  '',
  table(
    'd. Knowledge search (one search call)',
    ['articles', 'count', 'p50 ms', 'p99 ms'],
    [
      ['real', knowledge.articles, knowledge.realP50Ms, knowledge.realP99Ms],
      ['real + generated', knowledge.articles + knowledge.generatedArticles, knowledge.generatedP50Ms, knowledge.generatedP99Ms],
    ],
  ),
  '',
  `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`,
];
console.log(lines.join('\n'));

const ours = telegram.bots.find((b) => b.name.startsWith('ours on grammY'));
const oursTelegraf = telegram.bots.find((b) => b.name.startsWith('ours on Telegraf'));
const conversationsFile = telegram.bots.find((b) => b.name.includes('file storage'));
console.log(
  'BENCH_JSON ' +
    JSON.stringify({
      machine: { cpus: cpus().length, loadBefore, loadAfter },
      engine: { flatOut, oneCore, oneCoreRuns: oneCoreRuns.map((r) => r.messagesPerSecond), paced, calm },
      scale,
      telegram,
      telegramHttp,
      knowledge,
      targets: {
        oursOverEcho: ours?.ratioToEcho ?? 0,
        oursOnTelegrafOverEcho: oursTelegraf?.ratioToEcho ?? 0,
        adapterOnlyOverEcho: telegram.bots.find((b) => b.name === 'ours on grammY, engine stubbed')?.ratioToEcho ?? 0,
        oursOverEchoOverHttp: telegramHttp.bots.find((b) => b.name === 'ours on grammY (adapter, webhook)')?.ratioToEcho ?? 0,
        adapterOnlyOverEchoOverHttp: telegramHttp.bots.find((b) => b.name === 'ours on grammY, engine stubbed')?.ratioToEcho ?? 0,
        oursOverConversations: ours && conversationsFile ? round(ours.updatesPerSecond / conversationsFile.updatesPerSecond) : 0,
        messagesPerSecondOneCore: oneCore.messagesPerSecond,
        messagesPerCpuSecond: flatOut.messagesPerCpuSecond,
        costRatio100kTo1k: scale.existingRatio,
        p99MsBriskPace: paced.latencyMs.p99,
        p99MsCalmerPace: calm.latencyMs.p99,
      },
    }),
);
