/**
 * What a Telegram library must provide to the adapter: a Bot API client, a way to receive
 * updates (long polling, or one update from the webhook server), and a clean stop. One file per
 * library implements it: grammy.ts and telegraf.ts.
 */
import type { Logger } from '../../src/log.ts';
import type { BotIdentity, TelegramApi, TgUpdate } from './bot-api.ts';
import type { RateLimits } from './outbound-queue.ts';
import type { WebhookUpdate } from './webhook-server.ts';

/** The libraries the adapter can run on. */
export type TelegramDriverName = 'grammy' | 'telegraf';

/** A Bot API answer, in the shape Telegram's servers send it. */
export type BotApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/**
 * Answers Bot API calls in process instead of over HTTP. Each driver plugs it in where its
 * library's own HTTP client would run, so everything above (retries, pacing, queues) still runs.
 * For benchmarks with no network.
 */
export type BotApiTransport = (method: string, payload: Record<string, unknown>) => Promise<BotApiResponse>;

/** What getMe returns (id, is_bot, first_name, username, can_join_groups…), as Telegram sends it. */
export type GetMeResult = BotIdentity & { is_bot: true; first_name: string };

export interface DriverOptions {
  token: string;
  /** Another Bot API server (self-hosted, or an emulator in tests). */
  apiRoot: string | undefined;
  log: Logger;
  limits: RateLimits;
  /** Handles one update to the end; the driver calls it one at a time per chat. */
  onUpdate(update: TgUpdate): Promise<void>;
  /** Who the bot is, when already known: init() then makes no getMe call. */
  botInfo?: GetMeResult;
  /** Bot API calls answered in process rather than over HTTP (see BotApiTransport). */
  transport?: BotApiTransport;
  /**
   * False turns pacing off (retries stay). Only for a Bot API answered in process, as in the
   * benchmark: grammY's throttler adds milliseconds of timers to every call and would measure
   * itself; the real Telegram answers a bot that is not paced with 429s. Default true.
   */
  pacing?: boolean;
}

/** One Telegram library behind the adapter. */
export interface TelegramDriver {
  readonly name: TelegramDriverName;
  readonly api: TelegramApi;
  /** Checks the token (getMe) and returns who the bot is. */
  init(): Promise<BotIdentity>;
  /** Starts long polling; returns once it runs. */
  startPolling(): void;
  /** Handles one update that came by webhook; resolves when it has been handled. */
  handleUpdate(update: WebhookUpdate): Promise<void>;
  /** Stops long polling (no-op when not polling); updates being handled carry on. */
  stopPolling(): Promise<void>;
  /** Gives up waits still pending (retries, pacing), once updates have been handled. */
  close(): void;
}
