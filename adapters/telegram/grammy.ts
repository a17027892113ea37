/**
 * The grammY driver: grammY's Bot API client with auto-retry (429 waits retry_after, network
 * errors back off) inside the throttler (Telegram's rate limits), and @grammyjs/runner for long
 * polling with updates handled one at a time per chat (`sequentialize`).
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle, sequentialize } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api, Bot, type Context, type Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../src/log.ts';
import { ALLOWED_UPDATES, type InlineKeyboard, type TelegramApi } from './bot-api.ts';
import type { BotApiTransport, DriverOptions, TelegramDriver } from './driver.ts';
import type { RateLimits } from './outbound-queue.ts';

/** Throttler settings for Telegram's limits; private chats get a token bucket so short bursts pass. */
function throttlerOptions(limits: RateLimits): Parameters<typeof apiThrottler>[0] {
  return {
    global: { reservoir: limits.globalPerSecond, reservoirRefreshAmount: limits.globalPerSecond, reservoirRefreshInterval: 1000 },
    group: { maxConcurrent: 1, reservoir: limits.groupPerMinute, reservoirRefreshAmount: limits.groupPerMinute, reservoirRefreshInterval: 60_000 },
    out: {
      maxConcurrent: 1,
      reservoir: limits.privateBurst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: Math.round(1000 / limits.privatePerSecond),
      reservoirIncreaseMaximum: limits.privateBurst,
    },
  };
}

/** The throttler, except for "typing…", which is not a message and should not use up the budget. */
function pacing(limits: RateLimits): Transformer {
  const throttle = apiThrottler(throttlerOptions(limits));
  return (prev, method, payload, signal) => (method === 'sendChatAction' ? prev(method, payload, signal) : throttle(prev, method, payload, signal));
}

/**
 * Logs each failed attempt (auto-retry retries quietly), without payloads: they hold what people
 * wrote. Installed innermost, so it sees every attempt rather than only the final outcome.
 */
function logFailures(log: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        const serious = result.error_code === 429 || result.error_code >= 500;
        log[serious ? 'warn' : 'debug']('telegram.call_failed', { method, code: result.error_code, retryAfter: result.parameters?.retry_after });
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) log.warn('telegram.call_failed', { method, network: true });
      throw error;
    }
  };
}

/** Answers every call through `transport` instead of grammY's HTTP client. */
function inProcess(transport: BotApiTransport): Transformer {
  // A transformer answers for any method, so its result cannot be typed per method.
  return async (_prev, method, payload) => (await transport(method, payload as Record<string, unknown>)) as never;
}

/** The chat an update belongs to, so one chat's updates are handled in order. */
function chatOf(ctx: Context): string | undefined {
  return ctx.chat?.id.toString();
}

/**
 * grammY on Node types its signal as the abort-controller package's; it only listens for the
 * abort event, which Node's own AbortSignal fires the same way.
 */
type GrammySignal = Parameters<Bot['init']>[0];
/** How long start-up may try to reach Telegram before it gives up. */
const INIT_TIMEOUT_MS = 20_000;

const markup = (keyboard: InlineKeyboard | undefined) => (keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
// Knowledge answers cite sources; a preview card per link would bury the answer.
const noPreview = { link_preview_options: { is_disabled: true } };

/** Makes the grammY driver. */
export function createGrammyDriver(options: DriverOptions): TelegramDriver {
  const { token, log, limits } = options;
  // grammY appends "/bot<token>/<method>" to the root as it is.
  const client = options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {};
  const bot = new Bot(token, { client, ...(options.botInfo ? { botInfo: options.botInfo as unknown as UserFromGetMe } : {}) });
  // Innermost of all, in place of grammY's HTTP call, when calls are answered in process.
  const transport: Transformer[] = options.transport ? [inProcess(options.transport)] : [];
  // The last installed runs outermost. auto-retry sits inside the throttler, so a retried message
  // keeps its place in its chat's queue and nothing overtakes it.
  bot.api.config.use(...transport, logFailures(log), autoRetry(), ...(options.pacing === false ? [] : [pacing(limits)]));
  // Emergency guidance skips pacing (but still retries).
  const urgentApi = new Api(token, client);
  urgentApi.config.use(...transport, logFailures(log), autoRetry());

  bot.use(sequentialize(chatOf));
  bot.use(async (ctx) => {
    await options.onUpdate(ctx.update);
  });
  bot.catch((error) => log.error('telegram.update_failed', { update: error.ctx.update.update_id, error: error.error }));

  let runner: RunnerHandle | undefined;

  const api: TelegramApi = {
    async sendMessage(chatId, text, { keyboard, urgent }) {
      return (urgent ? urgentApi : bot.api).sendMessage(chatId, text, { ...markup(keyboard), ...noPreview });
    },
    async editMessageText(chatId, messageId, text, keyboard) {
      await bot.api.editMessageText(chatId, messageId, text, { ...markup(keyboard), ...noPreview });
    },
    async sendChatAction(chatId, action) {
      await bot.api.sendChatAction(chatId, action);
    },
    async answerCallbackQuery(id) {
      await bot.api.answerCallbackQuery(id);
    },
    async setMyCommands(commands, languageCode) {
      await bot.api.setMyCommands(commands, languageCode ? { language_code: languageCode } : {});
    },
    async setWebhook(url, secretToken) {
      await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    },
    async deleteWebhook() {
      await bot.api.deleteWebhook();
    },
  };

  return {
    name: 'grammy',
    api,
    async init() {
      // auto-retry would wait for the network forever; at start, failing with a clear message is
      // better. With a preset botInfo grammY makes no call.
      await bot.init(AbortSignal.timeout(INIT_TIMEOUT_MS) as unknown as GrammySignal);
      return { id: bot.botInfo.id, username: bot.botInfo.username };
    },
    startPolling() {
      runner = run(bot, {
        runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 }, silent: true },
      });
      // The runner ends on its own only for unrecoverable answers (401 token refused, 409 conflict).
      void runner.task()?.catch((error: unknown) => log.error('telegram.polling_stopped', { error }));
    },
    async handleUpdate(update) {
      // The webhook server checked only that this is an object with an update_id; grammY reads the rest.
      await bot.handleUpdate(update as unknown as Update);
    },
    async stopPolling() {
      await runner?.stop();
      runner = undefined;
    },
    close() {
      // Nothing to give up: grammY's plugins keep no waits apart from calls still in flight.
    },
  };
}
