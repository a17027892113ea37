import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incoming } from '../../src/message.ts';
import { Conversation } from '../../src/store/records.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, person, testApp } from '../helpers/app.ts';

const withTrip = { flows: [tripFlow], onlyPlugins: [], extraLocaleDirs: [FIXTURE_LOCALES] };

describe('bad input gets a polite reply and breaks nothing', () => {
  const cases: [string, Partial<Incoming>, RegExp][] = [
    ['empty text', { text: '' }, /did not get any text/],
    ['blank text', { text: '   \n\t ' }, /did not get any text/],
    ['20,000 characters', { text: 'a'.repeat(20_000) }, /very long/],
    ['only emoji', { text: '😀😀🙏' }, /only understand words/],
    ['control characters', { text: '\u0000\u0007\u001b' }, /did not get any text/],
    ['a photo', { attachment: 'photo' }, /cannot open this photo/],
    ['a voice note', { attachment: 'voice' }, /cannot open this voice message/],
    ['a sticker', { attachment: 'sticker' }, /cannot open this sticker/],
    ['a file', { attachment: 'file' }, /cannot open this file/],
    ['a voice note that came as the text "[voice message]"', { text: '[voice message]' }, /cannot open this voice message/],
    ['a photo that came as the text "[photo]"', { text: '[Photo]' }, /cannot open this photo/],
  ];
  for (const [name, fields, expected] of cases) {
    it(`should answer ${name} politely`, async () => {
      const ana = person(await testApp(withTrip));
      await ana.raw(fields);
      expect(ana.text()).toMatch(expected);
    });
  }

  it('should read a bracketed word that names no attachment as a question, not as an attachment', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('[S2 visa]');
    expect(ana.text()).not.toMatch(/cannot open/);
  });

  it('should answer a photo that came as the text "【图片】" in Chinese', async () => {
    const li = person(await testApp(withTrip), { languageHint: 'zh' });
    await li.send('【图片】');
    expect(li.text()).toContain('无法打开这个图片');
  });

  it('should answer a photo in Russian for a Russian speaker', async () => {
    const olga = person(await testApp(withTrip), { languageHint: 'ru' });
    await olga.raw({ attachment: 'photo' });
    expect(olga.text()).toContain('не могу открыть: фото');
  });

  it('should not count a 👍 after an answer as a failure, however often it comes', async () => {
    const ana = person(await testApp());
    await ana.send('how do I pay at a chinese hospital?');
    await ana.send('👍');
    await ana.send('🙏🙏');
    expect(ana.text()).toContain('only understand words');
    expect(ana.text()).not.toContain('not helping');
  });

  it('should still count "???" as a failure, so the help after two misses comes', async () => {
    const ana = person(await testApp());
    await ana.send('???');
    await ana.send('...');
    expect(ana.text()).toContain('not helping');
  });

  it('should let someone who missed twice in the visa questionnaire still answer it by number', async () => {
    const ana = person(await testApp());
    await ana.send('/start');
    await ana.press('start:visa');
    await ana.send('0');
    await ana.send('99');
    expect(ana.text()).toContain('not helping');
    expect(ana.choices().map((c) => c.id)).toEqual(['ans:self', 'ans:companion', 'cmd:menu']);
    await ana.send('1');
    expect(ana.text()).toContain('How long do you expect to stay');
  });

  it('should not greet a morning visitor with "not helping" for a miss the night before', async () => {
    let at = new Date('2026-12-01T18:00:00Z');
    const ana = person(await testApp({ now: () => at }));
    await ana.send('???');
    at = new Date('2026-12-02T01:00:00Z');
    await ana.send('...');
    expect(ana.text()).not.toContain('not helping');
  });

  it('should remind someone the bot fails twice of the ambulance number, in their language', async () => {
    const li = person(await testApp());
    await li.send('哪里可以买到隐形眼镜');
    await li.send('附近有没有健身房');
    expect(li.text()).toContain('看来我没能帮上忙');
    expect(li.text()).toContain('120');
  });

  it('should treat markup as plain text and keep a flow answer verbatim', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('1');
    await ana.send('2');
    await ana.send('yes');
    await ana.send('3');
    await ana.send('<b>bold</b> _x_ [link](http://x) *y*');
    expect(ana.text()).toContain('<b>bold</b> _x_ [link](http://x) *y*');
  });

  it('should keep the last good state and say so when saving fails', async () => {
    const store = new MemoryStateStore();
    const app = await testApp({ ...withTrip, store });
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    const put = store.conversations.put;
    store.conversations.put = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await ana.send('1');
    expect(ana.text()).toBe('I could not save that, please try again.');
    store.conversations.put = put;
    await ana.send('continue');
    expect(ana.text()).toContain('Why are you coming?');
  });

  it('should answer random text and choice ids from random people and keep every record valid', async () => {
    const store = new MemoryStateStore();
    const app = await testApp({ ...withTrip, store });
    const message = fc.record({
      user: fc.constantFrom('a', 'b', 'c'),
      text: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('1', '2', 'back', 'cancel', 'menu', '/forget', '/language ru', 'yes', '2026-01-01', '/start')), { nil: undefined }),
      choice: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('start:trip', 'ans:visa', 'ans:__done', 'lang:zh', 'forget:yes', 'cmd:menu', 'cmd:nope', 'kb:up:x')), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 15 }), async (messages) => {
        for (const m of messages) {
          const replies = await person(app, { user: m.user }).raw({ ...(m.text === undefined ? {} : { text: m.text }), ...(m.choice === undefined ? {} : { choice: m.choice }) });
          expect(replies.length).toBeGreaterThan(0);
        }
        for (const key of await store.conversations.keys()) {
          expect(Conversation.safeParse(await store.conversations.get(key)).success).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('emoji from a person', () => {
  it('should answer 😭😭😭 with a kind word and the emergency number, not "I can only understand words"', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('😭😭😭');
    expect(aigerim.text()).toContain('Мне жаль, что вам тяжело');
    expect(aigerim.text()).toContain('120');
    expect(aigerim.text()).not.toContain('Я понимаю только слова');
  });

  it('should take a 👍 typed under an article as its "👍 Helpful" button', async () => {
    const ana = person(await testApp());
    await ana.send('how do I pay at a chinese hospital?');
    await ana.send('👍');
    expect(ana.text()).toContain('Glad it helped');
  });
});
