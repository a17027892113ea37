/**
 * Outbound pacing and retries for drivers without plugins for them (Telegraf): calls for one
 * chat run one at a time in order, within Telegram's published limits, and a 429, a dropped
 * connection or a 5xx is retried inside the chat's turn, so a retried message never falls
 * behind a later one. (The grammY driver gets the same from auto-retry and the throttler.)
 */
import { KeyedQueue } from '../../src/keyed-queue.ts';
import type { Logger } from '../../src/log.ts';
import { apiFailure, type ChatId } from './bot-api.ts';

/** Telegram's limits for outgoing messages (core.telegram.org/bots/faq#broadcasting-to-users). */
export interface RateLimits {
  /** Messages per second across all chats. */
  globalPerSecond: number;
  /** Messages a private chat may get in a quick burst. */
  privateBurst: number;
  /** Messages per second to one private chat after a burst. */
  privatePerSecond: number;
  /** Messages per minute to one group. */
  groupPerMinute: number;
}

/** About 30 messages a second overall, 1 a second per private chat (short bursts allowed), 20 a minute per group. */
export const TELEGRAM_LIMITS: RateLimits = { globalPerSecond: 30, privateBurst: 5, privatePerSecond: 1, groupPerMinute: 20 };

/** One call through the queue. */
export interface QueueCallOptions {
  /** Emergency guidance: no pacing wait (retries still apply). */
  urgent?: boolean;
  /** False for calls that are not messages (command menu, webhook): retried but not counted. */
  paced?: boolean;
}

/** Runs Bot API calls per chat, in order, paced and retried. */
export interface OutboundQueue {
  run<T>(chatId: ChatId, call: () => Promise<T>, options?: QueueCallOptions): Promise<T>;
  /** Ends waits in progress (they reject), so stopping never hangs on a long back-off. */
  stop(): void;
}

export interface OutboundQueueOptions {
  limits?: Partial<RateLimits>;
  log: Logger;
  /** Attempts for a call that fails with a network error or 5xx (429s do not count). Default 6. */
  maxAttempts?: number;
  /** First back-off after a network error or 5xx; it doubles up to 30 s. Default 500 ms. */
  firstBackoffMs?: number;
  now?: () => number;
}

/** A limiter says how long to wait before the next message, and counts one when it is sent. */
interface Limiter {
  waitMs(now: number): number;
  take(now: number): void;
  idle(now: number): boolean;
}

/** At most `limit` in any `windowMs`. */
class SlidingWindow implements Limiter {
  readonly #times: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  #prune(now: number): void {
    while (this.#times.length > 0 && (this.#times[0] ?? 0) <= now - this.windowMs) this.#times.shift();
  }
  waitMs(now: number): number {
    this.#prune(now);
    return this.#times.length < this.limit ? 0 : (this.#times[0] ?? now) + this.windowMs - now;
  }
  take(now: number): void {
    this.#times.push(now);
  }
  idle(now: number): boolean {
    this.#prune(now);
    return this.#times.length === 0;
  }
}

/** Bursts of up to `capacity`, refilled at `perSecond`. */
class TokenBucket implements Limiter {
  #tokens: number;
  #at: number;
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }
  #refill(now: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
  }
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000);
  }
  take(now: number): void {
    this.#tokens -= 1;
    this.#at = now;
  }
  idle(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }
}

const MAX_BACKOFF_MS = 30_000;
/** Per-chat limiters kept before idle ones are dropped. */
const PRUNE_AT = 10_000;

/** Makes the queue; one per bot. */
export function createOutboundQueue(options: OutboundQueueOptions): OutboundQueue {
  const limits = { ...TELEGRAM_LIMITS, ...options.limits };
  const { log } = options;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 6;
  const firstBackoffMs = options.firstBackoffMs ?? 500;
  const chats = new KeyedQueue();
  const global = new SlidingWindow(limits.globalPerSecond, 1000);
  const perChat = new Map<string, Limiter>();
  const stopper = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stopper.signal.aborted) return reject(new Error('The Telegram outbound queue was stopped.'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('The Telegram outbound queue was stopped.'));
      };
      const timer = setTimeout(() => {
        stopper.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      stopper.signal.addEventListener('abort', onAbort, { once: true });
    });

  const limiterFor = (chatId: ChatId): Limiter => {
    const key = String(chatId);
    let limiter = perChat.get(key);
    if (!limiter) {
      if (perChat.size >= PRUNE_AT) for (const [k, l] of perChat) if (l.idle(now())) perChat.delete(k);
      // Negative ids are groups and channels, as the Bot API numbers them.
      limiter = typeof chatId === 'number' && chatId < 0 ? new SlidingWindow(limits.groupPerMinute, 60_000) : new TokenBucket(limits.privateBurst, limits.privatePerSecond, now());
      perChat.set(key, limiter);
    }
    return limiter;
  };

  const pace = async (chatId: ChatId): Promise<void> => {
    const chat = limiterFor(chatId);
    for (;;) {
      const at = now();
      const wait = Math.max(chat.waitMs(at), global.waitMs(at));
      if (wait <= 0) {
        chat.take(at);
        global.take(at);
        return;
      }
      await sleep(wait);
    }
  };

  const attempt = async <T>(chatId: ChatId, call: () => Promise<T>, callOptions: QueueCallOptions): Promise<T> => {
    let failures = 0;
    let backoff = firstBackoffMs;
    for (;;) {
      if (callOptions.paced !== false) {
        if (callOptions.urgent) global.take(now());
        else await pace(chatId);
      }
      try {
        return await call();
      } catch (error) {
        const failure = apiFailure(error);
        if (failure.code === 429) {
          const waitMs = (failure.retryAfter ?? 1) * 1000;
          log.warn('telegram.rate_limited', { retryAfterMs: waitMs });
          await sleep(waitMs);
          continue;
        }
        const retriable = failure.network || (failure.code !== undefined && failure.code >= 500);
        if (!retriable || ++failures >= maxAttempts || stopper.signal.aborted) throw error;
        log.warn('telegram.call_retry', { code: failure.code, network: failure.network, attempt: failures, retryInMs: backoff });
        await sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  };

  return {
    run(chatId, call, callOptions = {}) {
      return chats.run(String(chatId), () => attempt(chatId, call, callOptions));
    },
    stop() {
      stopper.abort();
    },
  };
}
