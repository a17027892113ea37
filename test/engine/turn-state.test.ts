import { describe, expect, it } from 'vitest';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, person, testApp } from '../helpers/app.ts';
import type { EnginePlugin } from '../../src/turn.ts';

/** A feature with a bug: it starts changing the person's record, then throws. */
const brokenHalfWay: EnginePlugin = {
  name: 'broken',
  intercept: (turn) => {
    if (!turn.text.includes('zebra')) return undefined;
    turn.conversation.extras.broken = 'half-written';
    turn.conversation.flow = { id: 'trip', version: 99, step: 'nowhere', answers: {}, history: [], attempts: 0 };
    throw new Error('bug in a feature');
  },
};

describe('what a turn leaves behind', () => {
  it('should keep the stored record when a feature fails half-way, and still drop a resend of that message', async () => {
    const app = await testApp({ flows: [tripFlow], onlyPlugins: [brokenHalfWay], extraLocaleDirs: [FIXTURE_LOCALES] });
    const ana = person(app, { user: 'ana', displayName: 'Ana' });
    await ana.send('menu');
    await ana.press('Trip planner');
    const before = await app.store.conversations.get('console:chat-ana:ana');

    const replies = await ana.raw({ text: 'tell me about zebras', messageId: 'zebra-1' });
    expect(replies.map((r) => r.text).join('\n')).toContain('something went wrong');
    const after = await app.store.conversations.get('console:chat-ana:ana');
    expect(after?.extras.broken).toBeUndefined();
    expect(after?.flow).toEqual(before?.flow);
    expect(after?.displayName).toBe('Ana');
    expect(await ana.raw({ text: 'tell me about zebras', messageId: 'zebra-1' })).toEqual([]);
  });

  it('should keep a newcomer whose first message fails as a fresh record, without the half-written change', async () => {
    const app = await testApp({ flows: [tripFlow], onlyPlugins: [brokenHalfWay], extraLocaleDirs: [FIXTURE_LOCALES] });
    const ben = person(app, { user: 'ben' });
    await ben.send('zebra crossing');
    const stored = await app.store.conversations.get('console:chat-ben:ben');
    expect(stored?.flow).toBeUndefined();
    expect(stored?.extras).toEqual({});
    expect(stored?.transcript.map((l) => l.from)).toEqual(['person', 'bot']);
  });

  it('should keep what a person wrote nearly whole in the transcript, and the bot lines only as long as a ticket card shows', async () => {
    const app = await testApp();
    const carl = person(app, { user: 'carl' });
    await carl.send('/start');
    await carl.press('start:visa');
    const long = `My mother needs treatment in Shanghai and ${'we are not sure what to bring '.repeat(25)}`.trim();
    await carl.send(long);
    const stored = await app.store.conversations.get('console:chat-carl:carl');
    const bot = stored?.transcript.filter((l) => l.from === 'bot') ?? [];
    expect(bot.length).toBeGreaterThan(1);
    expect(Math.max(...bot.map((l) => l.text.length))).toBeLessThanOrEqual(200);
    expect(bot.some((l) => l.text.endsWith('…'))).toBe(true);
    expect(stored?.transcript.find((l) => l.from === 'person' && l.text.startsWith('My mother'))?.text).toBe(long);
  });
});
