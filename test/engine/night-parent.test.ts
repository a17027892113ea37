/**
 * Marco, an Italian father in Shanghai, at 2 a.m. with a feverish three-year-old: tired, typing
 * short English with Italian words. What he writes must reach 120 when it is a danger sign, and
 * what he does not follow must not throw him out of what he was doing.
 */
import { describe, expect, it } from 'vitest';
import { person, testApp } from '../helpers/app.ts';

describe('a tired parent at night', () => {
  it('should tell a father whose feverish daughter is very sleepy and hard to wake to call 120 first', async () => {
    const marco = person(await testApp());
    await marco.send('sorry my english. my daughter 3 years, febbre 39.5 since evening, now rash and she is very sleepy, hard to wake. what i do?');
    expect(marco.last[0]?.text).toMatch(/^🚑 Call 120 now/);
  });

  it('should raise 120 when he says his daughter does not respond when he calls her', async () => {
    const marco = person(await testApp());
    await marco.send('she dont respond when i call her');
    expect(marco.text()).toContain('Call 120 now');
  });

  it('should not raise 120 for a son who no longer wakes up at night', async () => {
    const marco = person(await testApp());
    await marco.send('my son doesnt wake up at night anymore, he sleeps well');
    expect(marco.text()).not.toContain('Call 120 now');
  });

  it('should tell him, in all three languages, to call 120 when he falls back to Italian', async () => {
    const marco = person(await testApp());
    await marco.send('la bambina non respira bene');
    expect(marco.text()).toContain('I can only write in English, Chinese or Russian');
    expect(marco.text()).toContain('call 120');
  });

  it('should take "grazie" as thanks, not as a question it cannot answer', async () => {
    const marco = person(await testApp());
    await marco.send('grazie');
    expect(marco.text()).toContain('Glad to help');
  });

  it('should open the language list for /lang, the short form people type', async () => {
    const marco = person(await testApp());
    await marco.send('/lang');
    expect(marco.choices().map((c) => c.id)).toEqual(expect.arrayContaining(['lang:en', 'lang:zh', 'lang:ru']));
  });

  it('should list /language once in the command menu, not its short form too', async () => {
    const app = await testApp();
    const names = app.engine.commandList('en').map((c) => c.command);
    expect(names.filter((n) => n === 'language')).toHaveLength(1);
    expect(names).not.toContain('lang');
  });

  it('should ask the consultation question again when he sends only "?", and keep nothing as his symptoms', async () => {
    const marco = person(await testApp());
    await marco.send('/start');
    await marco.press('start:consult');
    await marco.press('Yes');
    await marco.send('?');
    expect(marco.text()).toContain('here is the question again');
    expect(marco.text()).toContain('What is troubling you?');
    await marco.send('fever 39.5 and a rash');
    // Had "?" been kept as the symptoms, this answer would have gone to "when did it start".
    expect(marco.text()).toContain('When did it start?');
  });

  it('should keep the /forget question open after a "?", so his "yes" then deletes', async () => {
    const marco = person(await testApp());
    await marco.send('/start');
    await marco.press('start:visa');
    await marco.send('/forget');
    await marco.send('?');
    expect(marco.text()).toContain('Nothing is deleted unless you pick');
    await marco.send('yes');
    expect(marco.text()).toContain('everything I kept about you has been deleted');
  });

  it('should answer "?" outside any flow with the menu, explained', async () => {
    const marco = person(await testApp());
    await marco.send('?');
    expect(marco.text()).toContain('Here is what I can do');
    expect(marco.choices().map((c) => c.id)).toContain('start:consult');
  });

  it('should keep the emergency in front of Hana when, after the 120 card, she writes that her son stopped shaking and is very sleepy', async () => {
    const app = await testApp();
    const hana = person(app, { languageHint: 'en' });
    await hana.send('HELP he is shaking eyes rolled up');
    expect(hana.last[0]?.text).toMatch(/^🚑 Call 120 now/);
    await hana.send('he stopped shaking now');
    expect(hana.text()).toContain(app.i18n.t('en', 'knowledge.afterEmergency'));
    await hana.send('he is very sleepy');
    expect(hana.text()).toContain(app.i18n.t('en', 'knowledge.afterEmergencyAgain'));
    expect(hana.text()).not.toContain('12356');
  });

  it('should still answer her question about what the ambulance costs, after the card', async () => {
    const hana = person(await testApp(), { languageHint: 'en' });
    await hana.send('HELP he is shaking eyes rolled up');
    await hana.send('how much does the ambulance cost?');
    expect(hana.last[0]?.text.split('\n')[0]).toBe('Is the ambulance free?');
  });
});
