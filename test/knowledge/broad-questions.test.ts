/**
 * Questions too broad for one article ("what does my insurance cover?") are told apart from
 * the specific questions that share their words, by the list in data/knowledge/_broad.json.
 */
import { describe, expect, it } from 'vitest';
import { createBroadQuestions, loadBroadQuestions } from '../../src/knowledge/broad-questions.ts';
import { LowKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import { loadSynonyms, NO_SYNONYMS } from '../../src/knowledge/synonyms.ts';
import { tokenize } from '../../src/knowledge/tokenizer.ts';
import { productKnowledge } from './fake-turn.ts';

describe('broad questions', () => {
  const broad = async (text: string) => {
    const synonyms = await loadSynonyms();
    return (await loadBroadQuestions(synonyms)).articlesFor(synonyms.canonical(tokenize(text)));
  };

  for (const text of ['what does my insurance cover?', 'What is covered by my health insurance?', 'что входит в мою страховку?', '我的保险都包括什么？']) {
    it(`should read "${text}" as asking about insurance as a whole`, async () => {
      expect(await broad(text)).toContain('insurance-private-international');
    });
  }

  for (const text of ['does my insurance cover telemedicine?', 'what does insurance cover for dental', '医保卡怎么用', 'покрывает ли страховка роды?']) {
    it(`should leave "${text}" to the search: it names what it asks about`, async () => {
      expect(await broad(text)).toBeUndefined();
    });
  }

  it('should refuse to open the knowledge when _broad.json names an article that does not exist', async () => {
    const articles = (await productKnowledge()).all();
    const broad = createBroadQuestions({ questions: [{ words: { en: ['visa'], zh: [], ru: [] }, articles: ['visa-gone'] }] }, NO_SYNONYMS);
    await expect(LowKnowledgeStore.fromArticles(articles, undefined, { broad })).rejects.toThrow(/_broad.json names the article "visa-gone"/);
  });
});
