/**
 * People answer a list question in their own words ("я студент", "陪我妈妈") as often as by
 * number: where the words name one option, that option is taken, and the bot says how it read
 * them, so a misreading is seen at once.
 */
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/message.ts';
import { person, testApp } from '../helpers/app.ts';

describe('an answer in the person\'s own words', () => {
  it('should take a Russian student\'s "я студент" as the student option of the insurance advisor', async () => {
    const app = await testApp();
    const olga = person(app, { languageHint: 'ru' });
    await olga.raw({ choice: 'start:insurance' });
    await olga.send('я студент');
    expect(olga.text()).toContain('✓ Принято: Учусь здесь в школе или университете');
    expect(olga.text()).toContain('шаг 2 из');
    const stored = await app.store.conversations.get(conversationKey(olga.address));
    expect(stored?.flow?.answers.role).toBe('student');
  });

  it('should take "陪我妈妈" as accompanying a patient in the visa checklist', async () => {
    const li = person(await testApp(), { languageHint: 'zh' });
    await li.raw({ choice: 'start:visa' });
    await li.send('陪我妈妈');
    expect(li.text()).toContain('✓ 我理解为：别人（我是陪同人员）');
  });

  it('should take "я с папой еду, он пациент" as accompanying a patient, with the father named as Russian says it', async () => {
    const olga = person(await testApp(), { languageHint: 'ru' });
    await olga.raw({ choice: 'start:visa' });
    await olga.send('я с папой еду, он пациент');
    expect(olga.text()).toContain('✓ Принято: Другой человек: я сопровождаю пациента');
  });

  it('should read "I\'m not sure" with its apostrophe', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('1');
    await sam.send("I'm not sure, I don't know yet");
    expect(sam.text()).toContain('✓ I read that as: Not sure yet');
  });

  it('should ask again when the words name two options at once', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('my mother and me');
    expect(sam.text()).toContain('I could not match that');
    expect(sam.text()).toContain('step 1 of');
  });

  it('should not quote a number of options that differs from the numbered list it shows', async () => {
    // The several-answers step lists its options plus "Done" and "Skip": "one of the 4 options"
    // under a list of six numbers sent one student looking for a fourth that was not there.
    const mei = person(await testApp());
    await mei.raw({ choice: 'start:insurance' });
    for (const answer of ['2', 'Shanghai', '3']) await mei.send(answer);
    await mei.send('the cheapest one');
    expect(mei.text()).toContain('I could not match that to one of the choices. Pick one below');
    expect(mei.text()).not.toMatch(/\d+ options/);
  });

  it('should pick every record a sentence names at a several-answers step', async () => {
    const app = await testApp();
    const ana = person(app);
    await ana.raw({ choice: 'start:consult' });
    for (const answer of ['yes', 'a cough for a week', 'last Monday', '4', 'skip', 'skip', 'skip']) await ana.send(answer);
    expect(ana.choices().map((c) => c.id)).toContain('ans:labResults');
    await ana.send('blood tests and an MRI');
    expect(ana.text()).toContain('✓ I read that as: Lab test results, Scans or X-rays (CT, MRI, ultrasound)');
    const stored = await app.store.conversations.get(conversationKey(ana.address));
    expect(stored?.flow?.answers.records).toEqual(['labResults', 'imaging']);
  });

  /** Walks the visa checklist to "are you already in China?", types `typed`, and reads what was stored. */
  const answerInChina = async (lang: string, typed: string) => {
    const app = await testApp();
    const someone = person(app, { languageHint: lang });
    await someone.raw({ choice: 'start:visa' });
    await someone.raw({ choice: 'ans:self' });
    await someone.raw({ choice: 'ans:short' });
    await someone.send(typed);
    const stored = await app.store.conversations.get(conversationKey(someone.address));
    return { inChina: stored?.flow?.answers.inChina, said: someone.text() };
  };

  const yesNo: [string, string, boolean][] = [
    ['ru', 'нет, мы ещё дома', false],
    ['zh', '是的，我已经在上海了', true],
    ['en', 'Yes. We arrived last week', true],
  ];
  for (const [lang, typed, inChina] of yesNo) {
    it(`should read "${typed}" as ${inChina ? 'yes' : 'no'}, the answer first and then why`, async () => {
      const answered = await answerInChina(lang, typed);
      expect(answered.inChina).toBe(inChina);
      expect(answered.said).toContain('✓');
    });
  }

  // Chinese answers a yes/no question with its verb (需要 / 不需要, 在 / 还没), Russian and English often too.
  const byVerb: [string, string, boolean][] = [
    ['zh', '还没', false],
    ['zh', '在的', true],
    ['ru', 'пока нет', false],
    ['en', 'not yet', false],
    ['zh', '没有了', false],
    ['zh', '是啊', true],
    ['ru', 'не требуется', false],
  ];
  for (const [lang, typed, inChina] of byVerb) {
    it(`should take "${typed}" as ${inChina ? 'yes' : 'no'} to "are you already in China?"`, async () => {
      expect((await answerInChina(lang, typed)).inChina).toBe(inChina);
    });
  }

  it('should take a Chinese parent\'s "需要" as yes to needing an interpreter', async () => {
    const app = await testApp();
    const mum = person(app, { languageHint: 'zh' });
    await mum.raw({ choice: 'start:consult' });
    for (const answer of ['可以', '我儿子5岁，发烧咳嗽两天了', '前天晚上', '7', '跳过', '跳过', '跳过', '2']) await mum.send(answer);
    await mum.send('需要');
    const stored = await app.store.conversations.get(conversationKey(mum.address));
    expect(stored?.flow?.answers.interpreter).toBe(true);
  });

  it('should not count "完成" typed after a typed list of records as a wrong answer to the next question', async () => {
    const app = await testApp();
    const mum = person(app, { languageHint: 'zh' });
    await mum.raw({ choice: 'start:consult' });
    for (const answer of ['可以', '我儿子5岁，发烧咳嗽两天了', '前天晚上', '7', '跳过', '跳过', '跳过', '化验结果和保险卡']) await mum.send(answer);
    await mum.send('完成');
    expect(mum.text()).toContain('上一题已经记下了');
    expect(mum.text()).not.toContain('请回答“是”或“否”');
    await mum.send('需要');
    const stored = await app.store.conversations.get(conversationKey(mum.address));
    expect(stored?.flow?.answers.interpreter).toBe(true);
  });

  it('should take Olga’s "нет мы еще в новосибирске", with no comma, as a no', async () => {
    const app = await testApp();
    const olga = person(app, { languageHint: 'ru' });
    await olga.raw({ choice: 'start:visa' });
    await olga.raw({ choice: 'ans:self' });
    await olga.raw({ choice: 'ans:short' });
    await olga.send('нет мы еще в новосибирске');
    expect(olga.text()).not.toContain('Ответьте, пожалуйста, «да» или «нет»');
    const answers = (await app.store.conversations.get(conversationKey(olga.address)))?.flow?.answers ?? {};
    expect(Object.values(answers)).toContain(false);
  });

  it('should take Arjun’s "ya bro" as a yes, and ask again at "да нет", which says both', async () => {
    const app = await testApp();
    const arjun = person(app);
    await arjun.raw({ choice: 'start:visa' });
    await arjun.raw({ choice: 'ans:self' });
    await arjun.raw({ choice: 'ans:short' });
    await arjun.send('да нет');
    expect(arjun.text()).toMatch(/yes or no|«да» или «нет»/);
    await arjun.send('ya bro');
    const answers = (await app.store.conversations.get(conversationKey(arjun.address)))?.flow?.answers ?? {};
    expect(Object.values(answers)).toContain(true);
  });

  it('should still ask again when the first words are not yes or no', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.raw({ choice: 'ans:self' });
    await sam.raw({ choice: 'ans:short' });
    await sam.send('no idea, my son books everything');
    expect(sam.text()).toContain('Please answer yes or no');
  });

  it('should not take a question about an option as choosing it', async () => {
    const app = await testApp();
    const sam = person(app);
    await sam.raw({ choice: 'start:insurance' });
    await sam.send('does a work permit count as employment?');
    expect(sam.text()).not.toContain('I read that as');
    const stored = await app.store.conversations.get(conversationKey(sam.address));
    expect(stored?.flow?.step).toBe('role');
  });

  it('should say nothing about how it read an answer given by its number', async () => {
    const sam = person(await testApp());
    await sam.raw({ choice: 'start:visa' });
    await sam.send('2');
    expect(sam.text()).not.toContain('I read that as');
  });
});
