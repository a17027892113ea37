/**
 * Which language the bot answers in: the one the person writes, before the one their phone is
 * set to, and never switched by a pasted name or a one-word "ok".
 */
import { describe, expect, it } from 'vitest';
import { person, testApp } from '../helpers/app.ts';

describe('the language of the replies', () => {
  it('should answer in English a student whose phone is set to Chinese but who writes English', async () => {
    const sam = person(await testApp(), { languageHint: 'zh-hans' });
    await sam.send('I need help with my health insurance');
    expect(sam.text()).not.toMatch(/\p{Script=Han}{4}/u);
    await sam.send('/menu');
    expect(sam.text()).toContain('What can I help you with?');
  });

  it('should answer in Russian someone on an English phone who writes Russian', async () => {
    const olga = person(await testApp(), { languageHint: 'en' });
    await olga.send('привет, нужна помощь');
    await olga.send('/menu');
    expect(olga.text()).toContain('Чем я могу помочь');
  });

  it('should follow the phone\'s language when the message says nothing about it', async () => {
    const li = person(await testApp(), { languageHint: 'zh' });
    await li.send('ok');
    await li.send('/menu');
    expect(li.text()).toContain('我能帮您做什么');
  });

  it('should stay in English when an English question names a Chinese hospital', async () => {
    const sam = person(await testApp());
    await sam.send('/menu');
    await sam.send('how do I get to 北京协和医院?');
    await sam.send('/menu');
    expect(sam.text()).toContain('What can I help you with?');
  });

  it('should keep the language the person wrote in when a later message is only "ok"', async () => {
    const sam = person(await testApp(), { languageHint: 'zh' });
    await sam.send('hello, I am new here');
    await sam.send('ok');
    await sam.send('/menu');
    expect(sam.text()).toContain('What can I help you with?');
  });

  it('should stay in English when a student types her city 上海 in the English insurance advisor', async () => {
    const sari = person(await testApp(), { languageHint: 'en' });
    await sari.send('hello');
    await sari.press('start:insurance');
    await sari.press('ans:student');
    await sari.send('上海');
    expect(sari.text()).toContain('What health cover do you have now?');
  });

  it('should read "I am 学生" as the student option in English', async () => {
    const sari = person(await testApp(), { languageHint: 'en' });
    await sari.send('hello');
    await sari.press('start:insurance');
    await sari.send('I am 学生');
    expect(sari.text()).toContain('✓ I read that as: I study at a school or university here');
  });

  it('should give Russian back to a mother who picked 中文 by mistake and writes "верните русский язык"', async () => {
    const olga = person(await testApp(), { languageHint: 'ru' });
    await olga.send('/language zh');
    await olga.send('верните русский язык');
    expect(olga.text()).toContain('буду отвечать по-русски');
  });

  it('should answer in English a student who chose Chinese and writes "sorry I cannot read chinese"', async () => {
    const sari = person(await testApp(), { languageHint: 'en' });
    await sari.send('/language zh');
    await sari.send('sorry I cannot read chinese');
    expect(sari.text()).toContain('I will answer in English');
  });

  it('should read "I cannot read Chinese, what do I do at the hospital?" in an English chat as a question', async () => {
    const sam = person(await testApp(), { languageHint: 'en' });
    await sam.send('hello');
    await sam.send('I cannot read Chinese, what do I do at the hospital?');
    expect(sam.text()).not.toContain('I will answer in English');
  });
});

describe('a student who reads Chinese badly', () => {
  for (const asked of ['а по-русски можно?', 'переведи пожалуйста на русский', 'ответь на русском']) {
    it(`should switch to Russian when, after a Chinese answer, she writes "${asked}"`, async () => {
      const aigerim = person(await testApp());
      await aigerim.send('外国人可以参加中国的医保吗');
      await aigerim.send(asked);
      expect(aigerim.text()).toContain('буду отвечать по-русски');
    });
  }

  it('should keep answering in Russian when she mixes English words into a Russian chat', async () => {
    const aigerim = person(await testApp());
    await aigerim.send('привет');
    await aigerim.send('insurance покрывает dentist?');
    expect(aigerim.text()).toMatch(/\p{Script=Cyrillic}{4}/u);
    expect(aigerim.text()).not.toContain('I am not sure');
  });
});
