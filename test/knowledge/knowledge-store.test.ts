import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/knowledge/article.ts';
import { LowKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import { productKnowledge } from './fake-turn.ts';

const topId = async (text: string, lang: 'en' | 'zh' | 'ru') => (await productKnowledge()).search(text, lang)[0]?.article.id;

describe('searching the knowledge store', () => {
  it('should rank hits best first, with a score and coverage each', async () => {
    const hits = (await productKnowledge()).search('how do I extend my visa', 'en');
    expect(hits[0]?.article.id).toBe('visa-extension');
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    for (const hit of hits) expect(hit.coverage).toBeGreaterThan(0);
  });

  it('should find Chinese questions without spaces', async () => {
    expect(await topId('外国人怎么激活医保电子凭证', 'zh')).toBe('insurance-e-certificate');
  });

  it('should tolerate typos in English and Russian', async () => {
    expect(await topId('emergancy numbrs china', 'en')).toBe('emergency-numbers');
    expect(await topId('регистрацыя иностранца в полиции', 'ru')).toBe('visa-accommodation-registration');
  });

  it('should answer a Russian speaker who types English, and find English words in other languages', async () => {
    const hit = (await productKnowledge()).search('guarantee letter insurance', 'ru')[0];
    expect(hit?.article.id).toBe('insurance-direct-billing');
    expect(hit?.matchedLang).toBe('en');
  });

  it('should give nothing for a message with no searchable words', async () => {
    expect((await productKnowledge()).search('?? !!', 'en')).toEqual([]);
    expect((await productKnowledge()).search('what is the', 'en')).toEqual([]);
  });

  it('should get articles by id and list them all', async () => {
    const store = await productKnowledge();
    expect(store.get('emergency-numbers')?.en.answer).toContain('120');
    expect(store.get('no-such-article')).toBeUndefined();
    expect(store.all().length).toBe((await loadArticles()).length);
  });

  it('should search a store built from a few articles', async () => {
    const articles = (await loadArticles()).filter((a) => a.topic === 'emergency');
    const store = await LowKnowledgeStore.fromArticles(articles);
    expect(store.search('ambulance', 'en').every((h) => h.article.topic === 'emergency')).toBe(true);
    expect(store.smalltalk('hello')).toBeUndefined();
  });

  it('should let the previous question tip the order of what a follow-up matches, and add nothing else', async () => {
    const store = await productKnowledge();
    const alone = store.search('how much does it cost', 'en', { limit: 10 });
    const after = store.search('how much does it cost', 'en', { limit: 10, context: 'how do I call an ambulance' });
    expect(after[0]?.article.id).toBe('emergency-ambulance-cost');
    expect(alone[0]?.article.id).not.toBe('emergency-ambulance-cost');
    const coverage = new Map(alone.map((h) => [h.article.id, h.coverage]));
    for (const hit of after) expect(coverage.get(hit.article.id), hit.article.id).toBe(hit.coverage);
  });
});

describe('a question typed as an article lists it', () => {
  it('should give that article, case, punctuation and apostrophes aside', async () => {
    const store = await productKnowledge();
    expect(store.phrased('i need a DOCTOR!', 'en')?.id).toBe('hospital-where-to-go');
    expect(store.phrased('Мне нужен врач.', 'ru')?.id).toBe('hospital-where-to-go');
  });

  it('should give nothing for part of a listed question, or for a question in another language\'s list', async () => {
    const store = await productKnowledge();
    expect(store.phrased('a doctor', 'en')).toBeUndefined();
    expect(store.phrased('мне нужен врач', 'en')).toBeUndefined();
  });

  it('should give nothing when two articles list the same question', async () => {
    const [first, second] = await loadArticles();
    if (!first || !second) throw new Error('data/knowledge has fewer than two articles');
    const shared = 'what about this one';
    const withShared = (a: typeof first) => ({ ...a, en: { ...a.en, questions: [...a.en.questions, shared] } });
    const store = await LowKnowledgeStore.fromArticles([withShared(first), withShared(second)]);
    expect(store.phrased(shared, 'en')).toBeUndefined();
  });
});
