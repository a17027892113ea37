/**
 * One bot for section c over HTTP, in a process of its own so its CPU time is its own: started
 * by bench/telegram-http.ts with the bot's kind, it takes updates by webhook on loopback and
 * calls the Bot API at BENCH_API_ROOT (the section's fake Bot API, also on loopback), as a bot
 * in webhook mode does in production. It reports its webhook port, answers "cpu" with its CPU
 * time so far, and exits on "stop". Never run alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bot, webhookCallback } from 'grammy';
import { Telegraf } from 'telegraf';
import { createTelegramAdapter, type TelegramAdapter } from '../adapters/telegram/index.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { STUB_REPLY } from './telegram-bots.ts';
import { BOT_INFO, BOT_TOKEN } from './telegram-fake.ts';

export type HttpBotKind = 'grammy-echo' | 'telegraf-echo' | 'ours-grammy' | 'ours-telegraf' | 'ours-grammy-stub-engine';

/** The path and secret updates are posted with. */
export const WEBHOOK_PATH = '/hook';
export const WEBHOOK_SECRET = 'bench-secret-not-a-real-one';

interface Running {
  port: number;
  stop(): Promise<void>;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** grammY's echo bot behind grammY's own webhook adapter for node:http. */
async function grammyEcho(apiRoot: string): Promise<Running> {
  const bot = new Bot(BOT_TOKEN, { botInfo: BOT_INFO, client: { apiRoot } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.callbackQuery.data);
  });
  const server = await listen(webhookCallback(bot, 'http', { secretToken: WEBHOOK_SECRET }));
  return { port: server.port, stop: server.close };
}

/** Telegraf's echo bot behind Telegraf's own webhook callback. */
async function telegrafEcho(apiRoot: string): Promise<Running> {
  const bot = new Telegraf(BOT_TOKEN, { telegram: { apiRoot: `${apiRoot}/`, webhookReply: false } });
  bot.botInfo = BOT_INFO;
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  bot.on('callback_query', async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.reply('data' in ctx.callbackQuery ? ctx.callbackQuery.data : '');
  });
  const callback = bot.webhookCallback(WEBHOOK_PATH, { secretToken: WEBHOOK_SECRET });
  const server = await listen((req, res) => void callback(req, res));
  return { port: server.port, stop: server.close };
}

/**
 * The whole app with the real Telegram adapter in webhook mode; pacing off (Telegram is not
 * there). With `stubEngine` every message is answered with STUB_REPLY instead of by the engine:
 * what the adapter path costs by itself.
 */
async function ours(apiRoot: string, driver: 'grammy' | 'telegraf', stubEngine = false): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-http-'));
  let adapter: TelegramAdapter | undefined;
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_DRIVER: driver,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_URL: `https://bench.invalid${WEBHOOK_PATH}`,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  const app = await createApp({
    config,
    console: false,
    adapters: [(context) => (adapter = createTelegramAdapter(context, { webhookHost: '127.0.0.1', webhookPort: 0, pacing: false }))],
  });
  if (stubEngine) app.engine.handle = async () => STUB_REPLY;
  await app.start();
  const port = adapter?.webhookPort;
  if (port === undefined) throw new Error('the webhook server did not start');
  return {
    port,
    async stop() {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const kind = process.argv[2] as HttpBotKind | undefined;
  const apiRoot = process.env.BENCH_API_ROOT;
  if (!kind || !apiRoot || !process.send) throw new Error('usage: started by bench/telegram-http.ts');
  const running =
    kind === 'grammy-echo'
      ? await grammyEcho(apiRoot)
      : kind === 'telegraf-echo'
        ? await telegrafEcho(apiRoot)
        : await ours(apiRoot, kind === 'ours-telegraf' ? 'telegraf' : 'grammy', kind === 'ours-grammy-stub-engine');
  process.on('message', (message: string) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'stop') void running.stop().then(() => process.exit(0));
  });
  process.send({ port: running.port });
}
