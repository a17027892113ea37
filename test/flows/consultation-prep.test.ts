import { describe, expect, it } from 'vitest';
import consultationFacts from '../../data/facts/consultation.json' with { type: 'json' };
import { briefPlugin, consultFlow } from '../../flows/consultation-prep.ts';
import { insuranceFlow } from '../../flows/insurance.ts';
import { visaFlow } from '../../flows/visa-checklist.ts';
import type { App } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { conversationKey, type Lang } from '../../src/message.ts';
import { type Person, person, tempDir, testApp } from '../helpers/app.ts';

const LANGS: readonly Lang[] = ['en', 'zh', 'ru'];
const flows = [insuranceFlow, consultFlow];
const plugins = [briefPlugin];

/** What a person types, in their own language; none of it may raise the emergency alarm. */
const said: Record<Lang, { symptoms: string; onset: string; medicines: string; allergies: string; questions: string }> = {
  en: {
    symptoms: 'Headache and a sore throat, worse at night 😣',
    onset: '3 days ago',
    medicines: 'ibuprofen 400 mg twice a day',
    allergies: 'penicillin (rash)',
    questions: 'Can I keep working?',
  },
  zh: { symptoms: '头痛，喉咙痛，晚上更严重', onset: '3天前', medicines: '布洛芬 400毫克 每天两次', allergies: '青霉素过敏（起疹子）', questions: '我还能继续上班吗？' },
  ru: {
    symptoms: 'Болит голова и горло, ночью хуже',
    onset: '3 дня назад',
    medicines: 'ибупрофен 400 мг два раза в день',
    allergies: 'пенициллин (сыпь)',
    questions: 'Можно ли мне работать?',
  },
};

/** Words that would assess or name an illness; the brief must contain none of them. */
const diagnosing: Record<Lang, RegExp> = {
  en: /you (?:may|might|probably|likely) have|diagnosed with|sounds like|could be|likely|suggests/i,
  zh: /可能是|诊断为|疑似|考虑为|提示/,
  ru: /вероятно|возможно,? у вас|похоже на|у вас может быть|диагноз:/i,
};

/** "I don't know", as a person says it at a question they cannot answer. */
const dontKnow: Record<Lang, string> = { en: "I don't know", zh: '不知道', ru: 'не знаю' };

/** Red-flag symptoms the engine's detector lets pass, but that with severity 10 need 120. */
const chestDiscomfort: Record<Lang, string> = { en: 'chest discomfort', zh: '胸部不适', ru: 'дискомфорт в груди' };

const words = (app: App, lang: Lang, key: string, vars?: Record<string, unknown>) => app.i18n.t(lang, key, vars);
const stored = async (app: App, ana: Person) => app.store.conversations.get(conversationKey(ana.address));

async function consult(lang: Lang, options: { dataDir?: string; log?: ReturnType<typeof createLogger> } = {}): Promise<{ app: App; ana: Person }> {
  const app = await testApp({ flows, plugins, ...options });
  const ana = person(app, { languageHint: lang });
  await ana.send('/menu');
  await ana.press('start:consult');
  return { app, ana };
}

/** Answers every question after consent; the interpreter answer is the caller's. */
/** Consent given, symptoms and onset answered: at the 0-10 severity step. */
async function atSeverity(lang: Lang): Promise<{ app: App; ana: Person }> {
  const at = await consult(lang);
  await at.ana.press('ans:yes');
  await at.ana.send(said[lang].symptoms);
  await at.ana.send(said[lang].onset);
  return at;
}

async function answerAll(ana: Person, lang: Lang, interpreter: 'yes' | 'no'): Promise<void> {
  await ana.press('ans:yes');
  await ana.send(said[lang].symptoms);
  await ana.send(said[lang].onset);
  await ana.send('6');
  await ana.send(said[lang].medicines);
  await ana.send(said[lang].allergies);
  await ana.press('ans:__skip');
  await ana.press('ans:labResults');
  await ana.press('ans:insuranceCard');
  await ana.press('ans:__done');
  await ana.press(`ans:${interpreter}`);
  await ana.send(said[lang].questions);
}

describe.each(LANGS)('consultation prep in %s', (lang) => {
  it('should ask for consent first, saying how /forget deletes the answers', async () => {
    const { app, ana } = await consult(lang);
    const title = words(app, lang, 'consult.title');
    expect(ana.text()).toContain(words(app, lang, 'flow.progress', { title, step: 1, total: 10 }));
    expect(ana.text()).toContain(words(app, lang, 'consult.steps.consent.prompt'));
    expect(ana.text()).toContain('/forget');
  });

  it('should end politely with general tips and store nothing when consent is refused', async () => {
    const { app, ana } = await consult(lang);
    await ana.press('ans:no');
    expect(ana.text()).toContain(words(app, lang, 'consult.result.declined'));
    expect(ana.text()).toContain(words(app, lang, 'consult.facts.prepRecords'));
    const record = await stored(app, ana);
    expect(record?.flow).toBeUndefined();
    expect(record?.extras.brief).toBeUndefined();
  });

  it('should forget the symptoms typed by someone who went back and refused consent, from the recent messages too', async () => {
    const { app, ana } = await consult(lang);
    await ana.press('ans:yes');
    await ana.send(said[lang].symptoms);
    const back = app.i18n.list(lang, 'commands.back.words')[0] ?? 'back';
    await ana.send(back);
    await ana.send(back);
    await ana.press('ans:no');
    expect(ana.text()).toContain(words(app, lang, 'consult.result.declined'));
    const record = await stored(app, ana);
    expect(record?.transcript.map((l) => l.text).join('\n')).not.toContain(said[lang].symptoms);
  });

  it('should forget the symptoms typed before cancel, as "your answers to it are not kept" says', async () => {
    const { app, ana } = await consult(lang);
    await ana.press('ans:yes');
    await ana.send(said[lang].symptoms);
    await ana.send('/cancel');
    expect(ana.text()).toContain(words(app, lang, 'flow.cancelled', { title: words(app, lang, 'consult.title') }));
    const record = await stored(app, ana);
    expect(record?.transcript.map((l) => l.text).join('\n')).not.toContain(said[lang].symptoms);
    expect(record?.transcript.at(-2)?.text).toBe('/cancel');
  });

  it("should not take an old Yes from the visa questionnaire's question as consent to keep health details", async () => {
    const app = await testApp({ flows: [visaFlow, consultFlow], plugins });
    const ana = person(app, { languageHint: lang });
    await ana.raw({ choice: 'start:visa' });
    await ana.press('ans:self');
    await ana.press('ans:short');
    const oldYes = ana.choices().find((c) => c.id.startsWith('ans:yes'))?.id ?? '';
    expect(oldYes).toBe('ans:yes@inChina');
    await ana.send('/cancel');
    await ana.raw({ choice: 'start:consult' });
    await ana.raw({ choice: oldYes });
    expect(ana.text()).toContain(words(app, lang, 'flow.expired'));
    expect(ana.text()).toContain(words(app, lang, 'consult.steps.consent.prompt'));
    expect((await stored(app, ana))?.flow?.answers.consent).toBeUndefined();
  });

  it('should keep the person\'s words verbatim in the brief', async () => {
    const { ana } = await consult(lang);
    await answerAll(ana, lang, 'yes');
    const brief = ana.last[0]?.text ?? '';
    for (const typed of Object.values(said[lang])) expect(brief).toContain(typed);
  });

  it('should put the Chinese labels beside the person\'s own', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'yes');
    const brief = ana.last[0]?.text ?? '';
    for (const label of ['symptoms', 'onset', 'severity', 'medicines', 'allergies', 'conditions', 'records', 'interpreter', 'questions']) {
      const zh = words(app, 'zh', `consult.brief.labels.${label}`);
      const own = words(app, lang, `consult.brief.labels.${label}`);
      expect(brief).toContain(lang === 'zh' ? `${zh}：` : `${own} / ${zh}: `);
    }
    expect(brief).toContain(`${lang === 'zh' ? '' : `${words(app, lang, 'consult.brief.labels.symptoms')} / `}${words(app, 'zh', 'consult.brief.labels.symptoms')}${lang === 'zh' ? '：' : ': '}${said[lang].symptoms}`);
  });

  it('should say in both languages that the answers are untranslated and not a diagnosis', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'no');
    const brief = ana.last[0]?.text ?? '';
    for (const key of ['consult.brief.ownWords', 'consult.brief.noDiagnosis']) {
      expect(brief).toContain(words(app, lang, key));
      expect(brief).toContain(words(app, 'zh', key));
    }
  });

  it('should give no diagnosis in the brief or the tips', async () => {
    const { ana } = await consult(lang);
    await answerAll(ana, lang, 'yes');
    expect(ana.text()).not.toMatch(diagnosing[lang]);
  });

  it('should add interpreter tips when an interpreter is needed', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'yes');
    expect(ana.last[0]?.text).toContain(`${words(app, lang, 'flow.yes')}${lang === 'zh' ? '' : ` / ${words(app, 'zh', 'flow.yes')}`}`);
    expect(ana.text()).toContain(words(app, lang, 'consult.facts.prepInterpreter'));
    expect(ana.text()).toContain(words(app, lang, 'consult.facts.bigCityLanguageHelp'));
  });

  it('should leave interpreter tips out when none is needed', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'no');
    expect(ana.text()).not.toContain(words(app, lang, 'consult.facts.prepInterpreter'));
    expect(ana.text()).toContain(words(app, lang, 'consult.facts.prepDevice'));
    expect(ana.text()).toContain(words(app, lang, 'consult.facts.pingAnGoodDoctor'));
  });

  it('should put the quiet room and the camera test under the online heading, not in the general preparation', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'no');
    const text = ana.text();
    const online = text.indexOf(words(app, lang, 'consult.tips.onlineTitle'));
    expect(online).toBeGreaterThan(text.indexOf(words(app, lang, 'consult.tips.prepTitle')));
    expect(text.indexOf(words(app, lang, 'consult.facts.prepPlace'))).toBeGreaterThan(online);
    expect(text.indexOf(words(app, lang, 'consult.facts.prepDevice'))).toBeGreaterThan(online);
    expect(text.indexOf(words(app, lang, 'consult.facts.prepRecords'))).toBeLessThan(online);
  });

  it('should mark a skipped question as not answered', async () => {
    const { app, ana } = await consult(lang);
    await answerAll(ana, lang, 'no');
    const notAnswered = lang === 'zh' ? words(app, 'zh', 'consult.brief.notAnswered') : `${words(app, lang, 'consult.brief.notAnswered')} / ${words(app, 'zh', 'consult.brief.notAnswered')}`;
    expect(ana.last[0]?.text).toContain(notAnswered);
  });

  it('should refuse severity 14 with the reason and ask the same question', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.send('14');
    expect(ana.text()).toContain(words(app, lang, 'consult.errors.severity'));
    expect(ana.text()).toContain(words(app, lang, 'consult.steps.severity.prompt'));
    expect((await stored(app, ana))?.flow?.step).toBe('severity');
  });

  it('should tell a parent who types a temperature ("39度") for severity that the scale is 0 to 10', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.send('39度');
    expect(ana.text()).toContain(words(app, lang, 'consult.errors.severity'));
    expect((await stored(app, ana))?.flow?.step).toBe('severity');
  });

  it('should take "I don\'t know" at the 0-10 question as skipped, and show it as not answered in the brief', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.send(dontKnow[lang]);
    const state = (await stored(app, ana))?.flow;
    expect(state?.step).toBe('medicines');
    expect(state?.answers.severity).toBeNull();
  });

  it('should put "not answered", not a number, beside the severity label of a brief whose severity was skipped', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.press('ans:__skip');
    for (let i = 0; i < 3; i++) await ana.press('ans:__skip');
    await ana.press('ans:none');
    await ana.press('ans:__done');
    await ana.press('ans:no');
    await ana.press('ans:__skip');
    const zh = (key: string) => words(app, 'zh', key);
    const both = (key: string) => (lang === 'zh' ? zh(key) : `${words(app, lang, key)} / ${zh(key)}`);
    const colon = lang === 'zh' ? '：' : ': ';
    expect(ana.last[0]?.text).toContain(`${both('consult.brief.labels.severity')}${colon}(${both('consult.brief.notAnswered')})`);
  });

  it('should read "1" typed under "1. Skip" at the medicines question as skipping it, not as a medicine called "1"', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.send('6');
    await ana.send('1');
    const state = (await stored(app, ana))?.flow;
    expect(state?.step).toBe('allergies');
    expect(state?.answers.medicines).toBeNull();
  });

  it('should take "7/10" as severity 7', async () => {
    const { app, ana } = await atSeverity(lang);
    await ana.send('7/10');
    expect((await stored(app, ana))?.flow?.answers.severity).toBe(7);
  });

  it('should switch to the emergency guidance for severity 10 with chest trouble, and keep the place', async () => {
    const { app, ana } = await consult(lang);
    await ana.press('ans:yes');
    await ana.send(chestDiscomfort[lang]);
    await ana.send(said[lang].onset);
    expect(ana.text()).toContain(words(app, lang, 'consult.steps.severity.prompt'));
    await ana.send('10');
    expect(ana.last[0]?.text).toContain('120');
    expect(ana.last[0]?.urgent).toBe(true);
    expect((await stored(app, ana))?.flow?.step).toBe('severity');
  });

  it('should switch to the emergency guidance when the symptoms are an emergency', async () => {
    const { app, ana } = await consult(lang);
    await ana.press('ans:yes');
    await ana.send({ en: 'crushing chest pain', zh: '胸痛得厉害', ru: 'сильная боль в груди' }[lang]);
    expect(ana.last[0]?.text).toContain('120');
    expect(ana.text()).not.toContain(words(app, lang, 'consult.steps.onset.prompt'));
  });

  it('should store the brief, show it again with /brief and list it in the menu', async () => {
    const { app, ana } = await consult(lang);
    await ana.send('/menu');
    expect(ana.choices().map((c) => c.id)).not.toContain('cmd:brief');
    await ana.press('start:consult');
    await answerAll(ana, lang, 'yes');
    expect((await stored(app, ana))?.extras.brief).toMatchObject({ format: 1, answers: { symptoms: said[lang].symptoms, severity: 6 } });
    await ana.send('/menu');
    await ana.press(words(app, lang, 'consult.brief.menu'));
    expect(ana.text()).toContain(said[lang].questions);
    expect(ana.text()).toContain('/forget');
  });

  it('should end with choices leading to the brief, insurance and the menu', async () => {
    const { ana } = await consult(lang);
    await answerAll(ana, lang, 'no');
    expect(ana.choices().map((c) => c.id)).toEqual(expect.arrayContaining(['cmd:brief', 'start:insurance', 'cmd:menu']));
  });
});

describe('consultation prep', () => {
  it('should end the tips with where they come from and when they were checked, with no seed file name', async () => {
    const { ana } = await consult('zh');
    await ana.press('ans:no');
    expect(ana.text()).toContain('来源：pacificprime.com、pro.aace.com、empoweryourhealth.org、epilepsyorangecounty.org，另有 9 个 · 核对于 2026年11月24日');
    expect(ana.text()).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    expect(ana.text()).not.toContain('2026-11-24');
  });

  it('should continue after a restart and put earlier answers in the brief', async () => {
    const dataDir = await tempDir();
    const { app: first, ana } = await consult('ru', { dataDir });
    await ana.press('ans:yes');
    await ana.send(said.ru.symptoms);
    await ana.send(said.ru.onset);
    await first.stop();

    const second = await testApp({ dataDir, flows, plugins });
    const again = person(second, { languageHint: 'ru' });
    await again.send('продолжить');
    const title = words(second, 'ru', 'consult.title');
    expect(again.text()).toContain(words(second, 'ru', 'flow.progress', { title, step: 4, total: 10 }));
    await again.send('5');
    await again.press('ans:__skip');
    await again.press('ans:__skip');
    await again.press('ans:__skip');
    await again.send('6');
    await again.press('ans:no');
    await again.press('ans:__skip');
    expect(again.last[0]?.text).toContain(said.ru.symptoms);
    expect(again.last[0]?.text).toContain(said.ru.onset);
  });

  it('should greet a father who comes back with "hi again" and ask the same question, not file the greeting as when it started', async () => {
    const dataDir = await tempDir();
    const { app: first, ana } = await consult('en', { dataDir });
    await ana.press('ans:yes');
    await ana.send('my daughter 3y, fever 39.5 and rash');
    await first.stop();

    const second = await testApp({ dataDir, flows, plugins });
    const marco = person(second, { languageHint: 'en' });
    await marco.send('hi again');
    expect(marco.text()).toContain('Hello again');
    expect(marco.text()).toContain('When did it start?');
    const state = (await stored(second, marco))?.flow;
    expect(state?.step).toBe('onset');
    expect(state?.answers.onset).toBeUndefined();
  });

  it('should keep Olga’s "кашель и одышка" as the symptoms when they raise the emergency, and take her next words as when it started', async () => {
    const { app, ana: olga } = await consult('ru');
    await olga.press('ans:yes');
    await olga.send('кашель и одышка');
    expect(olga.last[0]?.text).toContain('120');
    await olga.send('с августа');
    const state = (await stored(app, olga))?.flow;
    expect(state?.answers).toMatchObject({ symptoms: 'кашель и одышка', onset: 'с августа' });
    expect(state?.step).toBe('severity');
  });

  it('should greet Olga, back after a restart with "здравствуйте снова", and keep the question, not file it as when it started', async () => {
    const dataDir = await tempDir();
    const { app: first, ana } = await consult('ru', { dataDir });
    await ana.press('ans:yes');
    await ana.send('у мужа кашель и слабость, похудел');
    await first.stop();

    const second = await testApp({ dataDir, flows, plugins });
    const olga = person(second, { languageHint: 'ru' });
    await olga.send('здравствуйте снова');
    const state = (await stored(second, olga))?.flow;
    expect(state?.step).toBe('onset');
    expect(state?.answers.onset).toBeUndefined();
  });

  it('should not take "why you ask?" as the date the trouble started', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send(said.en.symptoms);
    await ana.send('why you ask?');
    expect(ana.text()).toContain('looks like a question rather than an answer');
    expect((await stored(app, ana))?.flow?.answers.onset).toBeUndefined();
  });

  it('should answer "grazie" at a question with a kind word and keep it out of the brief', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('grazie');
    expect((await stored(app, ana))?.flow?.answers.symptoms).toBeUndefined();
  });

  it('should go back to the previous question', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send(said.en.symptoms);
    await ana.send('back');
    expect(ana.text()).toContain(words(app, 'en', 'consult.steps.symptoms.prompt'));
  });

  it('should drop the answers on cancel', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send(said.en.symptoms);
    await ana.send('cancel');
    expect(ana.text()).toContain(words(app, 'en', 'flow.cancelled', { title: words(app, 'en', 'consult.title') }));
    const record = await stored(app, ana);
    expect(record?.flow).toBeUndefined();
    expect(record?.extras.brief).toBeUndefined();
  });

  it('should refuse "none of these" picked together with a record', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send(said.en.symptoms);
    await ana.send(said.en.onset);
    await ana.send('3');
    for (let i = 0; i < 3; i++) await ana.press('ans:__skip');
    await ana.send('1, 6');
    expect(ana.text()).toContain(words(app, 'en', 'consult.errors.recordsNone'));
    expect(ana.text()).toContain(words(app, 'en', 'consult.steps.records.prompt'));
  });

  it('should say there is no brief yet, and offer to make one', async () => {
    const { app } = await consult('zh');
    const bo = person(app, { user: 'bo', languageHint: 'zh' });
    await bo.send('/brief');
    expect(bo.text()).toContain(words(app, 'zh', 'consult.brief.none'));
    expect(bo.choices().map((c) => c.id)).toContain('start:consult');
  });

  it('should show the brief in the language the person uses now', async () => {
    const { app, ana } = await consult('en');
    await answerAll(ana, 'en', 'no');
    await ana.send('/language ru');
    await ana.send('/brief');
    expect(ana.text()).toContain(`${words(app, 'ru', 'consult.brief.labels.symptoms')} / ${words(app, 'zh', 'consult.brief.labels.symptoms')}: ${said.en.symptoms}`);
  });

  it('should explain the brief in /privacy', async () => {
    const { app, ana } = await consult('ru');
    await ana.send('/privacy');
    expect(ana.text()).toContain(words(app, 'ru', 'consult.privacy'));
  });

  it('should answer a father who asks "which hospital is open now?" at the symptoms step, and keep it out of the brief', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('which hospital is open now?');
    expect(ana.text()).toContain('open 24 hours');
    expect(ana.text()).toContain('back to the question we were on');
    expect((await stored(app, ana))?.flow?.step).toBe('symptoms');
    await ana.send('my daughter, 4: fever 39.5, vomited twice');
    expect((await stored(app, ana))?.flow?.answers.symptoms).toBe('my daughter, 4: fever 39.5, vomited twice');
  });

  it('should answer a Russian patient whose question starts with «а» or «подскажите» at a free-text step, and keep it out of the brief', async () => {
    const { app, ana } = await consult('ru');
    await ana.press('ans:yes');
    await ana.send('а что взять с собой в больницу?');
    expect(ana.text()).toContain(words(app, 'ru', 'flow.afterAside'));
    await ana.send('Подскажите, как платить в больнице?');
    expect(ana.text()).toContain(words(app, 'ru', 'flow.afterAside'));
    expect((await stored(app, ana))?.flow?.step).toBe('symptoms');
    expect((await stored(app, ana))?.flow?.answers.symptoms).toBeUndefined();
  });

  it('should answer "sorry, what should I bring to the hospital?" at the symptoms step, and ask for the symptoms again', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('sorry, what should I bring to the hospital?');
    expect(ana.text()).toContain(words(app, 'en', 'flow.afterAside'));
    expect((await stored(app, ana))?.flow?.step).toBe('symptoms');
  });

  it('should keep the brief in Russian for a patient who typed her last question for the doctor in English', async () => {
    const app = await testApp({ flows, plugins });
    const maria = person(app);
    await maria.raw({ choice: 'start:consult' });
    await maria.send('да');
    await maria.send('Болит правое колено уже полгода');
    for (const answer of ['полгода назад', '6', 'ибупрофен', 'нет', 'пропустить', '1', 'готово', 'нет']) await maria.send(answer);
    await maria.send('How many days in hospital after knee replacement?');
    expect(maria.text()).toContain(words(app, 'ru', 'consult.brief.heading'));
    expect(maria.text()).toContain('How many days in hospital after knee replacement?');
  });

  it('should not ask about health in a Telegram group, and send the person to a private chat instead', async () => {
    const app = await testApp({ flows, plugins });
    const ana = person(app, { platform: 'telegram' });
    await ana.raw({ choice: 'start:consult', chatType: 'group' });
    expect(ana.text()).toContain('I ask about health only in a private chat');
    expect(ana.text()).not.toContain(words(app, 'en', 'consult.steps.consent.prompt'));
    expect((await stored(app, ana))?.flow).toBeUndefined();
  });

  it('should tell someone answering the insurance advisor in a group to reply to the question, where typing is the answer', async () => {
    const app = await testApp({ flows, plugins });
    const ana = person(app, { platform: 'telegram' });
    await ana.raw({ choice: 'start:insurance', chatType: 'group' });
    expect(ana.text()).not.toContain('reply to this message');
    await ana.raw({ choice: 'ans:student', chatType: 'group' });
    expect(ana.text()).toContain(words(app, 'en', 'insurance.steps.city.prompt'));
    expect(ana.text()).toContain('In a group, reply to this message (or mention me)');
  });

  it('should ask for just one number when someone answers "7-8" at the 0-10 question', async () => {
    const { app, ana } = await consult('ru');
    await ana.press('ans:yes');
    await ana.send(said.ru.symptoms);
    await ana.send(said.ru.onset);
    await ana.send('7-8');
    expect(ana.text()).toContain(words(app, 'ru', 'flow.errors.oneNumber'));
    expect((await stored(app, ana))?.flow?.step).toBe('severity');
  });

  it('should show Maria, going back, the answer she gave before, so she does not overwrite it unseen', async () => {
    const { app, ana } = await consult('ru');
    await ana.press('ans:yes');
    await ana.send(said.ru.symptoms);
    await ana.send(said.ru.onset);
    await ana.send('назад');
    expect(ana.text()).toContain(words(app, 'ru', 'flow.previousAnswer', { answer: said.ru.onset }));
    expect(ana.text()).toContain(words(app, 'ru', 'consult.steps.onset.prompt'));
  });

  it('should take «семь» typed at the 0-10 question as 7', async () => {
    const { app, ana } = await consult('ru');
    await ana.press('ans:yes');
    await ana.send(said.ru.symptoms);
    await ana.send(said.ru.onset);
    await ana.send('семь');
    expect((await stored(app, ana))?.flow?.answers.severity).toBe(7);
  });

  it('should keep a symptom told as a question ("a headache, is it the flu?") as the symptom', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('headache and a cough, is it the flu?');
    expect((await stored(app, ana))?.flow?.answers.symptoms).toBe('headache and a cough, is it the flu?');
  });

  it('should take a typed "1" after /forget at a text step as "Yes, delete everything", not as the answer', async () => {
    const { app, ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('/forget');
    await ana.send('1');
    expect(ana.text()).toContain('has been deleted');
    expect(await stored(app, ana)).toBeUndefined();
  });

  it('should tell a father who asks for /brief halfway that it comes at the end, and let him go on', async () => {
    const { ana } = await consult('en');
    await ana.press('ans:yes');
    await ana.send('my daughter, 4: fever and vomiting');
    await ana.send('/brief');
    expect(ana.text()).toContain('you are partway through its questions');
    await ana.press('cmd:continue');
    expect(ana.text()).toContain('When did it start?');
  });

  it('should date a brief made at 2 a.m. in China with China\'s date, not the server\'s', async () => {
    const app = await testApp({ flows, plugins, now: () => new Date('2026-12-01T18:30:00Z') });
    const dad = person(app, { languageHint: 'en' });
    await dad.send('/menu');
    await dad.press('start:consult');
    await answerAll(dad, 'en', 'no');
    expect(dad.text()).toContain('2026-12-02');
    expect(dad.text()).not.toContain('2026-12-01');
  });

  it('should delete the brief on /forget', async () => {
    const { app, ana } = await consult('en');
    await answerAll(ana, 'en', 'no');
    await ana.send('/forget');
    await ana.press('forget:yes');
    expect((await stored(app, ana))?.extras.brief).toBeUndefined();
    await ana.send('/brief');
    expect(ana.text()).toContain(words(app, 'en', 'consult.brief.none'));
  });

  it('should keep what people type out of the logs', async () => {
    const lines: string[] = [];
    const { ana } = await consult('en', { log: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    await answerAll(ana, 'en', 'yes');
    expect(lines.length).toBeGreaterThan(0);
    for (const typed of Object.values(said.en)) expect(lines.join('\n')).not.toContain(typed);
  });
});

describe('the consultation facts', () => {
  it('should each carry sources, a trust mark and the review date', () => {
    for (const f of consultationFacts.facts) {
      expect(f.sources.length, f.id).toBeGreaterThan(0);
      for (const source of f.sources) expect(source, f.id).toMatch(/^(?:https?:\/\/\S+|\d{3}_[0-9a-f]{16}\.txt)$/);
      expect(['2+', '1'], f.id).toContain(f.trust);
      expect(f.reviewed, f.id).toBe('2026-11-24');
    }
  });

  it('should have words in every language for every fact, and no words without a fact', async () => {
    const app = await testApp({ flows, plugins });
    const ids = consultationFacts.facts.map((f) => f.id).sort();
    for (const lang of LANGS) {
      const worded = Object.keys(app.i18n.instance.getResource(lang, 'translation', 'consult.facts') as Record<string, string>).sort();
      expect(worded, lang).toEqual(ids);
    }
  });
});
