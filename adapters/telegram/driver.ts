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

export interface DriverOptions {
  token: string;
  /** Another Bot API server (self-hosted, or an emulator in tests). */
  apiRoot: string | undefined;
  log: Logger;
  limits: RateLimits;
  /** Handles one update to the end; the driver calls it one at a time per chat. */
  onUpdate(update: TgUpdate): Promise<void>;
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
