/**
 * Section c: the Telegram path side by side, no network (Bot API calls are answered in process
 * where the library's HTTP client would run; updates go in one by one, as from a webhook). The
 * same people send the same updates to bare echo bots on grammY (the ceiling) and Telegraf, to
 * ours on each of the adapter's drivers (and once with the engine stubbed: the adapter alone), and to the visa flow written with
 * @grammyjs/conversations (state in files, and in memory as the plugin's default).
 * Run alone with `npx tsx bench/telegram.ts`; it prints one JSON line.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openKnowledgeStore } from '../src/knowledge/knowledge-store.ts';
import { round } from './stats.ts';
import { type BenchBot, echoBot, ourBot, telegrafEchoBot } from './telegram-bots.ts';
import { FakeTelegram, telegramScript } from './telegram-fake.ts';
import { conversationsBot } from './visa-conversations.ts';

export interface BotFigure {
  name: string;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  cpuMicrosPerUpdate: number;
  /** Bot API calls made per update. */
  callsPerUpdate: number;
  /** Updates per second over the echo bot's. */
  ratioToEcho: number;
}

export interface TelegramResult {
  people: number;
  bots: BotFigure[];
}

const PEOPLE = 300;
const WARM_UP = 60;
const MIN_SECONDS = 2;

/** Every person walks their script at once, one update after the other. */
async function drive(bot: BenchBot, fake: FakeTelegram, from: number, count: number): Promise<number> {
  let updates = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      for (const next of telegramScript(from + i)) {
        await bot.handleUpdate(next(fake));
        updates += 1;
      }
    }),
  );
  return updates;
}

async function measure(name: string, make: (fake: FakeTelegram) => Promise<BenchBot> | BenchBot, people: number): Promise<Omit<BotFigure, 'ratioToEcho'>> {
  const fake = new FakeTelegram();
  const bot = await make(fake);
  try {
    await drive(bot, fake, 900_000, WARM_UP);
    const callsBefore = fake.calls;
    const cpu = process.cpuUsage();
    const started = performance.now();
    // Fast bots get more rounds of new people, so every figure covers at least MIN_SECONDS.
    let updates = 0;
    for (let round = 0; round === 0 || performance.now() - started < MIN_SECONDS * 1000; round++) updates += await drive(bot, fake, round * people, people);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      name,
      updates,
      seconds: round(seconds),
      updatesPerSecond: Math.round(updates / seconds),
      cpuMicrosPerUpdate: Math.round((used.user + used.system) / updates),
      callsPerUpdate: round((fake.calls - callsBefore) / updates),
    };
  } finally {
    await bot.close();
  }
}

export async function benchTelegram(people = PEOPLE): Promise<TelegramResult> {
  const knowledge = await openKnowledgeStore();
  const figures = [
    await measure('grammY echo bot (ceiling)', echoBot, people),
    await measure('Telegraf echo bot', telegrafEchoBot, people),
    await measure('ours on grammY (adapter driver)', (fake) => ourBot(fake, 'grammy'), people),
    await measure('ours on Telegraf (adapter driver)', (fake) => ourBot(fake, 'telegraf'), people),
    await measure('ours on grammY + pacing (throttler)', (fake) => ourBot(fake, 'grammy', true), people),
    await measure('ours on Telegraf + pacing (own queue)', (fake) => ourBot(fake, 'telegraf', true), people),
    await measure('ours on grammY, engine stubbed', (fake) => ourBot(fake, 'grammy', false, true), people),
    await measure('conversations plugin, file storage', (fake) => conversationsBot(fake, knowledge, true), people),
    await measure('conversations plugin, memory storage', (fake) => conversationsBot(fake, knowledge, false), people),
  ];
  const echo = figures[0]?.updatesPerSecond ?? 1;
  return { people, bots: figures.map((f) => ({ ...f, ratioToEcho: round(f.updatesPerSecond / echo, 3) })) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(JSON.stringify(await benchTelegram()));
}
