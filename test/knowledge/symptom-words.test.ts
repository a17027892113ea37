/**
 * A parent at night tells how a child looks ("she is limp", 吐了两次, "сыпь на ногах") rather
 * than asking a question: the words in _symptoms.json recognise that, for the "where to go" answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/knowledge/article.ts';
import { LowKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import { createSymptomWords, loadSymptomWords } from '../../src/knowledge/symptom-words.ts';

const list = { article: 'hospital-where-to-go', en: ['vomit', 'limp'], zh: ['吐了'], ru: ['сыпь'] };

describe('words that tell symptoms', () => {
  it('should find a word at the start of a word of the message, and Chinese anywhere', () => {
    const words = createSymptomWords(list);
    expect(words.describes('She VOMITED twice')).toBe(true);
    expect(words.describes('孩子吐了两次')).toBe(true);
    expect(words.describes('у дочки сыпь на ногах')).toBe(true);
  });

  it('should not find a word inside another word, or in a question about paperwork', () => {
    const words = createSymptomWords(list);
    expect(words.describes('a slimpack for the trip')).toBe(false);
    expect(words.describes('where do I get a residence permit?')).toBe(false);
  });

  it('should leave out a sick pet', () => {
    const words = createSymptomWords({ ...list, unless: { en: ['dog'], zh: ['猫'], ru: ['кошк'] } });
    expect(words.describes('my dog vomited twice')).toBe(false);
    expect(words.describes('猫吐了')).toBe(false);
    expect(words.describes('she vomited twice')).toBe(true);
  });

  it('should read none without a list, and refuse a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'symptoms-'));
    try {
      expect((await loadSymptomWords(dir)).describes('she is limp')).toBe(false);
      await writeFile(join(dir, '_symptoms.json'), '{"article": "x", "en": "limp"}');
      await expect(loadSymptomWords(dir)).rejects.toMatchObject({ code: 'KNOWLEDGE_INVALID' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should read a husband whose wife is in labour, or a father asking "is it cancer?", as telling symptoms', async () => {
    const symptoms = await loadSymptomWords();
    expect(symptoms.describes('my wife is in labour, water broke')).toBe(true);
    expect(symptoms.describes('is it cancer?')).toBe(true);
    expect(symptoms.describes('у жены начались схватки')).toBe(true);
    expect(symptoms.describes('我老婆破水了')).toBe(true);
  });

  it('should read a woman bleeding after an IVF puncture, in three languages, as telling symptoms', async () => {
    const symptoms = await loadSymptomWords();
    expect(symptoms.describes('у меня кровотечение после пункции')).toBe(true);
    expect(symptoms.describes("I'm bleeding a bit after the egg retrieval")).toBe(true);
    expect(symptoms.describes('取卵后有点出血')).toBe(true);
  });

  it('should leave a question about what insurance covers to the insurance topics', async () => {
    const symptoms = await loadSymptomWords();
    expect(symptoms.describes('does my insurance cover cancer treatment')).toBe(false);
    expect(symptoms.describes('医保能报销癌症治疗吗')).toBe(false);
    expect(symptoms.describes('страховка покрывает лечение рака?')).toBe(false);
  });

  it('should hear "is it dangerous?" about a blood pressure, in three languages, as asking how serious it is', async () => {
    const symptoms = await loadSymptomWords();
    expect(symptoms.asksHowSerious('is blood pressure 150/100 dangerous?')).toBe(true);
    expect(symptoms.asksHowSerious('血压150/100危险吗')).toBe(true);
    expect(symptoms.asksHowSerious('давление 150 на 100 это опасно?')).toBe(true);
  });

  it('should not hear a symptom without a judging word, nor "serious" without a symptom, as asking how serious', async () => {
    const symptoms = await loadSymptomWords();
    expect(symptoms.asksHowSerious('which hospital for a fever at night?')).toBe(false);
    expect(symptoms.asksHowSerious('is it dangerous to drink tap water in China?')).toBe(false);
  });

  it('should read the medicines list from its own file', async () => {
    const medicines = await loadSymptomWords(undefined, '_medicines.json');
    expect(medicines.article).toBe('consultation-no-diagnosis');
    expect(medicines.describes('how much paracetamol for a 4 year old')).toBe(true);
    expect(medicines.describes('how much is ibuprofen in a pharmacy')).toBe(false);
  });

  it('should refuse a list that names an article the store does not have', async () => {
    const articles = await loadArticles();
    await expect(LowKnowledgeStore.fromArticles(articles, undefined, { symptoms: createSymptomWords({ ...list, article: 'no-such-article' }) })).rejects.toMatchObject({
      code: 'KNOWLEDGE_INVALID',
      message: expect.stringContaining('"no-such-article"'),
    });
  });
});
