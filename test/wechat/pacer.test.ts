/**
 * The WeChat send pacer: a gap per chat, a cap per minute overall, order kept per chat, and
 * urgent messages (emergency guidance) let through at once without breaking that order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../adapters/wechat/pacer.ts';

/** A pacer whose sends record which message went out and when (in fake milliseconds). */
function pacedLog(options: { gapMs: number; perMinute: number }) {
  const pacer = new Pacer(options);
  const sent: [string, number][] = [];
  const start = Date.now();
  const send = (chat: string, text: string, paceOptions: { urgent?: boolean; signal?: AbortSignal } = {}) =>
    pacer.schedule(
      chat,
      async () => {
        sent.push([text, Date.now() - start]);
        return text;
      },
      paceOptions,
    );
  return { pacer, sent, send };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WeChat send pacer', () => {
  it('should send to one chat in order, a gap apart', async () => {
    const { sent, send } = pacedLog({ gapMs: 1000, perMinute: 100 });
    void send('ana', 'one');
    void send('ana', 'two');
    void send('ana', 'three');
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([
      ['one', 0],
      ['two', 1000],
      ['three', 2000],
    ]);
  });

  it('should not make one chat wait for another chat’s gap', async () => {
    const { sent, send } = pacedLog({ gapMs: 1000, perMinute: 100 });
    void send('ana', 'to ana');
    void send('boris', 'to boris');
    void send('ana', 'to ana again');
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual([
      ['to ana', 0],
      ['to boris', 0],
      ['to ana again', 1000],
    ]);
  });

  it('should hold sends over the per-minute cap until the oldest is a minute old', async () => {
    const { sent, send } = pacedLog({ gapMs: 0, perMinute: 2 });
    for (const chat of ['a', 'b', 'c']) void send(chat, chat);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent.map(([text]) => text)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 60_000],
    ]);
  });

  it('should let an urgent message skip the gap, taking what was queued before it along in order', async () => {
    const { sent, send } = pacedLog({ gapMs: 1000, perMinute: 100 });
    void send('ana', 'menu');
    void send('ana', 'menu part 2');
    void send('ana', 'call 120', { urgent: true });
    void send('ana', 'after the emergency');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      ['menu', 0],
      ['menu part 2', 0],
      ['call 120', 0],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.at(-1)).toEqual(['after the emergency', 1000]);
  });

  it('should send urgent messages even when the per-minute cap is reached', async () => {
    const { sent, send } = pacedLog({ gapMs: 0, perMinute: 1 });
    void send('ana', 'ordinary');
    void send('boris', 'held back');
    void send('chen', 'call 120', { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map(([text]) => text)).toEqual(['ordinary', 'call 120']);
  });

  it('should go on with the next message after a failed send, and drop aborted ones unsent', async () => {
    const { pacer, sent, send } = pacedLog({ gapMs: 10, perMinute: 100 });
    const abort = new AbortController();
    const failed = pacer.schedule('ana', () => Promise.reject(new Error('refused')));
    const dropped = send('ana', 'dropped', { signal: abort.signal });
    const next = send('ana', 'next');
    abort.abort(new Error('batch failed'));
    await expect(failed).rejects.toThrow('refused');
    await expect(dropped).rejects.toThrow('batch failed');
    await vi.advanceTimersByTimeAsync(100);
    await expect(next).resolves.toBe('next');
    expect(sent.map(([text]) => text)).toEqual(['next']);
  });

  it('should reject what is still queued when stopped, and refuse new sends', async () => {
    const { pacer, sent, send } = pacedLog({ gapMs: 1000, perMinute: 100 });
    void send('ana', 'first');
    const waiting = send('ana', 'second');
    expect(pacer.pending).toBe(1);
    pacer.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(send('ana', 'third')).rejects.toThrow(/stopped/);
    expect(sent.map(([text]) => text)).toEqual(['first']);
  });
});
