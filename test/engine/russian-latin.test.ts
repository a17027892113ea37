/**
 * Russian typed in Latin letters, at a work laptop with no Cyrillic keyboard: read in Cyrillic,
 * so the emergency answer, the questionnaires and the articles reach the person in Russian.
 */
import { describe, expect, it } from 'vitest';
import { readRussianLatin } from '../../src/russian-latin.ts';
import { person, testApp } from '../helpers/app.ts';

describe('Russian in Latin letters', () => {
  it('should give Oksana, whose husband has chest pain and cannot breathe, the emergency answer in Russian at once', async () => {
    const oksana = person(await testApp());
    await oksana.send('muzhu ploho, bolit v grudi, ne mozhet dyshat');
    expect(oksana.text()).toContain('Срочно звоните 120');
  });

  it('should give Olga, whose husband coughs blood, the emergency answer in Russian, though she types in Latin letters', async () => {
    const olga = person(await testApp());
    await olga.send('muzh kashlyaet krovyu');
    expect(olga.text()).toContain('Срочно звоните 120');
  });

  it('should answer "zdravstvuyte, nuzhna viza" in Russian, not with the list of languages', async () => {
    const oksana = person(await testApp());
    await oksana.send('zdravstvuyte, nuzhna viza');
    expect(oksana.text()).not.toContain('Я пишу только по-английски');
    expect(oksana.text()).toMatch(/[а-я]{4}/);
    expect(oksana.text()).not.toContain('What can I help you with');
  });

  it('should answer Pavel\'s "skolko stoit lechenie" with the Russian article on paying at the hospital', async () => {
    const pavel = person(await testApp());
    await pavel.send('skolko stoit lechenie');
    expect(pavel.text()).toContain('Источник');
    expect(pavel.text()).not.toContain('Я пишу только по-английски');
  });

  it('should read the words as Russian spelled with the usual Latin letters', () => {
    expect(readRussianLatin('kakie dokumenty nuzhny dlya vizy?')).toBe('какие документы нужны для визы?');
    expect(readRussianLatin('zhena poteryala soznanie')).toBe('жена потеряла сознание');
    expect(readRussianLatin("syn upal, sil'no idet krov'")).toBe('сын упал, сильно идет кровь');
  });

  it('should leave English, French, a city name, a command and numbers as they are', () => {
    for (const text of ['my son has a fever', 'je ne peux pas respirer', 'Harbin', '/start', '1, 3', 'ne mozhet, please help']) {
      expect(readRussianLatin(text), text).toBe(text);
    }
  });

  it('should keep an abbreviation in capitals as written', () => {
    expect(readRussianLatin('planiruyu EKO ili IVF v Kitae')).toBe('планирую EKO или IVF в китае');
  });
});
