/**
 * Aigerim, a student from Almaty in Wuhan, anxious and not sleeping, writes in Russian that she
 * does not want to live. Thoughts that keep coming back are a crisis too; the answer is caring
 * words, 120 if she is in danger now, and the national mental health hotline: not the card for
 * reporting someone else's accident.
 */
import { describe, expect, it } from 'vitest';
import { person, testApp } from '../helpers/app.ts';
import { handoffApp, texts } from '../handoff/handoff-app.ts';

const DISPATCHER_CARD = '这里有人需要急救';

describe('a person in crisis', () => {
  it('should answer a student who "sometimes" thinks she does not want to live with the crisis words and 12356', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('иногда думаю что не хочу больше жить');
    expect(aigerim.last[0]?.text).toContain('Вы не одни');
    expect(aigerim.text()).toContain('звоните 120');
    expect(aigerim.text()).toContain('12356');
    expect(aigerim.last.every((r) => r.urgent)).toBe(true);
  });

  it('should not show her the ambulance dispatcher card meant for an accident', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('не хочу больше жить в этом мире');
    expect(aigerim.text()).toContain('12356');
    expect(aigerim.text()).not.toContain(DISPATCHER_CARD);
  });

  it('should give the same help in English, at any hour of "every night"', async () => {
    const aigerim = person(await testApp());
    await aigerim.send('every night i think about killing myself');
    expect(aigerim.text()).toContain('You do not have to face it alone');
    expect(aigerim.text()).toContain('12356');
  });

  it('should read the crisis in Russian typed in Latin letters', async () => {
    const aigerim = person(await testApp());
    await aigerim.send('ne hochu bolshe zhit');
    expect(aigerim.text()).toContain('12356');
  });

  it('should keep a crisis message out of the consultation brief and keep her place', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('/start');
    await aigerim.press('start:consult');
    await aigerim.press('ans:yes');
    await aigerim.send('хочу исчезнуть навсегда');
    expect(aigerim.text()).toContain('12356');
    await aigerim.send('/brief');
    expect(aigerim.text()).not.toContain('исчезнуть');
  });

  it('should not send the ambulance card again when she says she does not need an ambulance', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('не хочу больше жить');
    await aigerim.send('мне не нужна скорая, мне просто плохо');
    expect(aigerim.text()).not.toContain('Срочно звоните');
    expect(aigerim.text()).toContain('12356');
  });

  it('should point someone anxious and not sleeping for weeks to support, not to a visa extension', async () => {
    const aigerim = person(await testApp(), { languageHint: 'ru' });
    await aigerim.send('не могу спать уже 2 недели');
    expect(aigerim.text()).toContain('12356');
    expect(aigerim.text()).toContain('не ставлю диагнозов');
    expect(aigerim.text()).not.toMatch(/продлени/i);
  });

  it('should open an urgent ticket for staff when a person in crisis writes', async () => {
    const desk = await handoffApp();
    const aigerim = desk.person({ languageHint: 'ru' });
    const replies = await aigerim.send('часто думаю о том чтобы покончить с собой');
    expect(replies[0]?.text).toContain('Вы не одни');
    await desk.plugin.idle();
    expect(texts(desk.staffInbox())).toContain('🚨 URGENT');
  });
});
