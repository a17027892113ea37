/**
 * A question typed in the middle of a questionnaire is answered, and the questionnaire waits:
 * people ask what they wonder about when they wonder, not when the menu allows it.
 */
import { describe, expect, it } from 'vitest';
import { declareKnowledgeCollections } from '../../src/knowledge/knowledge-records.ts';
import { conversationKey } from '../../src/message.ts';
import { person, testApp } from '../helpers/app.ts';

describe('a question asked in the middle of a flow', () => {
  it('should answer a traveller who asks about documents at the visa checklist\'s first step', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('what documents do I need for a medical visa?');
    expect(sam.text()).toContain('Documents for a medical-treatment visa');
    expect(sam.text()).toContain('Source:');
  });

  it('should tell a traveller who asks "what if I stay in an Airbnb?" at "where will you stay?" about registering, then ask again', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    for (const answer of ['1', '2 months', 'no']) await sam.send(answer);
    await sam.send('what if I stay in an Airbnb?');
    expect(sam.text()).toContain('Hotels register guests automatically');
    expect(sam.last.at(-1)?.text).toContain('Where will you stay in China?');
  });

  it('should ask the same step again after the answer, so "1" still picks from it', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('what documents do I need for a medical visa?');
    expect(sam.last.at(-1)?.text).toContain('back to the question we were on');
    expect(sam.last.at(-1)?.text).toContain('step 1 of');
    expect(sam.choices().map((c) => c.id)).toEqual(['ans:self', 'ans:companion']);
    await sam.send('1');
    expect(sam.text()).toContain('step 2 of');
  });

  it('should not count such a question as a wrong answer, however many are asked', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('what documents do I need for a medical visa?');
    await sam.send('is there an ambulance number in China?');
    await sam.send('can foreigners join public health insurance?');
    expect(sam.text()).not.toContain('It looks like I am not helping');
    expect(sam.text()).not.toContain('⚠️');
  });

  it('should answer a Chinese student\'s question asked without a question mark at a yes/no step', async () => {
    const li = person(await testApp());
    await li.raw({ choice: 'start:visa' });
    await li.send('1');
    await li.send('1');
    expect(li.choices().map((c) => c.id)).toEqual(['ans:yes@inChina', 'ans:no@inChina']);
    await li.send('外国人可以参加中国医保吗');
    expect(li.last.length).toBeGreaterThan(1);
    expect(li.last[0]?.choices ?? []).toEqual([]);
    expect(li.last.at(-1)?.text).toContain('我们回到刚才的问题');
    expect(li.choices().map((c) => c.id)).toEqual(['ans:yes@inChina', 'ans:no@inChina']);
  });

  it('should still tell someone whose answer fits no option what the step expects', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('my uncle');
    expect(sam.text()).toContain('I could not match that');
  });

  it('should answer a traveller\'s "thanks" at a list kindly and wait at the same step, as no wrong answer', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('thanks');
    await sam.send('thank you!');
    expect(sam.text()).toContain('👍 Thank you.');
    // Not the goodbye "write any time you need anything else" in the middle of the questions.
    expect(sam.text()).not.toContain('any time');
    expect(sam.text()).not.toContain('⚠️');
    expect(sam.text()).not.toContain('not helping');
    expect(sam.last.at(-1)?.text).toContain('step 1 of');
    expect(sam.choices().map((c) => c.id)).toEqual(['ans:self', 'ans:companion']);
  });

  it('should tell someone what the step expects when their question has no good answer', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('what is the best noodle shop near the hospital?');
    expect(sam.text()).toContain('I could not match that');
    expect(sam.text()).not.toContain('Source:');
  });

  it('should keep a question it could not answer there for staff, as it does outside a flow', async () => {
    const app = await testApp();
    const sam = person(app);
    await sam.raw({ choice: 'start:visa' });
    await sam.send('what is the best noodle shop near the hospital?');
    await app.stop();
    const texts = declareKnowledgeCollections(app.store).unanswered.all().map((r) => r.text);
    expect(texts).toEqual(['what is the best noodle shop near the hospital?']);
  });

  it('should keep nothing for staff from "3?" typed at a list of two', async () => {
    const app = await testApp();
    const sam = person(app);
    await sam.raw({ choice: 'start:visa' });
    await sam.send('3?');
    await app.stop();
    expect(declareKnowledgeCollections(app.store).unanswered.all()).toEqual([]);
  });

  it('should not take the 10 in "what does 10 mean?" as the severity answer', async () => {
    const app = await testApp();
    const ana = person(app);
    await ana.raw({ choice: 'start:consult' });
    for (const answer of ['yes', 'a headache', 'yesterday']) await ana.send(answer);
    await ana.send('what does 10 mean?');
    expect(ana.text()).toContain('Please answer with a number');
    const stored = await app.store.conversations.get(conversationKey(ana.address));
    expect(stored?.flow?.step).toBe('severity');
    await ana.send('about 6?');
    expect((await app.store.conversations.get(conversationKey(ana.address)))?.flow?.answers.severity).toBe(6);
  });

  it('should tell Tom, who asks "are you a real person?" at the symptoms question, that it is an automated assistant, and keep his place', async () => {
    const app = await testApp();
    const tom = person(app);
    await tom.raw({ choice: 'start:consult' });
    await tom.send('yes');
    await tom.send('are you a real person?');
    expect(tom.text()).toContain(app.i18n.t('en', 'identity.reply'));
    const stored = await app.store.conversations.get(conversationKey(tom.address));
    expect(stored?.flow?.step).toBe('symptoms');
    expect(stored?.flow?.answers.symptoms).toBeUndefined();
  });

  it('should not take "why do you need my city?" as a student\'s city, and ask for it again', async () => {
    const app = await testApp();
    const mei = person(app);
    await mei.raw({ choice: 'start:insurance' });
    await mei.press('I study');
    await mei.send('why do you need my city?');
    expect(mei.text()).toContain('That looks like a question rather than an answer');
    expect(mei.last.at(-1)?.text).toContain('Public insurance rules depend on the city');
    expect((await app.store.conversations.get(conversationKey(mei.address)))?.flow?.step).toBe('city');
    await mei.send('Shanghai');
    expect((await app.store.conversations.get(conversationKey(mei.address)))?.flow?.answers.city).toBe('Shanghai');
  });

  it('should answer an insurance question typed where the city goes, then ask for the city again', async () => {
    const mei = person(await testApp());
    await mei.raw({ choice: 'start:insurance' });
    await mei.press('I study');
    await mei.send('do I need insurance as a student?');
    expect(mei.text()).toContain('Health insurance for international students');
    expect(mei.last.at(-1)?.text).toContain('back to the question we were on');
    expect(mei.last.at(-1)?.text).toContain('Which city do you live in?');
  });

  it('should keep a question typed for the doctor as the answer, where a question is what is asked for', async () => {
    const app = await testApp();
    const ana = person(app);
    await ana.raw({ choice: 'start:consult' });
    for (const answer of ['yes', 'a cough', 'last week', '4', 'skip', 'skip', 'skip', '6', 'no']) await ana.send(answer);
    await ana.send('should I get a chest x-ray?');
    expect(ana.text()).toContain('Questions for the doctor');
    expect(ana.text()).toContain('should I get a chest x-ray?');
  });

  it('should take "2" as the answer, not as a question, even at a step that also reads questions', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('2');
    expect(sam.text()).toContain('step 2 of');
  });
});
