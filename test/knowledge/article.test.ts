import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Article, DEFAULT_KNOWLEDGE_DIR, loadArticles, MAX_ANSWER, Topic } from '../../src/knowledge/article.ts';
import { StoreError } from '../../src/errors.ts';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop() as string, { recursive: true, force: true });
});

async function folderWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-articles-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

async function realArticle(id: string): Promise<Article> {
  return JSON.parse(await readFile(join(DEFAULT_KNOWLEDGE_DIR, `${id}.json`), 'utf8')) as Article;
}

async function loadError(dir: string): Promise<StoreError> {
  const error: unknown = await loadArticles(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('the knowledge articles in data/knowledge', () => {
  it('should load at least 32 valid articles covering every topic', async () => {
    const articles = await loadArticles();
    expect(articles.length).toBeGreaterThanOrEqual(32);
    expect(new Set(articles.map((a) => a.topic))).toEqual(new Set(Topic.options));
  });

  it('should keep every answer short enough for a phone, with three question variants per language', async () => {
    for (const article of await loadArticles()) {
      for (const lang of ['en', 'zh', 'ru'] as const) {
        expect(article[lang].answer.length, `${article.id}.${lang}`).toBeLessThanOrEqual(MAX_ANSWER);
        expect(article[lang].questions.length, `${article.id}.${lang}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('should name a source and a review date on every article', async () => {
    for (const article of await loadArticles()) {
      expect(article.sources.length, article.id).toBeGreaterThan(0);
      expect(article.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('should hedge the facts the domain notes mark as unconfirmed', async () => {
    const standards = await realArticle('hospital-international-standards');
    expect(standards.en.answer).toMatch(/Shanghai released a local standard/);
    expect(standards.en.answer).toMatch(/could not confirm the date or the figure/);
    const ecert = await realArticle('insurance-e-certificate');
    expect(ecert.en.answer).toMatch(/Alipay works with a foreign passport is not confirmed/);
  });

  it('should promise, wherever an answer mentions the consultation brief in Chinese, bilingual labels only, never a translation', async () => {
    // The brief's labels are "Symptoms / 症状"; the person's answers stay as typed.
    const bilingual = { en: /in your language and in Chinese/, zh: /你的语言和中文对照/, ru: /на вашем языке и на китайском/ } as const;
    const labels = { en: /labels/, zh: /标题/, ru: /заголовк/ } as const;
    const untranslated = { en: /not translat|does not translate|as you typed/, zh: /不做翻译|不会被翻译|原样/, ru: /не перевод|не переведу|без перевода|как вы их написали/ } as const;
    let mentions = 0;
    for (const article of await loadArticles()) {
      for (const lang of ['en', 'zh', 'ru'] as const) {
        const answer = article[lang].answer;
        if (!bilingual[lang].test(answer)) continue;
        mentions++;
        expect(answer, `${article.id}.${lang}`).toMatch(labels[lang]);
        expect(answer, `${article.id}.${lang}`).toMatch(untranslated[lang]);
      }
    }
    expect(mentions).toBeGreaterThanOrEqual(15);
  });
});

describe('loading articles', () => {
  it('should skip files whose name starts with "_"', async () => {
    const article = await realArticle('emergency-numbers');
    const dir = await folderWith({ 'emergency-numbers.json': article, '_smalltalk.json': { not: 'an article' } });
    expect((await loadArticles(dir)).map((a) => a.id)).toEqual(['emergency-numbers']);
  });

  it('should stop with the file and the field named when an article is broken', async () => {
    const article = await realArticle('emergency-numbers');
    const broken = { ...article, ru: { ...article.ru, questions: ['only one'] } };
    const error = await loadError(await folderWith({ 'emergency-numbers.json': broken }));
    expect(error.code).toBe('KNOWLEDGE_INVALID');
    expect(error.message).toContain('emergency-numbers.json');
    expect(error.message).toContain('ru.questions');
  });

  it('should refuse markup in an answer', async () => {
    const article = await realArticle('emergency-numbers');
    const error = await loadError(await folderWith({ 'emergency-numbers.json': { ...article, en: { ...article.en, answer: 'Call **120**' } } }));
    expect(error.message).toContain('en.answer');
  });

  it('should refuse an article whose id differs from its file name', async () => {
    const article = await realArticle('emergency-numbers');
    const error = await loadError(await folderWith({ 'numbers.json': article }));
    expect(error.message).toMatch(/id: "emergency-numbers" must equal the file name "numbers"/);
  });

  it('should refuse a file that is not JSON, naming it', async () => {
    const error = await loadError(await folderWith({ 'bad.json': '{ "id": ' }));
    expect(error.message).toContain('bad.json');
  });

  it('should refuse an empty folder', async () => {
    const error = await loadError(await folderWith({}));
    expect(error.message).toMatch(/has no articles/);
  });
});
