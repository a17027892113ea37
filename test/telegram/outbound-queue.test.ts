import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutboundQueue } from '../../adapters/telegram/outbound-queue.ts';
import { silentLogger } from '../../src/log.ts';

/** A Bot API failure as Telegraf reports one. */
function apiError(code: number, description: string, retryAfter?: number): Error {
  return Object.assign(new Error(description), { code, description, ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}) });
}

const dropped = () => Object.assign(new Error('socket hang up'), { name: 'FetchError' });

describe('the outbound queue (Telegraf)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should let a short burst through to a private chat, then pace it at one a second', async () => {
    const queue = createOutboundQueue({ log: silentLogger });
    const sent: number[] = [];
    for (let i = 1; i <= 7; i++) void queue.run(42, async () => sent.push(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([1, 2, 3, 4, 5, 6]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('should send at most 20 a minute to a group', async () => {
    const queue = createOutboundQueue({ log: silentLogger });
    let sent = 0;
    for (let i = 0; i < 21; i++) void queue.run(-100, async () => sent++);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toBe(20);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toBe(21);
  });

  it('should not make urgent messages wait for pacing', async () => {
    const queue = createOutboundQueue({ log: silentLogger, limits: { privateBurst: 1 } });
    const sent: string[] = [];
    void queue.run(42, async () => sent.push('first'));
    void queue.run(42, async () => sent.push('urgent'), { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['first', 'urgent']);
  });

  it('should wait out a 429 inside the chat turn, so the next message stays behind it', async () => {
    const queue = createOutboundQueue({ log: silentLogger });
    const attempts: string[] = [];
    let limited = true;
    const a = queue.run(42, async () => {
      attempts.push('a');
      if (limited) {
        limited = false;
        throw apiError(429, 'Too Many Requests: retry after 3', 3);
      }
    });
    const b = queue.run(42, async () => attempts.push('b'));
    await vi.advanceTimersByTimeAsync(2_900);
    expect(attempts).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([a, b]);
    expect(attempts).toEqual(['a', 'a', 'b']);
  });

  it('should retry dropped connections with back-off, then give up', async () => {
    const queue = createOutboundQueue({ log: silentLogger, maxAttempts: 3 });
    let calls = 0;
    const result = queue.run(42, async () => {
      calls++;
      throw dropped();
    });
    const outcome = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toMatchObject({ name: 'FetchError' });
    expect(calls).toBe(3);
  });

  it('should not retry what Telegram refuses for good', async () => {
    const queue = createOutboundQueue({ log: silentLogger });
    let calls = 0;
    const result = queue.run(42, async () => {
      calls++;
      throw apiError(403, 'Forbidden: bot was blocked by the user');
    });
    await expect(result).rejects.toMatchObject({ code: 403 });
    expect(calls).toBe(1);
  });
});
