/**
 * The Telegraf driver: Telegraf's Bot API client and update handling. Telegraf has no
 * equivalents of grammY's auto-retry, throttler and runner, so messages go through the shared
 * outbound queue (pacing + retries), updates are handled one at a time per chat by a keyed
 * queue, and long polling is the shared loop in polling.ts.
 */
import { type Telegram, Telegraf, TelegramError } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import { KeyedQueue } from '../../src/keyed-queue.ts';
import { ALLOWED_UPDATES, type InlineKeyboard, type TelegramApi, type TgUpdate } from './bot-api.ts';
import type { BotApiTransport, DriverOptions, TelegramDriver } from './driver.ts';
import { createOutboundQueue } from './outbound-queue.ts';
import { type Polling, startPolling } from './polling.ts';

/** The chat an update belongs to, so one chat's updates are handled in order. */
function chatOf(update: TgUpdate): string {
  const chat = update.message?.chat ?? update.callback_query?.message?.chat;
  return chat ? String(chat.id) : `update:${update.update_id}`;
}

const markup = (keyboard: InlineKeyboard | undefined) => (keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
// Knowledge answers cite sources; a preview card per link would bury the answer.
const noPreview = { link_preview_options: { is_disabled: true } };
/**
 * Telegraf types its signal as the abort-controller package's; node-fetch underneath accepts
 * Node's own AbortSignal, which is what we have.
 */
type TelegrafSignal = NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>['signal'];
/** The queue key for calls that belong to no chat. */
const BOT = 'bot';

/**
 * Answers every call through `transport`. Telegraf has no hook like grammY's transformers, so the
 * one method all its calls go through is replaced on this client; failures are raised as
 * Telegraf's own TelegramError, as its HTTP client would.
 */
export function answerInProcess(telegram: Telegram, transport: BotApiTransport): void {
  const callApi = async (method: string, payload: Record<string, unknown>) => {
    const answer = await transport(method, payload);
    if (!answer.ok) throw new TelegramError(answer, { method, payload });
    return answer.result;
  };
  telegram.callApi = callApi as unknown as Telegram['callApi'];
}

/** Makes the Telegraf driver. */
export function createTelegrafDriver(options: DriverOptions): TelegramDriver {
  const { token, log, limits } = options;
  // webhookReply off: every call is a real request, so failures are seen and retried.
  // Telegraf resolves "./bot<token>/<method>" against the root: without a trailing slash, a path in it would be lost.
  const apiRoot = options.apiRoot ? `${options.apiRoot.replace(/\/+$/, '')}/` : undefined;
  const bot = new Telegraf(token, { telegram: { ...(apiRoot ? { apiRoot } : {}), webhookReply: false }, handlerTimeout: 600_000 });
  if (options.transport) answerInProcess(bot.telegram, options.transport);
  const queue = createOutboundQueue({ limits, log });
  const paced = options.pacing !== false;
  const chats = new KeyedQueue();
  bot.use((ctx) => chats.run(chatOf(ctx.update), () => options.onUpdate(ctx.update)));
  bot.catch((error, ctx) => log.error('telegram.update_failed', { update: ctx.update.update_id, error }));

  let polling: Polling | undefined;
  const telegram = bot.telegram;

  const api: TelegramApi = {
    sendMessage(chatId, text, { keyboard, urgent }) {
      return queue.run(chatId, () => telegram.sendMessage(chatId, text, { ...markup(keyboard), ...noPreview }), { urgent: urgent === true, paced });
    },
    async editMessageText(chatId, messageId, text, keyboard) {
      await queue.run(chatId, () => telegram.editMessageText(chatId, messageId, undefined, text, { ...markup(keyboard), ...noPreview }), { paced });
    },
    async sendChatAction(chatId, action) {
      await telegram.sendChatAction(chatId, action);
    },
    async answerCallbackQuery(id) {
      await telegram.answerCbQuery(id);
    },
    async setMyCommands(commands, languageCode) {
      await queue.run(BOT, () => telegram.setMyCommands(commands, languageCode ? { language_code: languageCode } : {}), { paced: false });
    },
    async setWebhook(url, secretToken) {
      await queue.run(BOT, () => telegram.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] }), { paced: false });
    },
    async deleteWebhook() {
      await queue.run(BOT, () => telegram.deleteWebhook(), { paced: false });
    },
  };

  return {
    name: 'telegraf',
    api,
    async init() {
      const me = options.botInfo ? (options.botInfo as unknown as UserFromGetMe) : await queue.run(BOT, () => telegram.getMe(), { paced: false });
      bot.botInfo = me;
      return { id: me.id, username: me.username };
    },
    startPolling() {
      polling = startPolling<Update>({
        fetch: (offset, signal) =>
          telegram.callApi('getUpdates', { timeout: 30, offset, allowed_updates: [...ALLOWED_UPDATES] }, { signal: signal as unknown as TelegrafSignal }),
        dispatch: (update) => void bot.handleUpdate(update),
        log,
      });
    },
    async handleUpdate(update) {
      // The webhook server checked only that this is an object with an update_id; Telegraf reads the rest.
      await bot.handleUpdate(update as unknown as Update);
    },
    async stopPolling() {
      await polling?.stop();
      polling = undefined;
    },
    close() {
      queue.stop();
    },
  };
}
