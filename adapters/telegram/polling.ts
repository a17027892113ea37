/**
 * A long-polling loop for drivers whose own loop does not fit (Telegraf's waits for every update
 * of a batch before fetching more, and retries after a fixed 5 s): updates are handed on without
 * waiting, network errors back off exponentially, and a refused token stops it with a clear log.
 */
import type { Logger } from '../../src/log.ts';
import { apiFailure, type TgUpdate } from './bot-api.ts';

export interface PollingOptions<U extends Pick<TgUpdate, 'update_id'>> {
  /** One getUpdates call from `offset`; must honour `signal` so stopping is immediate. */
  fetch(offset: number, signal: AbortSignal): Promise<U[]>;
  /** Takes one update; not awaited, so a slow reply never holds up other chats. */
  dispatch(update: U): void;
  log: Logger;
  /** First wait after a failure; it doubles up to `maxBackoffMs`. Default 250 ms. */
  firstBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
}

/** A running loop. */
export interface Polling {
  /** Resolves when the loop has ended (stopped, or refused by Telegram). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Starts polling at once. */
export function startPolling<U extends Pick<TgUpdate, 'update_id'>>(options: PollingOptions<U>): Polling {
  const { log } = options;
  const firstBackoffMs = options.firstBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const controller = new AbortController();
  const { signal } = controller;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  const loop = async (): Promise<void> => {
    let offset = 0;
    let backoff = firstBackoffMs;
    while (!signal.aborted) {
      try {
        const updates = await options.fetch(offset, signal);
        backoff = firstBackoffMs;
        for (const update of updates) {
          offset = Math.max(offset, update.update_id + 1);
          options.dispatch(update);
        }
      } catch (error) {
        if (signal.aborted) break;
        const failure = apiFailure(error);
        if (failure.code === 401 || failure.code === 409) {
          log.error('telegram.polling_stopped', {
            code: failure.code,
            advice: failure.code === 401 ? 'Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather.' : 'Another instance polls with this token, or a webhook is set: run one instance only.',
          });
          return;
        }
        const waitMs = failure.retryAfter !== undefined ? failure.retryAfter * 1000 : backoff;
        log.warn('telegram.polling_failed', { code: failure.code, network: failure.network, retryInMs: waitMs });
        await pause(waitMs);
        backoff = Math.min(maxBackoffMs, backoff * 2);
      }
    }
  };

  const done = loop();
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
