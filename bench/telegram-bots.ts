/**
 * The bots section c compares, each fed updates one by one and answered by the fake Bot API:
 * bare echo bots on grammY (the ceiling) and on Telegraf, and ours on either driver: the whole
 * app (engine, lowdb file store on disk) behind the adapter's own driver (adapters/telegram/
 * grammy.ts or telegraf.ts, with their retries, pacing and per-chat order) and bridge, fed as the
 * webhook server feeds it. The drivers' `transport` option answers calls in process where the
 * library's HTTP client would run. Pacing is off for our cost (at Telegram's 30 messages a
 * second it would measure Telegram's rule), and on, at limits that never bind, once more per
 * driver to show what the pacing code costs by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { Telegraf } from 'telegraf';
import type { Update as TelegrafUpdate } from 'telegraf/types';
import type { BotIdentity } from '../adapters/telegram/bot-api.ts';
import { createBridge } from '../adapters/telegram/bridge.ts';
import type { DriverOptions, TelegramDriverName } from '../adapters/telegram/driver.ts';
import { createGrammyDriver } from '../adapters/telegram/grammy.ts';
import type { RateLimits } from '../adapters/telegram/outbound-queue.ts';
import { answerInProcess, createTelegrafDriver } from '../adapters/telegram/telegraf.ts';
import { createCallbackCodec, TELEGRAM_CAPABILITIES } from '../adapters/telegram/telegram-render.ts';
import type { WebhookUpdate } from '../adapters/telegram/webhook-server.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Reply } from '../src/message.ts';
import { BOT_INFO, BOT_TOKEN, type FakeTelegram } from './telegram-fake.ts';

/** A bot under test: feed it updates, then close it. */
export interface BenchBot {
  handleUpdate(update: Update): Promise<void>;
  close(): Promise<void>;
}

/** The ceiling: grammY answering every text with itself and every button with its data. */
export function echoBot(fake: FakeTelegram): BenchBot {
  const bot = new Bot(BOT_TOKEN, { botInfo: BOT_INFO });
  bot.api.config.use(fake.transformer);
  bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.callbackQuery.data);
  });
  return { handleUpdate: (update) => bot.handleUpdate(update), close: async () => undefined };
}

/**
 * The same echo bot on Telegraf. It sends through `bot.telegram`, as our Telegraf driver does:
 * `ctx.reply` would use a client Telegraf makes anew for each update, past the fake.
 */
export function telegrafEchoBot(fake: FakeTelegram): BenchBot {
  const bot = new Telegraf(BOT_TOKEN);
  bot.botInfo = BOT_INFO;
  const { telegram } = bot;
  answerInProcess(telegram, fake.transport);
  bot.on('text', (ctx) => telegram.sendMessage(ctx.chat.id, ctx.message.text));
  bot.on('callback_query', async (ctx) => {
    await telegram.answerCbQuery(ctx.callbackQuery.id);
    await telegram.sendMessage(ctx.chat?.id ?? ctx.from.id, 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '');
  });
  return { handleUpdate: (update) => bot.handleUpdate(update as TelegrafUpdate), close: async () => undefined };
}

/**
 * Far above any load here, for the run with pacing on: the pacing code runs but Telegram's
 * limits never bind. A chat's burst is what is raised; its refill stays at one a second, as a
 * faster one would only add timer ticks.
 */
const UNBOUNDED: RateLimits = { globalPerSecond: 1_000_000, privateBurst: 1_000_000, privatePerSecond: 1, groupPerMinute: 1_000_000 };

/**
 * A reply of the size ours send on average (about 660 bytes a call): what the engine's answer
 * costs the adapter to deliver, without the engine.
 */
export const STUB_REPLY: Reply[] = [
  { text: 'Your checklist: S2 visa for medical treatment. '.repeat(12), choices: [1, 2, 3, 4, 5].map((n) => ({ id: `tick:item-${n}`, label: `Item number ${n}` })) },
];

/**
 * Our bot with the product's flows and plugins, its state in a temp DATA_DIR, on one of the
 * adapter's drivers. `pacing` false measures our cost; true adds the driver's pacing at limits
 * that never bind, which shows what the pacing code itself costs. `stubEngine` answers every
 * message with STUB_REPLY instead: the adapter path alone.
 */
export async function ourBot(fake: FakeTelegram, driverName: TelegramDriverName, pacing = false, stubEngine = false): Promise<BenchBot> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-ours-'));
  const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), console: false, adapters: [] });
  if (stubEngine) app.engine.handle = async () => STUB_REPLY;
  // Declared before the store opens, as the adapter factory does.
  const codec = createCallbackCodec(app.store);
  const options: DriverOptions = {
    token: BOT_TOKEN,
    apiRoot: undefined,
    log: app.log,
    limits: UNBOUNDED,
    botInfo: BOT_INFO,
    transport: fake.transport,
    pacing,
    onUpdate: (update) => bridge.handleUpdate(update),
  };
  const driver = driverName === 'telegraf' ? createTelegrafDriver(options) : createGrammyDriver(options);
  // With a preset botInfo this makes no call.
  const me: BotIdentity = await driver.init();
  const bridge = createBridge({ engine: app.engine, log: app.log, api: driver.api, codec, me: () => me });
  await app.start();
  app.engine.register({ platform: 'telegram', capabilities: TELEGRAM_CAPABILITIES, send: (address, replies) => bridge.send(address, replies) });
  return {
    handleUpdate: (update) => driver.handleUpdate(update as unknown as WebhookUpdate),
    async close() {
      await bridge.drain(15_000);
      driver.close();
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
