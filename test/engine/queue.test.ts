import { describe, expect, it } from 'vitest';
import type { EnginePlugin } from '../../src/turn.ts';
import { person, testApp } from '../helpers/app.ts';

/** A plugin that answers every free text after a delay the text asks for ("slow:30" waits 30 ms). */
function slowEcho(handled: string[], gates: Map<string, Promise<void>> = new Map()): EnginePlugin {
  return {
    name: 'slow-echo',
    answer: async (turn) => {
      const gate = gates.get(turn.text);
      if (gate) await gate;
      const ms = Number(/slow:(\d+)/.exec(turn.text)?.[1] ?? 0);
      if (ms) await new Promise((r) => setTimeout(r, ms));
      handled.push(turn.text);
      return [{ text: `echo ${turn.text}` }];
    },
  };
}

describe('the per-conversation queue', () => {
  it('should handle 50 messages fired at once by one person strictly in order', async () => {
    const handled: string[] = [];
    const app = await testApp({ onlyPlugins: [slowEcho(handled)], flows: [] });
    const ana = person(app, { user: 'ana' });
    const texts = Array.from({ length: 50 }, (_, i) => `message ${i} slow:${(i * 7) % 5}`);
    const replies = await Promise.all(texts.map((t) => ana.send(t)));
    expect(handled).toEqual(texts);
    expect(replies.map((r) => r[0]?.text)).toEqual(texts.map((t) => `echo ${t}`));
  });

  it('should not make one person wait for another', async () => {
    let release: () => void = () => undefined;
    const gates = new Map([['stuck question', new Promise<void>((r) => (release = r))]]);
    const handled: string[] = [];
    const app = await testApp({ onlyPlugins: [slowEcho(handled, gates)], flows: [] });
    const pending = person(app, { user: 'ana' }).send('stuck question');
    const boris = await person(app, { user: 'boris' }).send('quick question');
    expect(boris[0]?.text).toBe('echo quick question');
    expect(handled).toEqual(['quick question']);
    release();
    await pending;
    expect(handled).toEqual(['quick question', 'stuck question']);
  });

  it('should drop a message whose platform id was seen before', async () => {
    const handled: string[] = [];
    const app = await testApp({ onlyPlugins: [slowEcho(handled)], flows: [] });
    const ana = person(app, { user: 'ana' });
    const first = await ana.raw({ text: 'what is covered', messageId: 'tg-42' });
    const again = await ana.raw({ text: 'what is covered', messageId: 'tg-42' });
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    expect(handled).toEqual(['what is covered']);
  });
});
