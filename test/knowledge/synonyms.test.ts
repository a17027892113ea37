/**
 * People ask with their own words: "surgery" where the article says "operation", "my wife"
 * where it says "husband". A synonym group is searched as one word.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/knowledge/answer-policy.ts';
import { loadArticles } from '../../src/knowledge/article.ts';
import { LowKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import { createSynonyms, loadSynonyms } from '../../src/knowledge/synonyms.ts';
import { tokenize } from '../../src/knowledge/tokenizer.ts';
import { productKnowledge } from './fake-turn.ts';

const groups = { en: [['surgery', 'operation']], zh: [['手术', '开刀']], ru: [['операция', 'хирургия']] };

async function visaArticles() {
  return (await loadArticles()).filter((a) => a.id === 'visa-medical-treatment' || a.id === 'hospital-payment');
}

describe('synonyms in the knowledge search', () => {
  it('should let "surgery" find the article that says "operation", and count the word as matched', async () => {
    const plain = await LowKnowledgeStore.fromArticles(await visaArticles());
    const withSynonyms = await LowKnowledgeStore.fromArticles(await visaArticles(), undefined, { synonyms: createSynonyms(groups) });
    const coverage = (store: LowKnowledgeStore) => store.search('visa for surgery', 'en').find((h) => h.article.id === 'visa-medical-treatment')?.coverage ?? 0;
    expect(coverage(withSynonyms)).toBeGreaterThan(coverage(plain));
  });

  it('should map Chinese words and their bigrams alike', () => {
    const synonyms = createSynonyms(groups);
    const terms = synonyms.canonical(tokenize('开刀')).map((t) => t.term);
    expect(terms).toContain('手术');
    expect(terms).not.toContain('开刀');
  });

  it('should search "visa card" as one term, so its "visa" is not a visa', () => {
    const synonyms = createSynonyms({ ...groups, en: [['bank card', 'visa card']] });
    const terms = synonyms.canonical(tokenize('do they take visa cards')).map((t) => t.term);
    expect(terms).not.toContain('visa');
    expect(terms).toContain(synonyms.canonical(tokenize('bank card')).map((t) => t.term)[0]);
  });

  it('should answer a payment question that names a Visa card with the payment article, and a visa question with a visa article', async () => {
    const knowledge = await productKnowledge();
    expect(knowledge.search('how do I pay at a chinese hospital, do they take visa cards', 'en')[0]?.article.id).toBe('hospital-payment');
    expect(knowledge.search('what visa do I need', 'en')[0]?.article.id).toMatch(/^visa-/);
  });

  it('should answer a student who asks for a psychologist or a therapist online with an article that names counselling', async () => {
    // The articles say "mental health counselling"; people ask for the person who gives it.
    const knowledge = await productKnowledge();
    for (const [question, lang] of [['can I see a psychologist online', 'en'], ['is there online therapy in China', 'en'], ['можно ли онлайн поговорить с психотерапевтом', 'ru']] as const) {
      const decision = decide(knowledge, question, lang);
      expect(decision.kind).toBe('answer');
      if (decision.kind === 'answer') expect(['telemedicine-what-it-covers', 'mental-health-support']).toContain(decision.hit.article.id);
    }
  });

  it('should take a dentist or a gynaecologist as a specialist, to be booked at a hospital', async () => {
    // No article names each kind of doctor; booking and where-to-go say how to see one.
    const knowledge = await productKnowledge();
    for (const [question, lang] of [['I need a dentist', 'en'], ['мне нужен гинеколог', 'ru']] as const) {
      const decision = decide(knowledge, question, lang);
      expect(decision.kind === 'answer' ? decision.hit.article.id : decision.kind).toMatch(/^hospital-(booking|where-to-go)$/);
    }
  });

  it('should hand back the same terms when no word has a synonym', () => {
    const terms = tokenize('visa extension');
    expect(createSynonyms(groups).canonical(terms)).toBe(terms);
  });

  it('should refuse a group word that is not one search word, naming it', () => {
    expect(() => createSynonyms({ ...groups, en: [['the', 'operation']] })).toThrow(/"the" is not one or two search words/);
    expect(() => createSynonyms({ ...groups, en: [['card', 'a bank card for visa']] })).toThrow(/"a bank card for visa"/);
  });

  it('should search without synonyms when the folder has no list, and refuse a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synonyms-'));
    try {
      const terms = tokenize('operation');
      expect((await loadSynonyms(dir)).canonical(terms)).toBe(terms);
      await writeFile(join(dir, '_synonyms.json'), '{"en": [["one"]]}');
      await expect(loadSynonyms(dir)).rejects.toMatchObject({ code: 'KNOWLEDGE_INVALID' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
