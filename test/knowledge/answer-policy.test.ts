/**
 * When a search hit is good enough to show as the answer. "my cat is sick" once met a
 * companion-visa phrasing about "a sick kid": one rare word in common is no topic.
 */
import { describe, expect, it } from 'vitest';
import { decide, isConfident } from '../../src/knowledge/answer-policy.ts';
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

describe('the closest topics offered when unsure', () => {
  it('should not offer a topic that shares one word of a long sentence', async () => {
    // "kid" and "paperwork" each meet some article, and no article is about a swallowed coin.
    const decision = decide(await productKnowledge(), 'my kid swallowed a coin at the zoo, which paperwork for the airline', 'en');
    expect(decision).toMatchObject({ kind: 'unsure', suggestions: [] });
  });

  it('should still offer topics to a one-word question such as "insurance"', async () => {
    const decision = decide(await productKnowledge(), 'insurance', 'en');
    expect(decision.kind === 'unsure' ? decision.suggestions.length : 0).toBeGreaterThan(0);
  });
});

describe('a question typed as an article lists it', () => {
  it('should answer "I need a doctor" with where to go, though its one word, doctor, is in every article', async () => {
    const decision = decide(await productKnowledge(), 'I need a doctor', 'en');
    expect(decision).toMatchObject({ kind: 'answer', hit: { article: { id: 'hospital-where-to-go' } }, also: [] });
  });

  it('should still be unsure of the word "doctor" alone', async () => {
    expect(decide(await productKnowledge(), 'doctor', 'en').kind).toBe('unsure');
  });
});
