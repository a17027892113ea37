/**
 * A message in a language the bot does not speak: the person learns which languages it does, in
 * all three, and the emergency number, at once rather than after two misses.
 */
import { describe, expect, it } from 'vitest';
import { declareKnowledgeCollections } from '../../src/knowledge/knowledge-records.ts';
import { inOtherLanguage } from '../../src/other-language.ts';
import { person, testApp } from '../helpers/app.ts';

describe('a message in another language', () => {
  it('should tell a French visitor who cannot breathe, in all three languages, which languages work and to call 120', async () => {
    const camille = person(await testApp(), { languageHint: 'fr' });
    await camille.send('je ne peux pas respirer');
    const reply = camille.text();
    expect(reply).toContain('I can only write in English, Chinese or Russian');
    expect(reply).toContain('请拨打120');
    expect(reply).toContain('звоните 120');
    expect(camille.choices().map((c) => c.id)).toEqual(['lang:en', 'lang:zh', 'lang:ru']);
  });

  it('should offer a Korean student the languages as buttons, and answer in Chinese once she picks it', async () => {
    const app = await testApp();
    const jiwoo = person(app);
    await jiwoo.send('보험이 필요해요');
    await jiwoo.press('lang:zh');
    await jiwoo.send('/menu');
    expect(jiwoo.text()).toContain('我能帮您做什么');
  });

  it('should not keep a message in another language as a question nobody answered', async () => {
    const app = await testApp();
    await person(app).send('necesito un seguro médico');
    await app.stop();
    expect(declareKnowledgeCollections(app.store).unanswered.all()).toEqual([]);
  });

  it('should read a Japanese message as Japanese though it holds kanji', () => {
    expect(inOtherLanguage('息ができない')).toBe(true);
    expect(inOtherLanguage('我喘不上气')).toBe(false);
  });

  it('should keep English an English question with a Korean or Chinese name, a pinyin name or one French word of thanks', () => {
    for (const text of ['how do I get to 서울 hospital', 'what is 北京协和医院', 'Dr Yang', 'Xin Chao clinic', 'non emergency number', 'merci', 'kind regards']) {
      expect(inOtherLanguage(text), text).toBe(false);
    }
  });

  it('should read Kazakh, written in Cyrillic with its own letters, as another language, and Russian as Russian', () => {
    for (const text of ['сәлем', 'рақмет', 'сәлеметсіз бе, маған дәрігер керек']) expect(inOtherLanguage(text), text).toBe(true);
    for (const text of ['привет, мне нужен врач', 'у меня виза, и всё']) expect(inOtherLanguage(text), text).toBe(false);
  });

  it('should offer doctors’ topics to a student who writes "ok yaar mujhe doctor chahiye", reading its English word', async () => {
    const arjun = person(await testApp(), { languageHint: 'en' });
    await arjun.send('ok yaar mujhe doctor chahiye, kahan jana hai');
    expect(arjun.text()).not.toContain('I can only write in English');
    // The Hindi words are no topic: what it offers comes from "doctor".
    expect(arjun.choices().some((c) => c.id === 'kb:open:telemedicine-providers' || c.id === 'kb:open:hospital-where-to-go')).toBe(true);
  });
});
