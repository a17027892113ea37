import { describe, expect, it } from 'vitest';
import { editDistance, looksLikeQuestion, matchOption, optionsNamed } from '../../src/text-match.ts';

describe('forgiving what people type', () => {
  it('should count the edits between two words, and stop early past the limit', () => {
    expect(editDistance('visa', 'visa')).toBe(0);
    expect(editDistance('viza', 'visa')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('страховка', 'страховку')).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('should measure a long pasted line after short words, and short words again after it', () => {
    const long = 'a'.repeat(150);
    expect(editDistance('ab', 'ba')).toBe(2);
    expect(editDistance(long, `${long.slice(0, 149)}b`)).toBe(1);
    expect(editDistance(long, 'b'.repeat(150), 3)).toBe(4);
    expect(editDistance('helo', 'hello')).toBe(1);
  });

  it('should take the start of a label in whole words, but not a shorter word inside a longer one', () => {
    expect(matchOption('visa', ['Visa for medical treatment', 'Health insurance advisor'])).toBe(0);
    expect(matchOption('医疗保险', ['签证材料清单', '医疗保险指南'])).toBe(1);
    expect(matchOption('help', ['👍 Helpful', '👎 Not helpful'])).toBeUndefined();
  });

  it('should pick the offered label a person misspelt', () => {
    expect(matchOption('residense permit', ['Medical visa', 'Residence permit'])).toBe(1);
  });

  it('should read a question by its mark, its first word, or a Chinese question word anywhere', () => {
    const words = ['how', 'do', 'можно', '吗', '怎么'];
    expect(looksLikeQuestion('insurance?', words)).toBe(true);
    expect(looksLikeQuestion('保险？', words)).toBe(true);
    expect(looksLikeQuestion('How long can I stay', words)).toBe(true);
    expect(looksLikeQuestion('Можно ли продлить визу', words)).toBe(true);
    expect(looksLikeQuestion('外国人可以参加医保吗', words)).toBe(true);
    expect(looksLikeQuestion('签证怎么办', words)).toBe(true);
    expect(looksLikeQuestion('my husband, how he is the patient', words)).toBe(false);
    expect(looksLikeQuestion('for my mother', words)).toBe(false);
    expect(looksLikeQuestion('我妈妈', words)).toBe(false);
  });

  it('should find the options a sentence names, by whole words or, in Chinese, anywhere', () => {
    const phrases = [['student', 'i study'], ['work permit', 'dont know'], ['学生'], ['ct']];
    expect(optionsNamed('I study here', phrases)).toEqual([0]);
    expect(optionsNamed('Students', phrases)).toEqual([]);
    expect(optionsNamed("I don't know", phrases)).toEqual([1]);
    expect(optionsNamed('student with a work permit', phrases)).toEqual([0, 1]);
    expect(optionsNamed('我是留学生', phrases)).toEqual([2]);
    expect(optionsNamed('有CT片子', phrases)).toEqual([3]);
    expect(optionsNamed('', phrases)).toEqual([]);
  });
});
