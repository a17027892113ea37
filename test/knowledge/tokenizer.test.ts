import { describe, expect, it } from 'vitest';
import { splitRuCompound, stemEn, stemRu, tokenize, words } from '../../src/knowledge/tokenizer.ts';

const terms = (text: string) => tokenize(text).map((t) => t.term);

describe('tokenize', () => {
  it('should split Chinese into words and add bigrams that do not cross stopwords', () => {
    const got = terms('医院可以刷卡吗');
    expect(got).toContain('医院');
    expect(got).toContain('~医院');
    expect(got).not.toContain('可以');
    expect(got.some((t) => t.includes('可') || t.includes('吗'))).toBe(false);
  });

  it('should find the same bigrams whichever way the segmenter splits a phrase', () => {
    const a = terms('医保电子凭证');
    const b = terms('怎么激活医保电子凭证');
    for (const gram of ['~医保', '~电子', '~凭证']) {
      expect(a).toContain(gram);
      expect(b).toContain(gram);
    }
  });

  it('should drop English and Russian stopwords and stem the rest', () => {
    expect(terms('What is the ambulance number?')).toEqual(['ambul', 'numb', 'ambul_numb']);
    expect(terms('Как вызвать скорую помощь')).toEqual(['вызва', 'скор', 'вызва_скор', 'помощ', 'скор_помощ']);
  });

  it('should keep numbers like 120 and S2 but not single letters', () => {
    expect(terms("what's 120 for S2")).toEqual(['120', 's2']);
  });

  it('should mark word pairs as bonus terms', () => {
    const pair = tokenize('residence permit').find((t) => t.term.includes('_'));
    expect(pair?.bonus).toBe(true);
  });

  it('should keep stopwords for phrase matching when asked', () => {
    expect(words('Who made you?')).toEqual(['who', 'made', 'you']);
  });
});

describe('stemming', () => {
  it('should bring English word families together', () => {
    expect(new Set(['insurance', 'insurer', 'insured', 'insure'].map(stemEn))).toEqual(new Set(['insur']));
    expect(new Set(['employer', 'employee', 'employment'].map(stemEn))).toEqual(new Set(['employ']));
    expect(stemEn('registering')).toBe(stemEn('register'));
  });

  it('should bring Russian case forms together', () => {
    expect(new Set(['страховка', 'страховку', 'страховки', 'страховкой'].map(stemRu)).size).toBe(1);
    expect(new Set(['виза', 'визу', 'визы', 'визой'].map(stemRu)).size).toBe(1);
  });

  it('should split Russian "мед-" compounds but leave other words alone', () => {
    expect(splitRuCompound('медстраховку')).toEqual(['медицинск', 'страховку']);
    expect(splitRuCompound('медленно')).toEqual(['медленно']);
    expect(splitRuCompound('медицинская')).toEqual(['медицинская']);
  });
});
