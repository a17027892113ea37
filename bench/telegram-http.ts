/**
 * Section c over HTTP: the same people and updates as section c, but each bot runs in a process
 * of its own in webhook mode, as in production: updates are posted to its webhook, and it calls
 * a fake Bot API over HTTP. Both ends are this process, on loopback only (127.0.0.1); the bot's
 * own CPU time is what is compared. Every bot then pays what any real bot pays per update (an
 * HTTP request in, JSON, one or two HTTP calls out), which the in-process figures leave out.
 * A last row runs ours with the engine stubbed (a fixed reply of our size): the adapter alone.
 * Run alone with `npx tsx bench/telegram-http.ts`; it prints one JSON line.
 */
import { fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Update } from 'grammy/types';
import { round } from './stats.ts';
import { type HttpBotKind, WEBHOOK_PATH, WEBHOOK_SECRET } from './telegram-http-bot.ts';
import { FakeTelegram, telegramScript } from './telegram-fake.ts';

export interface HttpBotFigure {
  name: string;
  updates: number;
  updatesPerSecond: number;
  /** CPU time of the bot's process per update. */
  cpuMicrosPerUpdate: number;
  callsPerUpdate: number;
  /** Updates per CPU-second of the bot's process over the grammY echo bot's, over all rounds. */
  ratioToEcho: number;
  /** The lowest and highest of that ratio in one round (each against the echo bot of its round). */
  ratioRange: [number, number];
}

export interface TelegramHttpResult {
  people: number;
  bots: HttpBotFigure[];
}

const PEOPLE = 300;
const WARM_UP = 60;
const MIN_SECONDS = 4;
/**
 * Every bot is measured in each round, the second round in reverse order: this host's speed
 * drifts by a third within minutes, and a drift that favours the bots measured last in one round
 * favours the first in the other.
 */
const ROUNDS = 2;
/** No request to loopback should take this long; one that does ends the run with an error. */
const REQUEST_TIMEOUT_MS = 30_000;

const BOTS: { kind: HttpBotKind; name: string }[] = [
  { kind: 'grammy-echo', name: 'grammY echo bot (ceiling)' },
  { kind: 'telegraf-echo', name: 'Telegraf echo bot' },
  { kind: 'ours-grammy', name: 'ours on grammY (adapter, webhook)' },
  { kind: 'ours-telegraf', name: 'ours on Telegraf (adapter, webhook)' },
  { kind: 'ours-grammy-stub-engine', name: 'ours on grammY, engine stubbed' },
];

/** The fake Bot API on loopback; `current` answers for the bot being measured. */
async function startBotApi(current: () => FakeTelegram): Promise<{ root: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').at(-1) ?? '';
      const text = Buffer.concat(chunks).toString('utf8');
      const payload = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      void current()
        .transport(method, payload)
        .then((answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/** Posts one update to the bot's webhook; resolves when the bot has answered the request. */
function post(agent: Agent, port: number, update: Update): Promise<void> {
  const body = JSON.stringify(update);
  return new Promise((done, fail) => {
    const req = request(
      { agent, host: '127.0.0.1', port, path: WEBHOOK_PATH, method: 'POST', timeout: REQUEST_TIMEOUT_MS, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? done() : fail(new Error(`webhook answered ${res.statusCode}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook request timed out')));
    req.on('error', fail);
    req.end(body);
  });
}

type Child = ReturnType<typeof fork>;

function next<T>(child: Child, pick: (message: unknown) => T | undefined): Promise<T> {
  return new Promise((done, fail) => {
    const onMessage = (message: unknown) => {
      const value = pick(message);
      if (value === undefined) return;
      child.off('message', onMessage);
      done(value);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => fail(new Error(`bot process exited with ${code}`)));
  });
}

async function cpuOf(child: Child): Promise<number> {
  const reply = next(child, (m) => (typeof m === 'object' && m !== null && 'cpu' in m ? (m as { cpu: NodeJS.CpuUsage }).cpu : undefined));
  child.send('cpu');
  const cpu = await reply;
  return cpu.user + cpu.system;
}

/** One bot's run: updates handled, seconds taken, CPU time of its process (µs), Bot API calls. */
interface Run {
  updates: number;
  seconds: number;
  cpu: number;
  calls: number;
}

async function measure(kind: HttpBotKind, people: number, fakeRef: { fake: FakeTelegram }, apiRoot: string): Promise<Run> {
  const fake = new FakeTelegram();
  fakeRef.fake = fake;
  const child = fork(join(import.meta.dirname, 'telegram-http-bot.ts'), [kind], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_API_ROOT: apiRoot }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const agent = new Agent({ keepAlive: true, maxSockets: people });
  try {
    const port = await next(child, (m) => (typeof m === 'object' && m !== null && 'port' in m ? (m as { port: number }).port : undefined));
    const drive = async (from: number, count: number) => {
      let updates = 0;
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          for (const step of telegramScript(from + i)) {
            await post(agent, port, step(fake));
            updates += 1;
          }
        }),
      );
      return updates;
    };
    await drive(900_000, WARM_UP);
    const callsBefore = fake.calls;
    const cpuBefore = await cpuOf(child);
    const started = performance.now();
    // More rounds of new people until MIN_SECONDS have passed: the figures move less.
    let updates = 0;
    for (let round = 0; round === 0 || performance.now() - started < MIN_SECONDS * 1000; round++) updates += await drive(round * people, people);
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await cpuOf(child)) - cpuBefore;
    return { updates, seconds, cpu, calls: fake.calls - callsBefore };
  } finally {
    agent.destroy();
    const exited = new Promise((done) => child.once('exit', done));
    child.send('stop');
    await exited;
  }
}

export async function benchTelegramHttp(people = PEOPLE): Promise<TelegramHttpResult> {
  const fakeRef = { fake: new FakeTelegram() };
  const api = await startBotApi(() => fakeRef.fake);
  try {
    // runs[bot][round]
    const runs: Run[][] = BOTS.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      const order = BOTS.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) runs[i]?.push(await measure(BOTS[i]?.kind as HttpBotKind, people, fakeRef, api.root));
    }
    const sum = (list: Run[], pick: (run: Run) => number) => list.reduce((total, run) => total + pick(run), 0);
    const perUpdate = (run: Run) => run.cpu / run.updates;
    const echo = runs[0] ?? [];
    const echoCpu = sum(echo, (r) => r.cpu) / sum(echo, (r) => r.updates);
    const bots = BOTS.map((bot, i): HttpBotFigure => {
      const list = runs[i] ?? [];
      const updates = sum(list, (r) => r.updates);
      const cpu = sum(list, (r) => r.cpu) / updates;
      const ratios = list.map((run, r) => perUpdate(echo[r] ?? run) / perUpdate(run));
      return {
        name: bot.name,
        updates,
        updatesPerSecond: Math.round(updates / sum(list, (r) => r.seconds)),
        cpuMicrosPerUpdate: Math.round(cpu),
        callsPerUpdate: round(sum(list, (r) => r.calls) / updates),
        ratioToEcho: round(echoCpu / cpu, 3),
        ratioRange: [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)],
      };
    });
    return { people, bots };
  } finally {
    await api.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(JSON.stringify(await benchTelegramHttp()));
}
