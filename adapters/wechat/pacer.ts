/**
 * Paces outgoing WeChat messages: a gap between two sends to the same chat, and a cap on sends
 * per minute overall, because bursts of automated messages are what get accounts limited.
 * Messages to one chat always leave in the order they were queued.
 */
import { AdapterError } from '../../src/errors.ts';

export interface PacerOptions {
  /** Least time between the end of one send and the start of the next to the same chat. */
  gapMs: number;
  /** Most sends started in any 60 seconds, across all chats. */
  perMinute: number;
  /** The clock (tests use fake timers, which also fake Date.now). */
  now?: () => number;
}

export interface PaceOptions {
  /** Urgent sends (emergency guidance) wait for no gap and no cap, and nor does what is queued before them. */
  urgent?: boolean;
  /** Aborting drops the send if it has not started yet. */
  signal?: AbortSignal;
}

interface Job {
  readonly seq: number;
  readonly urgent: boolean;
  readonly signal: AbortSignal | undefined;
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

const MINUTE = 60_000;

/** A send queue per chat with a per-chat gap and an overall per-minute cap. */
export class Pacer {
  readonly #gapMs: number;
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #queues = new Map<string, Job[]>();
  /** Chats with a send in flight: the next one waits for it, so order holds. */
  readonly #busy = new Set<string>();
  /** When each chat's last send ended. */
  readonly #lastEnd = new Map<string, number>();
  /** Start times of the sends in the last minute, oldest first. */
  readonly #recent: number[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;
  #stopped = false;

  constructor({ gapMs, perMinute, now = Date.now }: PacerOptions) {
    this.#gapMs = gapMs;
    this.#perMinute = Math.max(1, perMinute);
    this.#now = now;
  }

  /**
   * Queues `task` for chat `key`; resolves with its result once it has run.
   * @example await pacer.schedule(room.id, () => room.say(text))
   */
  schedule<T>(key: string, task: () => Promise<T>, options: PaceOptions = {}): Promise<T> {
    if (this.#stopped) return Promise.reject(new AdapterError('WECHAT_STOPPED', 'The WeChat adapter has stopped; nothing more is sent.'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        seq: this.#seq++,
        urgent: options.urgent === true,
        signal: options.signal,
        run: task,
        resolve: (value) => resolve(value as T),
        reject,
      };
      const queue = this.#queues.get(key);
      if (queue) queue.push(job);
      else this.#queues.set(key, [job]);
      this.#pump();
    });
  }

  /** Number of sends waiting (not counting those in flight). */
  get pending(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count;
  }

  /** Rejects everything still waiting; sends in flight finish on their own. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const error = new AdapterError('WECHAT_STOPPED', 'The WeChat adapter stopped before this message was sent.');
    for (const queue of this.#queues.values()) for (const job of queue.splice(0)) job.reject(error);
    this.#queues.clear();
  }

  /** Starts every send that may go now and sets a timer for the earliest one that may not. */
  #pump(): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = this.#now();
    while (this.#recent.length > 0 && (this.#recent[0] ?? 0) <= now - MINUTE) this.#recent.shift();
    for (const [key, end] of this.#lastEnd) if (end <= now - this.#gapMs && !this.#queues.has(key)) this.#lastEnd.delete(key);

    let wakeAt = Number.POSITIVE_INFINITY;
    const ready: { key: string; seq: number; rush: boolean }[] = [];
    for (const [key, queue] of this.#queues) {
      this.#dropAborted(queue);
      const head = queue[0];
      if (!head) {
        this.#queues.delete(key);
        continue;
      }
      if (this.#busy.has(key)) continue;
      // An urgent send pulls what is queued before it along, so it goes out fast and in order.
      const rush = queue.some((job) => job.urgent);
      const due = rush ? now : (this.#lastEnd.get(key) ?? Number.NEGATIVE_INFINITY) + this.#gapMs;
      if (due <= now) ready.push({ key, seq: head.seq, rush });
      else wakeAt = Math.min(wakeAt, due);
    }
    // Urgent first, then whoever has waited longest.
    ready.sort((a, b) => Number(b.rush) - Number(a.rush) || a.seq - b.seq);
    for (const { key, rush } of ready) {
      if (!rush && this.#recent.length >= this.#perMinute) {
        wakeAt = Math.min(wakeAt, (this.#recent[0] ?? now) + MINUTE);
        continue;
      }
      this.#start(key, now);
    }
    if (Number.isFinite(wakeAt)) this.#timer = setTimeout(() => this.#pump(), Math.max(0, wakeAt - now));
  }

  #start(key: string, now: number): void {
    const queue = this.#queues.get(key);
    const job = queue?.shift();
    if (!queue || !job) return;
    if (queue.length === 0) this.#queues.delete(key);
    this.#busy.add(key);
    this.#recent.push(now);
    const finish = () => {
      this.#busy.delete(key);
      this.#lastEnd.set(key, this.#now());
      this.#pump();
    };
    let running: Promise<unknown>;
    try {
      running = job.run();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        finish();
        job.resolve(value);
      },
      (error: unknown) => {
        finish();
        job.reject(error);
      },
    );
  }

  #dropAborted(queue: Job[]): void {
    for (let i = queue.length - 1; i >= 0; i--) {
      const job = queue[i];
      if (job?.signal?.aborted) {
        queue.splice(i, 1);
        job.reject(job.signal.reason);
      }
    }
  }
}
