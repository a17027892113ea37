/**
 * "How long will you stay?" is answered in words more often than by picking "Up to 180 days".
 */
import { describe, expect, it } from 'vitest';
import { readDays, readNumberWord } from '../../src/duration.ts';
import { createI18n } from '../../src/i18n.ts';

const i18n = createI18n();

describe('reading a length of time', () => {
  it('should read numbers and units in English, with words around them', () => {
    expect(readDays('about 10 days', i18n, 'en')).toBe(10);
    expect(readDays('two weeks', i18n, 'en')).toBe(14);
    expect(readDays('a year', i18n, 'en')).toBe(365.25);
    expect(readDays('1.5 years', i18n, 'en')).toBeCloseTo(547.9, 1);
  });

  it('should count six months and half a year as more than 180 days', () => {
    expect(readDays('6 months', i18n, 'en')).toBeGreaterThan(180);
    expect(readDays('half a year', i18n, 'en')).toBeGreaterThan(180);
  });

  it('should take the upper end of a range, and read "more than" as longer', () => {
    expect(readDays('2-3 weeks', i18n, 'en')).toBe(21);
    expect(readDays('2 to 3 weeks', i18n, 'en')).toBe(21);
    expect(readDays('more than 180 days', i18n, 'en')).toBeGreaterThan(180);
    expect(readDays('180 days', i18n, 'en')).toBe(180);
  });

  it('should read Chinese numerals, full-width digits and 半年', () => {
    expect(readDays('三个月', i18n, 'zh')).toBeCloseTo(91.3, 1);
    expect(readDays('３个月左右', i18n, 'zh')).toBeCloseTo(91.3, 1);
    expect(readDays('两周', i18n, 'zh')).toBe(14);
    expect(readDays('半年以上', i18n, 'zh')).toBeGreaterThan(182.625);
  });

  it('should read a unit with no number as one of it, as a Russian patient writes "примерно месяц"', () => {
    expect(readDays('примерно месяц', i18n, 'ru')).toBeCloseTo(30.4, 1);
    expect(readDays('около месяца', i18n, 'ru')).toBeCloseTo(30.4, 1);
    expect(readDays('месяц или два', i18n, 'ru')).toBeUndefined();
    expect(readDays('не знаю', i18n, 'ru')).toBeUndefined();
  });

  it('should read a number word alone as its number, and not "a"', () => {
    expect(readNumberWord('семь', i18n, 'ru')).toBe(7);
    expect(readNumberWord('seven', i18n, 'ru')).toBe(7);
    expect(readNumberWord('七', i18n, 'en')).toBe(7);
    expect(readNumberWord('a', i18n, 'en')).toBeUndefined();
    expect(readNumberWord('полтора', i18n, 'ru')).toBeUndefined();
  });

  it('should read Russian word forms, полгода and полтора года', () => {
    expect(readDays('около трёх месяцев', i18n, 'ru')).toBeCloseTo(91.3, 1);
    expect(readDays('полгода', i18n, 'ru')).toBe(182.625);
    expect(readDays('полтора года', i18n, 'ru')).toBeCloseTo(547.9, 1);
    expect(readDays('10 дней', i18n, 'ru')).toBe(10);
  });

  it('should read the Russian "about" of a unit before its number ("месяца три", "недели две")', () => {
    expect(readDays('месяца три', i18n, 'ru')).toBeCloseTo(91.3, 1);
    expect(readDays('думаю, недели две', i18n, 'ru')).toBe(14);
    expect(readDays('лет пять', i18n, 'ru')).toBeCloseTo(1826.25, 1);
    expect(readDays('day 3 of treatment', i18n, 'en')).toBeUndefined();
  });

  it('should read nothing where there is no length of time, or more than one', () => {
    expect(readDays('not sure', i18n, 'en')).toBeUndefined();
    expect(readDays('visa month', i18n, 'en')).toBeUndefined();
    expect(readDays('2 weeks, then 3 months', i18n, 'en')).toBeUndefined();
    expect(readDays('0 days', i18n, 'en')).toBeUndefined();
  });
});
