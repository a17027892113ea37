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
  /** Updates per CPU-second of the bot's process over the grammY echo bot's. */
  ratioToEcho: number;
}

export interface TelegramHttpResult {
  people: number;
  bots: HttpBotFigure[];
}

const PEOPLE = 300;
const WARM_UP = 60;
const MIN_SECONDS = 5;
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

async function measure(kind: HttpBotKind, name: string, people: number, fakeRef: { fake: FakeTelegram }, apiRoot: string): Promise<Omit<HttpBotFigure, 'ratioToEcho'>> {
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
    return { name, updates, updatesPerSecond: Math.round(updates / seconds), cpuMicrosPerUpdate: Math.round(cpu / updates), callsPerUpdate: round((fake.calls - callsBefore) / updates) };
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
    const figures: Omit<HttpBotFigure, 'ratioToEcho'>[] = [];
    for (const bot of BOTS) figures.push(await measure(bot.kind, bot.name, people, fakeRef, api.root));
    const echoCpu = figures[0]?.cpuMicrosPerUpdate ?? 1;
    return { people, bots: figures.map((f) => ({ ...f, ratioToEcho: round(echoCpu / f.cpuMicrosPerUpdate, 3) })) };
  } finally {
    await api.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(JSON.stringify(await benchTelegramHttp()));
}
