/**
 * "My daughter", "my friend": a parent living in China or a student helping a friend is not a
 * companion applying for a visa. The family word must not pull every question to the article
 * for people accompanying a patient.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/knowledge/answer-policy.ts';
import type { Lang } from '../../src/message.ts';
import { productKnowledge } from './fake-turn.ts';

async function answerTo(question: string, lang: Lang): Promise<string | undefined> {
  const decision = decide(await productKnowledge(), question, lang);
  return decision.kind === 'answer' ? decision.hit.article.id : undefined;
}

describe('family words in a question', () => {
  it('should tell a father what to bring to the hospital for his daughter, not about companions\' visas', async () => {
    expect(await answerTo('what documents i bring to hospital for my daughter', 'en')).toBe('hospital-documents');
  });

  it('should answer a student whose friend comes for treatment with the treatment visa', async () => {
    expect(await answerTo('подруге нужна медицинская виза в китай', 'ru')).toBe('visa-medical-treatment');
  });

  it('should answer a father asking whether his child\'s medicine is covered by public insurance with public insurance, not pregnancy', async () => {
    expect(await answerTo('孩子的药可以用医保报销吗', 'zh')).toBe('insurance-public-for-foreigners');
  });

  it('should still answer a husband who travels with his wife with the companions\' article', async () => {
    expect(await answerTo('my wife will come with me for my surgery, what visa does she need', 'en')).toBe('visa-companions');
  });
});

describe('paying with private insurance', () => {
  it('should answer "does the hospital take it direct or do I claim with receipts" with direct billing', async () => {
    expect(await answerTo('my company give me private international insurance. hospital take it direct or i pay and claim with receipts?', 'en')).toBe('insurance-direct-billing');
  });

  it('should answer "at the ER do I pay first" with the emergency department article, which says payment is often asked up front', async () => {
    expect(await answerTo('at ER do i pay first or insurance pays?', 'en')).toBe('emergency-er');
  });
});
