import { describe, expect, it } from 'vitest';
import facts from '../../data/facts/visa.json' with { type: 'json' };
import { checklistPlugin, visaFlow } from '../../flows/visa-checklist.ts';
import type { App } from '../../src/app.ts';
import { createI18n } from '../../src/i18n.ts';
import { createLogger } from '../../src/log.ts';
import { conversationKey, type Lang } from '../../src/message.ts';
import { type Person, person, tempDir, testApp } from '../helpers/app.ts';

type Trip = {
  purpose: 'self' | 'companion';
  stay: 'short' | 'long' | 'unsure';
  inChina: boolean;
  lodging: 'hotel' | 'rented' | 'friends' | 'hospital';
};

const LANGS: Lang[] = ['en', 'zh', 'ru'];
const ALL_ITEMS = facts.items.map((i) => i.id);
const fromAbroadToHotel: Trip = { purpose: 'self', stay: 'short', inChina: false, lodging: 'hotel' };
/** The items of `fromAbroadToHotel`, in list order. */
const HOTEL_ITEMS = ['passport', 'form', 'overseasStatement', 'invitation', 'funds', 'tickets', 'insurance', 'registrationHotel'];

function visaApp(options: { dataDir?: string; log?: App['log'] } = {}): Promise<App> {
  return testApp({ flows: [visaFlow], plugins: [checklistPlugin], ...options });
}

function speaker(app: App, lang: Lang = 'en'): Person {
  return person(app, { user: 'ana', languageHint: lang });
}

function say(app: App, lang: Lang, key: string, vars?: Record<string, unknown>): string {
  return app.i18n.t(lang, key, vars);
}

/** Answers the four questions by pressing the buttons. */
async function planTrip(p: Person, trip: Trip): Promise<void> {
  await p.raw({ choice: 'start:visa' });
  await p.press(`ans:${trip.purpose}`);
  await p.press(`ans:${trip.stay}`);
  await p.press(trip.inChina ? 'ans:yes' : 'ans:no');
  await p.press(`ans:${trip.lodging}`);
}

/** The item ids the shown checklist offers, in order. */
function offeredItems(p: Person): string[] {
  return p.choices().flatMap((c) => (/^(un)?tick:/.test(c.id) ? [c.id.replace(/^(un)?tick:/, '')] : []));
}

function progress(app: App, done: number, total: number, lang: Lang = 'en'): string {
  return say(app, lang, 'visa.checklist.progress', { done, total });
}

describe('visa checklist: the route and items for each situation', () => {
  const situations: { name: string; trip: Trip; route: 's2' | 'residencePermit'; items: string[] }[] = [
    { name: 'a patient coming from abroad for up to 180 days, in a hotel', trip: fromAbroadToHotel, route: 's2', items: HOTEL_ITEMS },
    {
      name: 'a companion coming from abroad for up to 180 days, in a rented flat',
      trip: { purpose: 'companion', stay: 'short', inChina: false, lodging: 'rented' },
      route: 's2',
      items: ['passport', 'form', 'kinship', 'patientInvitation', 'funds', 'tickets', 'insurance', 'registrationPolice'],
    },
    {
      name: 'a patient coming from abroad for over 180 days, staying with friends',
      trip: { purpose: 'self', stay: 'long', inChina: false, lodging: 'friends' },
      route: 'residencePermit',
      items: ['passport', 'form', 'overseasStatement', 'invitation', 'funds', 'tickets', 'insurance', 'hospitalCertificate', 'residencePermit', 'registrationPolice', 'registrationAgain'],
    },
    {
      name: 'a companion already in China for over 180 days, staying in the hospital',
      trip: { purpose: 'companion', stay: 'long', inChina: true, lodging: 'hospital' },
      route: 'residencePermit',
      items: ['kinship', 'insurance', 'hospitalCertificate', 'residencePermit', 'registrationHospital', 'registrationAgain'],
    },
    {
      name: 'a patient already in China for up to 180 days, in a rented flat',
      trip: { purpose: 'self', stay: 'short', inChina: true, lodging: 'rented' },
      route: 's2',
      items: ['insurance', 'hospitalCertificate', 'extension', 'registrationPolice', 'registrationAgain'],
    },
    {
      name: 'a patient coming from abroad, not sure how long, staying in the hospital',
      trip: { purpose: 'self', stay: 'unsure', inChina: false, lodging: 'hospital' },
      route: 's2',
      items: ['passport', 'form', 'overseasStatement', 'invitation', 'funds', 'tickets', 'insurance', 'registrationHospital'],
    },
    {
      name: 'a companion already in China, not sure how long, in a hotel',
      trip: { purpose: 'companion', stay: 'unsure', inChina: true, lodging: 'hotel' },
      route: 's2',
      items: ['kinship', 'insurance', 'hospitalCertificate', 'extension', 'registrationHotel', 'registrationAgain'],
    },
  ];

  describe.each(LANGS)('in %s', (lang) => {
    it.each(situations)('should name the route and list the right items for $name', async ({ trip, route, items }) => {
      const app = await visaApp();
      const ana = speaker(app, lang);
      await planTrip(ana, trip);
      const result = ana.text();
      expect(result).toContain(say(app, lang, `visa.routes.${route}.name`));
      expect(result).toContain(say(app, lang, 'visa.notes.consulateDecides'));
      expect(result.includes(say(app, lang, 'visa.notes.inChina'))).toBe(trip.inChina);
      expect(result.includes(say(app, lang, 'visa.result.unsure'))).toBe(trip.stay === 'unsure');
      for (const id of items) expect(result).toContain(say(app, lang, `visa.items.${id}.label`));
      for (const id of ALL_ITEMS.filter((i) => !items.includes(i))) expect(result).not.toContain(say(app, lang, `visa.items.${id}.label`));
      await ana.press('cmd:checklist');
      expect(offeredItems(ana)).toEqual(items);
    });
  });
});

describe('visa checklist: answering the questions', () => {
  it('should show progress as step N of 4', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    const step = (n: number) => say(app, 'en', 'flow.progress', { title: say(app, 'en', 'visa.title'), step: n, total: 4 });
    await ana.raw({ choice: 'start:visa' });
    expect(ana.text()).toContain(step(1));
    await ana.press('ans:self');
    expect(ana.text()).toContain(step(2));
    await ana.press('ans:long');
    expect(ana.text()).toContain(step(3));
    await ana.press('ans:no');
    expect(ana.text()).toContain(step(4));
  });

  it('should go back to the previous question and take a new answer', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.send('back');
    expect(ana.text()).toContain(say(app, 'en', 'visa.steps.purpose.prompt'));
    await ana.press('ans:companion');
    await ana.press('ans:short');
    await ana.press('ans:no');
    await ana.press('ans:hotel');
    expect(ana.text()).toContain(say(app, 'en', 'visa.items.kinship.label'));
  });

  it('should stop on cancel and make no checklist', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.send('cancel');
    expect(ana.text()).toContain(say(app, 'en', 'flow.cancelled', { title: say(app, 'en', 'visa.title') }));
    await ana.send('/checklist');
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.none'));
  });

  it('should give the reason and the same question again after an answer that is not an option', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.send('banana');
    expect(ana.text()).toContain(say(app, 'en', 'flow.errors.unknownChoice', { count: 3 }));
    expect(ana.text()).toContain(say(app, 'en', 'visa.steps.stay.prompt'));
    expect(ana.choices().map((c) => c.id)).toContain('ans:unsure');
  });

  const stays: [Lang, string, 'short' | 'long'][] = [
    ['en', 'about 3 months', 'short'],
    ['en', 'half a year', 'long'],
    ['en', 'over 180 days', 'long'],
    ['zh', '两周左右', 'short'],
    ['zh', '一年', 'long'],
    ['ru', 'полгода', 'long'],
    ['ru', 'около трёх недель', 'short'],
  ];
  for (const [lang, typed, stay] of stays) {
    it(`should read "${typed}" as a ${stay} stay and say how it read it`, async () => {
      const app = await visaApp();
      const ana = speaker(app, lang);
      await ana.raw({ choice: 'start:visa' });
      await ana.press('ans:self');
      await ana.send(typed);
      expect(ana.text()).toContain(say(app, lang, 'flow.understood', { answer: say(app, lang, `visa.steps.stay.options.${stay}`) }));
      const stored = await app.store.conversations.get(conversationKey(ana.address));
      expect(stored?.flow?.answers.stay).toBe(stay);
    });
  }

  it('should sort typed stays by the figure the stay options show', async () => {
    const app = await visaApp();
    const limit = facts.routes.find((r) => r.stays.includes('short'))?.maxStayDays;
    expect(limit).toBeGreaterThan(0);
    for (const lang of ['en', 'zh', 'ru'] as const) {
      for (const option of ['short', 'long']) expect(say(app, lang, `visa.steps.stay.options.${option}`)).toContain(String(limit));
    }
  });

  it('should ask again when a stay names two lengths of time', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.send('2 weeks in hospital, then 3 months of rehab');
    expect(ana.text()).toContain(say(app, 'en', 'flow.errors.unknownChoice', { count: 3 }));
  });

  it('should ask "already in China?" again after an answer that is not yes or no', async () => {
    const app = await visaApp();
    const ana = speaker(app, 'ru');
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.press('ans:short');
    await ana.send('может быть');
    expect(ana.text()).toContain(say(app, 'ru', 'flow.errors.yesNo'));
    expect(ana.text()).toContain(say(app, 'ru', 'visa.steps.inChina.prompt'));
  });

  it('should take typed numbers and yes/no words as answers', async () => {
    const app = await visaApp();
    const ana = speaker(app, 'zh');
    await ana.raw({ choice: 'start:visa' });
    await ana.send('2');
    await ana.send('1');
    await ana.send('是');
    await ana.send('3');
    expect(ana.text()).toContain(say(app, 'zh', 'visa.items.kinship.label'));
    expect(ana.text()).toContain(say(app, 'zh', 'visa.items.extension.label'));
    expect(ana.text()).toContain(say(app, 'zh', 'visa.items.registrationPolice.label'));
  });

  it('should resume mid-flow after a restart with the file store', async () => {
    const dataDir = await tempDir();
    const first = await visaApp({ dataDir });
    await speaker(first).raw({ choice: 'start:visa' });
    await speaker(first).raw({ choice: 'ans:companion' });
    await speaker(first).raw({ choice: 'ans:long' });
    await first.stop();

    const second = await visaApp({ dataDir });
    const ana = speaker(second);
    await ana.send('continue');
    expect(ana.text()).toContain(say(second, 'en', 'visa.steps.inChina.prompt'));
    await ana.press('ans:no');
    await ana.press('ans:friends');
    expect(ana.text()).toContain(say(second, 'en', 'visa.routes.residencePermit.name'));
    expect(ana.text()).toContain(say(second, 'en', 'visa.items.kinship.label'));
  });

  it('should tell a patient who finishes it where its facts come from and when they were checked, with no seed file name', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    expect(ana.text()).toContain(
      'Sources: en.firstaidchina.com, medtourism-3xt.pages.dev, hainancorporateservices.com, medbridgenz.com and 7 more · checked 24 Nov 2026\nRules change, so the offices above have the final word.',
    );
    expect(ana.text()).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    expect(ana.text()).not.toContain('2026-11-24');
  });

  it('should tell a Russian speaker the sources and the date in Russian, leaving the final word to the offices', async () => {
    const app = await visaApp();
    const olga = speaker(app, 'ru');
    await planTrip(olga, fromAbroadToHotel);
    expect(olga.text()).toContain('Источники: en.firstaidchina.com, medtourism-3xt.pages.dev, hainancorporateservices.com, medbridgenz.com и ещё 7 · проверено 24 нояб. 2026 г.');
    expect(olga.text()).toContain('последнее слово за учреждениями, указанными выше');
  });

  it('should count only the sources of the facts on the person\'s own list', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    // Already in China: a list with the extension and without the passport, the form or the tickets.
    await planTrip(ana, { purpose: 'self', stay: 'short', inChina: true, lodging: 'rented' });
    expect(ana.text()).toContain('medbridgenz.com and 9 more · checked 24 Nov 2026');
  });

  it('should name the sources again under the list\'s details', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.press('cmd:checklist');
    await ana.press('checklist:details');
    expect(ana.text()).toContain('Sources: en.firstaidchina.com, medtourism-3xt.pages.dev');
    expect(ana.text()).toContain(say(app, 'en', 'visa.result.finalWord'));
  });

  it('should tell a daughter walking it as the companion that her father needs his own list, and how to get it', async () => {
    const app = await visaApp();
    const olga = speaker(app, 'ru');
    await planTrip(olga, { purpose: 'companion', stay: 'short', inChina: false, lodging: 'rented' });
    expect(olga.text()).toContain('Пациенту нужны свои документы');
    expect(olga.text()).toContain('«Я — пациент»');
  });

  it('should not say so to the patient', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    expect(ana.text()).not.toContain('needs their own documents');
  });

  it('should offer "Show my checklist" and the main menu with the result', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    expect(ana.choices().map((c) => c.id)).toEqual(expect.arrayContaining(['cmd:checklist', 'cmd:menu']));
  });
});

describe('visa checklist: ticking items off', () => {
  it('should show the checklist with progress, one line per item and an in-place key', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('/checklist');
    expect(ana.text()).toContain(progress(app, 0, 8));
    expect(ana.text()).toContain(`☐ 1. ${say(app, 'en', 'visa.items.passport.label')}`);
    expect(ana.last.at(-1)?.key).toBe('checklist');
  });

  it('should tick an item by its button', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.press('cmd:checklist');
    await ana.press('tick:passport');
    expect(ana.text()).toContain(progress(app, 1, 8));
    expect(ana.text()).toContain(`✅ 1. ${say(app, 'en', 'visa.items.passport.label')}`);
    expect(ana.last.at(-1)?.key).toBe('checklist');
  });

  it('should tick item 3 when the person types "3" after seeing the list', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('/checklist');
    await ana.send('3');
    expect(ana.text()).toContain(`✅ 3. ${say(app, 'en', 'visa.items.overseasStatement.label')}`);
    expect(ana.text()).toContain(progress(app, 1, 8));
  });

  it.each([
    ['en', 'done 3'],
    ['ru', 'готово 3'],
    ['zh', '完成 3'],
  ] as const)('should tick item 3 when a person speaking %s types "%s"', async (lang, typed) => {
    const app = await visaApp();
    const ana = speaker(app, lang);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send(typed);
    expect(ana.text()).toContain(`✅ 3. ${say(app, lang, 'visa.items.overseasStatement.label')}`);
    expect(ana.text()).toContain(progress(app, 1, 8, lang));
  });

  it('should tick several items typed at once', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('Done 1, 2, 4');
    expect(ana.text()).toContain(progress(app, 3, 8));
  });

  for (const [lang, typed, done] of [
    ['ru', 'готово 2 и 4', 2],
    ['ru', 'готово три', 1],
    ['ru', 'сделала 6', 1],
    ['zh', '完成2和4', 2],
    ['en', 'done one and three', 2],
  ] as const) {
    it(`should tick what a person types as "${typed}"`, async () => {
      const app = await visaApp();
      const ana = speaker(app, lang);
      await planTrip(ana, fromAbroadToHotel);
      await ana.send(typed);
      expect(ana.text()).toContain(progress(app, done, 8, lang));
    });
  }

  for (const [lang, typed, item] of [
    ['ru', 'паспорт готов', 'passport'],
    ['ru', 'готово анкету', 'form'],
    ['ru', 'страховка есть', 'insurance'],
    ['en', 'passport done', 'passport'],
    ['zh', '护照好了', 'passport'],
  ] as const) {
    it(`should tick the item a person names: "${typed}"`, async () => {
      const app = await visaApp();
      const ana = speaker(app, lang);
      await planTrip(ana, fromAbroadToHotel);
      await ana.send(typed);
      expect(ana.text()).toContain(say(app, lang, 'visa.checklist.ticked', { item: say(app, lang, `visa.items.${item}.short`) }));
      expect(ana.text()).toContain(progress(app, 1, 8, lang));
    });
  }

  it('should not tick anything for a name two items share, and leave the message to the rest of the bot', async () => {
    const app = await visaApp();
    const ana = speaker(app, 'ru');
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('документы готовы');
    expect(ana.text()).not.toContain(progress(app, 1, 8, 'ru'));
  });

  it("should warn Oksana, who has ticked her own list, before she answers again for her husband's", async () => {
    const app = await visaApp();
    const oksana = speaker(app, 'ru');
    await planTrip(oksana, fromAbroadToHotel);
    await oksana.send('готово 1, 2');
    await oksana.raw({ choice: 'start:visa' });
    expect(oksana.text()).toContain(say(app, 'ru', 'visa.result.replaces', { done: 2, total: 8 }));
  });

  it("should not move the patient's ticks onto the companion's list, and title it as the companion's", async () => {
    const app = await visaApp();
    const oksana = speaker(app, 'ru');
    await planTrip(oksana, fromAbroadToHotel);
    await oksana.send('готово 1, 2');
    await planTrip(oksana, { ...fromAbroadToHotel, purpose: 'companion' });
    await oksana.send('/checklist');
    expect(oksana.text()).toContain(say(app, 'ru', 'visa.checklist.titleCompanion', { route: say(app, 'ru', 'visa.routes.s2.short') }));
    expect(oksana.text()).toContain(progress(app, 0, 8, 'ru'));
  });

  it('should untick an item with its button', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('done 1');
    await ana.press('untick:passport');
    expect(ana.text()).toContain(`☐ 1. ${say(app, 'en', 'visa.items.passport.label')}`);
    expect(ana.text()).toContain(progress(app, 0, 8));
  });

  it('should untick by words ("undo 1")', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('done 1');
    await ana.send('undo 1');
    expect(ana.text()).toContain(progress(app, 0, 8));
  });

  it('should not untick when the person types the number of an item already ticked', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('/checklist');
    await ana.send('1');
    await ana.send('1');
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.alreadyDone', { item: say(app, 'en', 'visa.items.passport.short') }));
    expect(ana.text()).toContain(progress(app, 1, 8));
  });

  it('should say politely that a typed number is not on the list', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('done 42');
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.noSuchNumber', { n: 42, total: 8 }));
    expect(ana.text()).toContain(progress(app, 0, 8));
  });

  it('should leave "done 3" alone for someone who has no checklist', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.send('done 3');
    expect(ana.last.some((r) => r.key === 'checklist')).toBe(false);
    expect(ana.text()).not.toContain(say(app, 'en', 'visa.checklist.none'));
  });

  it('should celebrate when every item is ticked', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('done 1 2 3 4 5 6 7 8');
    expect(ana.text()).toContain(progress(app, 8, 8));
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.allDone'));
  });

  it('should keep ticks across a restart with the file store', async () => {
    const dataDir = await tempDir();
    const first = await visaApp({ dataDir });
    const before = speaker(first);
    await planTrip(before, fromAbroadToHotel);
    await before.send('done 1, 4');
    await first.stop();

    const second = await visaApp({ dataDir });
    const ana = speaker(second);
    await ana.send('/checklist');
    expect(ana.text()).toContain(progress(second, 2, 8));
    expect(ana.text()).toContain(`✅ 4. ${say(second, 'en', 'visa.items.invitation.label')}`);
  });

  it('should keep the ticks of items that still apply when the questions are answered again', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('done 6, 7'); // tickets, insurance
    await planTrip(ana, { ...fromAbroadToHotel, inChina: true });
    expect(ana.text()).toContain(say(app, 'en', 'visa.result.kept', { n: 1 }));
    await ana.press('cmd:checklist');
    expect(offeredItems(ana)).not.toContain('tickets');
    expect(ana.choices().map((c) => c.id)).toContain('untick:insurance');
    expect(ana.text()).toContain(progress(app, 1, 5));
  });

  it('should answer a stale tick button politely with the current list', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await planTrip(ana, fromAbroadToHotel);
    await planTrip(ana, { ...fromAbroadToHotel, inChina: true });
    await ana.raw({ choice: 'tick:tickets' });
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.stale'));
    expect(ana.text()).toContain(progress(app, 0, 5));
  });

  it('should explain each item again on request', async () => {
    const app = await visaApp();
    const ana = speaker(app, 'ru');
    await planTrip(ana, fromAbroadToHotel);
    await ana.press('cmd:checklist');
    await ana.press('checklist:details');
    expect(ana.text()).toContain(say(app, 'ru', 'visa.items.invitation.details'));
    expect(ana.choices().map((c) => c.id)).toContain('start:visa');
  });
});

describe('visa checklist: commands, menu and privacy', () => {
  it.each([
    ['en', 'my checklist'],
    ['ru', 'чек-лист'],
    ['zh', '我的清单'],
  ] as const)('should show the checklist when a person speaking %s types "%s"', async (lang, typed) => {
    const app = await visaApp();
    const ana = speaker(app, lang);
    await planTrip(ana, fromAbroadToHotel);
    await ana.send(typed);
    expect(ana.text()).toContain(progress(app, 0, 8, lang));
  });

  it('should offer to make a checklist to someone who has none', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.send('/checklist');
    expect(ana.text()).toContain(say(app, 'en', 'visa.checklist.none'));
    await ana.press('start:visa');
    expect(ana.text()).toContain(say(app, 'en', 'visa.steps.purpose.prompt'));
  });

  it('should put "My checklist" in the menu only once there is one', async () => {
    const app = await visaApp();
    const ana = speaker(app);
    await ana.send('menu');
    expect(ana.choices().map((c) => c.id)).not.toContain('cmd:checklist');
    await planTrip(ana, fromAbroadToHotel);
    await ana.send('menu');
    expect(ana.choices()).toContainEqual({ id: 'cmd:checklist', label: say(app, 'en', 'visa.menu.checklist') });
  });

  it('should list /checklist in the command menu', async () => {
    const app = await visaApp();
    expect(app.engine.commandList('ru')).toContainEqual({ command: 'checklist', description: say(app, 'ru', 'visa.commands.checklist.describe') });
  });

  it('should tell in /privacy that the checklist is stored', async () => {
    const app = await visaApp();
    const ana = speaker(app, 'zh');
    await ana.send('/privacy');
    expect(ana.text()).toContain(say(app, 'zh', 'visa.privacy'));
  });

  it('should keep what people type out of the logs', async () => {
    const lines: string[] = [];
    const app = await visaApp({ log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) });
    const ana = speaker(app);
    await ana.raw({ choice: 'start:visa' });
    await ana.send('my secret diagnosis');
    await ana.press('ans:self');
    await ana.press('ans:short');
    await ana.press('ans:no');
    await ana.press('ans:hotel');
    await ana.send('done 3');
    expect(lines.join('\n')).not.toMatch(/secret diagnosis|done 3/);
  });
});

describe('visa checklist: facts and words', () => {
  const i18n = createI18n();
  const entries = [
    ...facts.routes.map((r) => ({ kind: 'routes', id: r.id, figures: r.figures, parts: ['name', 'short', 'text'] })),
    ...facts.items.map((i) => ({ kind: 'items', id: i.id, figures: i.figures ?? [], parts: ['label', 'short', 'details'] })),
  ];

  it.each(LANGS)('should have words in %s for every route and item in the facts file', (lang) => {
    const missing = entries.flatMap((e) => e.parts.map((p) => `visa.${e.kind}.${e.id}.${p}`)).filter((key) => !i18n.has(lang, key));
    expect(missing).toEqual([]);
  });

  it.each(LANGS)('should show in %s every figure the facts give (24 hours, RMB 2,000…)', (lang) => {
    // "2,000", "2 000" and "2000" are the same figure.
    const digits = (text: string) => text.replace(/(\d)[,\s\u00a0\u202f](?=\d{3}\b)/g, '$1');
    const absent = entries.flatMap((e) => {
      const text = digits(e.parts.map((p) => i18n.t(lang, `visa.${e.kind}.${e.id}.${p}`)).join(' '));
      return e.figures.filter((f) => !new RegExp(`(?<!\\d)${f}(?!\\d)`).test(text)).map((f) => `${e.id}: ${f}`);
    });
    expect(absent).toEqual([]);
  });

  it('should give every fact its sources in full and the review date', () => {
    const all = [...facts.routes, ...facts.notes, ...facts.items];
    for (const fact of all) {
      expect(fact.sources.length, fact.id).toBeGreaterThan(0);
      for (const source of fact.sources) expect(source, fact.id).toMatch(/^(https?:\/\/\S+|\d{3}_[0-9a-f]{16}\.txt)$/);
      expect(fact.reviewed, fact.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
