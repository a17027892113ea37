/**
 * When a search hit is good enough to show as the answer. "my cat is sick" once met a
 * companion-visa phrasing about "a sick kid": one rare word in common is no topic.
 */
import { describe, expect, it } from 'vitest';
import { isConfident } from '../../src/knowledge/answer-policy.ts';
import type { KnowledgeHit } from '../../src/knowledge/knowledge-store.ts';
import { productKnowledge } from './fake-turn.ts';

async function hit(fields: Pick<KnowledgeHit, 'score' | 'coverage' | 'matchedTerms' | 'queryTerms'>): Promise<KnowledgeHit> {
  const article = (await productKnowledge()).get('visa-companions');
  if (!article) throw new Error('visa-companions is gone from data/knowledge');
  return { article, matchedLang: 'en', ...fields };
}

describe('a confident answer', () => {
  it('should not be claimed when a two-word question shares only one word, mentioned once, with the article', async () => {
    expect(isConfident([await hit({ score: 3.35, coverage: 0.5, matchedTerms: 1, queryTerms: 2 })])).toBe(false);
  });

  it('should be claimed when the same article matches both words', async () => {
    expect(isConfident([await hit({ score: 6, coverage: 1, matchedTerms: 2, queryTerms: 2 })])).toBe(true);
  });

  it('should be claimed when the one shared word is what the article is about ("my baby has a fever of 40")', async () => {
    expect(isConfident([await hit({ score: 6.6, coverage: 0.44, matchedTerms: 1, queryTerms: 2 })])).toBe(true);
  });

  it('should be claimed for a one-word question that names the article\'s topic', async () => {
    expect(isConfident([await hit({ score: 3, coverage: 1, matchedTerms: 1, queryTerms: 1 })])).toBe(true);
  });
});
