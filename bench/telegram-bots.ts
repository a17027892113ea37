/**
 * The bots section c compares, each fed updates with `handleUpdate` and answered by the fake
 * Bot API: a bare grammY echo bot (the ceiling) and ours (the whole app: engine, lowdb file
 * store on disk, the Telegram adapter's bridge, rendering and callback codec).
 *
 * Ours is put together the way adapters/telegram/grammy.ts builds its Bot (per-chat order,
 * auto-retry, the same API mapping), because that driver cannot yet take a preset `botInfo` or
 * an extra transformer: without them it would call getMe and the network. Left out here: the
 * pacing throttler (with Telegram's limits it would cap the figure at 30 messages a second,
 * which is Telegram's rule, not our cost) and the failure logger (it logs nothing when calls
 * succeed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { ALLOWED_UPDATES, type InlineKeyboard, type TelegramApi } from '../adapters/telegram/bot-api.ts';
import { createBridge } from '../adapters/telegram/bridge.ts';
import { createCallbackCodec, TELEGRAM_CAPABILITIES } from '../adapters/telegram/telegram-render.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
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

const markup = (keyboard: InlineKeyboard | undefined) => (keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
const noPreview = { link_preview_options: { is_disabled: true } };

/** Our bot on grammY, with the product's flows and plugins and its state in a temp DATA_DIR. */
export async function ourBot(fake: FakeTelegram): Promise<BenchBot> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-ours-'));
  const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), console: false, adapters: [] });
  // Declared before the store opens, as the adapter factory does.
  const codec = createCallbackCodec(app.store);
  const bot = new Bot(BOT_TOKEN, { botInfo: BOT_INFO });
  // Innermost: the fake network; auto-retry runs on top of it as it does on top of HTTP.
  bot.api.config.use(fake.transformer, autoRetry());
  const api: TelegramApi = {
    sendMessage: (chatId, text, { keyboard }) => bot.api.sendMessage(chatId, text, { ...markup(keyboard), ...noPreview }),
    editMessageText: async (chatId, messageId, text, keyboard) => {
      await bot.api.editMessageText(chatId, messageId, text, { ...markup(keyboard), ...noPreview });
    },
    sendChatAction: async (chatId, action) => {
      await bot.api.sendChatAction(chatId, action);
    },
    answerCallbackQuery: async (id) => {
      await bot.api.answerCallbackQuery(id);
    },
    setMyCommands: async (commands, languageCode) => {
      await bot.api.setMyCommands(commands, languageCode ? { language_code: languageCode } : {});
    },
    setWebhook: async (url, secretToken) => {
      await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    },
    deleteWebhook: async () => {
      await bot.api.deleteWebhook();
    },
  };
  const bridge = createBridge({ engine: app.engine, log: app.log, api, codec, me: () => ({ id: BOT_INFO.id, username: BOT_INFO.username }) });
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(async (ctx) => {
    await bridge.handleUpdate(ctx.update);
  });
  await app.start();
  app.engine.register({ platform: 'telegram', capabilities: TELEGRAM_CAPABILITIES, send: (address, replies) => bridge.send(address, replies) });
  return {
    handleUpdate: (update) => bot.handleUpdate(update),
    async close() {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
