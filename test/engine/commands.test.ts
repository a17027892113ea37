import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tripFlow } from '../fixtures/flows.ts';
import { conversationKey } from '../../src/message.ts';
import { FIXTURE_LOCALES, person, tempDir, testApp } from '../helpers/app.ts';

const withTrip = { flows: [tripFlow], onlyPlugins: [], extraLocaleDirs: [FIXTURE_LOCALES] };

describe('global commands', () => {
  it('should greet a newcomer with the menu on /start', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('/start');
    expect(ana.text()).toContain('I am not a doctor');
    expect(ana.choices().map((c) => c.id)).toEqual(expect.arrayContaining(['start:trip', 'cmd:language']));
  });

  it('should take a patient who opens a hospital\'s link (?start=consult_zh) straight to the consultation, in Chinese', async () => {
    const app = await testApp();
    const mei = person(app, { platform: 'telegram', languageHint: 'en' });
    await mei.send('/start consult_zh');
    expect(mei.last[0]?.text).toBe(app.i18n.t('zh', 'start.welcome', { name: '' }));
    expect(mei.text()).toContain(app.i18n.t('zh', 'consult.steps.consent.prompt'));
    await mei.send('hello, what is this?');
    expect(mei.text()).toContain('准备就诊');
  });

  it('should show the usual menu for a link whose words name no flow or language', async () => {
    const app = await testApp();
    const sam = person(app, { platform: 'telegram', languageHint: 'en' });
    await sam.send('/start promo2026');
    expect(sam.text()).toContain(app.i18n.t('en', 'menu.title'));
  });

  it('should answer a Chinese greeting in Chinese with the menu', async () => {
    const li = person(await testApp(withTrip));
    await li.send('你好');
    expect(li.text()).toContain('我不是医生');
    expect(li.choices().map((c) => c.label)).toContain('行程规划');
  });

  it('should answer the Russian word for help in Russian', async () => {
    const olga = person(await testApp(withTrip));
    await olga.send('помощь');
    expect(olga.text()).toContain('Как мной пользоваться');
  });

  it('should list the commands for a messenger menu in each language', async () => {
    const app = await testApp(withTrip);
    expect(app.engine.commandList('ru').find((c) => c.command === 'language')?.description).toBe('Сменить язык');
    expect(app.engine.commandList('en').map((c) => c.command)).toEqual(expect.arrayContaining(['start', 'menu', 'help', 'language', 'cancel', 'privacy', 'forget']));
  });

  it('should say so politely for an unknown command', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('/teleport');
    expect(ana.text()).toContain('I do not know that command');
  });

  it('should offer to continue a flow left half-way from the menu', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('1');
    await ana.send('menu');
    await ana.press('Continue: Trip planner');
    expect(ana.text()).toContain('What do you need?');
  });
});

describe('language', () => {
  it('should switch with /language and a pressed language, and keep it', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('/language');
    await ana.press('Русский');
    expect(ana.text()).toContain('буду отвечать по-русски');
    await ana.send('menu');
    expect(ana.text()).toContain('Чем я могу помочь');
  });

  it("should switch when the person types the language's own name", async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('中文');
    expect(ana.text()).toContain('我会用中文回答');
  });

  const asked: [string, 'en' | 'zh' | 'ru'][] = [
    ['can you speak Russian?', 'ru'],
    ['English please', 'en'],
    ['说中文', 'zh'],
    ['можно по-английски?', 'en'],
    ['can u speak chinese for my wife', 'zh'],
    ['给我老婆用中文', 'zh'],
    ['для мужа по-русски пожалуйста', 'ru'],
    ['Hello, can you answer in English please?', 'en'],
  ];
  for (const [typed, lang] of asked) {
    it(`should switch to ${lang} when asked "${typed}"`, async () => {
      const app = await testApp();
      const ana = person(app, { languageHint: lang === 'en' ? 'zh' : 'en' });
      await ana.send(typed);
      expect(ana.last[0]?.text).toBe(app.i18n.t(lang, 'language.set'));
    });
  }

  it('should not take "I don\'t speak Chinese" as asking for Chinese', async () => {
    const app = await testApp();
    const ana = person(app, { languageHint: 'en' });
    await ana.send("I don't speak Chinese");
    expect(ana.text()).not.toContain(app.i18n.t('zh', 'language.set'));
  });

  it('should ask Hana before /cancel throws away the four answers she gave, and carry on when she says no', async () => {
    const app = await testApp();
    const hana = person(app, { languageHint: 'en' });
    await hana.raw({ choice: 'start:consult' });
    for (const answer of ['yes', 'son, 18 months: fever 39', 'yesterday evening', '5']) await hana.send(answer);
    await hana.send('/cancel');
    expect(hana.text()).toContain(app.i18n.t('en', 'cancel.confirm', { title: app.i18n.t('en', 'consult.title'), count: 4 }));
    await hana.send('no');
    const kept = (await app.store.conversations.get(conversationKey(hana.address)))?.flow;
    expect(kept?.answers).toMatchObject({ onset: 'yesterday evening', severity: 5 });
    await hana.send('/cancel');
    await hana.press('cancel:yes');
    expect((await app.store.conversations.get(conversationKey(hana.address)))?.flow).toBeUndefined();
  });

  it('should stop a questionnaire at once on /cancel when only one answer was given', async () => {
    const app = await testApp();
    const sam = person(app, { languageHint: 'en' });
    await sam.raw({ choice: 'start:visa' });
    await sam.raw({ choice: 'ans:self' });
    await sam.send('/cancel');
    expect((await app.store.conversations.get(conversationKey(sam.address)))?.flow).toBeUndefined();
  });

  it('should open the language choice on /language, though the topics just offered include "Language help at hospitals"', async () => {
    const app = await testApp();
    const hana = person(app, { languageHint: 'en' });
    await hana.send('can my husband see the brief? he is german but reads english');
    await hana.send('/language');
    expect(hana.text()).toContain(app.i18n.t('en', 'language.pick'));
  });

  it('should still list the menu when Mr Leung types "?" twice', async () => {
    const app = await testApp();
    const leung = person(app, { languageHint: 'zh' });
    await leung.send('？');
    await leung.send('?');
    const menuChoice = leung.last.find((r) => r.text.includes(app.i18n.t('zh', 'menu.title')));
    expect(menuChoice?.choices?.length ?? 0).toBeGreaterThan(2);
  });

  it('should not take "sorry my english" as asking for English', async () => {
    const app = await testApp();
    const hana = person(app, { languageHint: 'en' });
    await hana.send('sorry my english');
    expect(hana.text()).not.toContain(app.i18n.t('en', 'language.set'));
  });

  it('should not take "does my wife need a chinese visa" as asking for Chinese', async () => {
    const app = await testApp();
    const tom = person(app, { languageHint: 'en' });
    await tom.send('does my wife need a chinese visa');
    expect(tom.text()).not.toContain(app.i18n.t('zh', 'language.set'));
  });

  it('should switch in the middle of a questionnaire and ask the same step again in the new language', async () => {
    const app = await testApp();
    const li = person(app, { languageHint: 'zh' });
    await li.raw({ choice: 'start:visa' });
    await li.send('in English please');
    expect(li.text()).toContain(app.i18n.t('en', 'language.set'));
    expect(li.text()).toContain('step 1 of 4');
  });

  it("should follow the platform's language hint", async () => {
    const olga = person(await testApp(withTrip), { languageHint: 'ru-RU' });
    await olga.send('/menu');
    expect(olga.text()).toContain('Чем я могу помочь');
  });

  it('should follow the script of what is typed when there is no hint', async () => {
    const app = await testApp(withTrip);
    const wei = person(app, { user: 'wei' });
    await wei.send('菜单');
    expect(wei.text()).toContain('我能帮您做什么');
    const ivan = person(app, { user: 'ivan' });
    await ivan.send('меню');
    expect(ivan.text()).toContain('Чем я могу помочь');
  });

  it('should keep a chosen language even when the platform hints another', async () => {
    const ana = person(await testApp(withTrip), { languageHint: 'en' });
    await ana.send('/language zh');
    await ana.send('/menu');
    expect(ana.text()).toContain('我能帮您做什么');
  });
});

describe('privacy and forgetting', () => {
  it('should say what is stored and why', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('/privacy');
    expect(ana.text()).toContain('last 20 messages');
    expect(ana.text()).toContain('/forget');
  });

  it('should ask before forgetting and keep everything on "no"', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('/language ru');
    await ana.send('/forget');
    await ana.press('Нет');
    expect(ana.text()).toContain('ничего не удалено');
    await ana.send('/menu');
    expect(ana.text()).toContain('Чем я могу помочь');
  });

  for (const [lang, yes] of [['zh', '确定'], ['zh', '是'], ['ru', 'да'], ['en', 'yes']] as const) {
    it(`should delete everything when a person answers /forget's question with "${yes}"`, async () => {
      const app = await testApp(withTrip);
      const ana = person(app, { languageHint: lang });
      await ana.send('/forget');
      await ana.send(yes);
      expect(ana.text()).toBe(app.i18n.t(lang, 'forget.done'));
    });
  }

  it('should not read a "yes" to a later question as confirming an earlier /forget', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('/forget');
    await ana.send('wait, what do you keep about me?');
    await ana.send('yes');
    expect(ana.text()).not.toContain('has been deleted');
  });

  it('should leave nothing of the person in the state files after /forget', async () => {
    const dataDir = await tempDir();
    const app = await testApp({ ...withTrip, dataDir });
    const ana = person(app, { user: 'anastasia-7731', displayName: 'Anastasia' });
    const boris = person(app, { user: 'boris-5512' });
    await boris.send('hello');
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('1');
    await ana.send('/forget');
    await ana.press('Yes, delete everything');
    expect(ana.text()).toContain('has been deleted');
    await app.stop();

    const files = await readdir(dataDir, { recursive: true });
    const contents = await Promise.all(files.filter((f) => f.endsWith('.json')).map((f) => readFile(join(dataDir, f), 'utf8')));
    expect(contents.join('\n')).not.toContain('anastasia-7731');
    expect(contents.join('\n')).not.toContain('Anastasia');
    expect(contents.join('\n')).toContain('boris-5512');
  });
});

describe('language stays put on small words', () => {
  it('should keep Chinese when a Chinese speaker types a slash command or "ok"', async () => {
    const li = person(await testApp(withTrip));
    await li.send('你好');
    await li.send('/help');
    expect(li.text()).toContain('使用方法');
    await li.send('ok');
    await li.send('菜单');
    expect(li.text()).toContain('我能帮您做什么');
  });

  it('should switch to English when a Chinese speaker writes a whole English sentence', async () => {
    const li = person(await testApp(withTrip));
    await li.send('你好');
    await li.send('show me the main menu please');
    await li.send('menu');
    expect(li.text()).toContain('What can I help you with?');
  });
});

describe('a person the bot keeps failing', () => {
  it('should be pointed to the menu, not to a person, when no staff are set up', async () => {
    const ana = person(await testApp(withTrip));
    await ana.send('qwerty asdf');
    await ana.send('zxcv uiop');
    expect(ana.text()).toContain('Try the menu, or ask in other words');
    expect(ana.text()).not.toContain('talk to a person');
  });
});
