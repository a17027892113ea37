import { describe, expect, it } from 'vitest';
import { createKnowledgePlugin } from '../../src/knowledge/knowledge-plugin.ts';
import { declareKnowledgeCollections, sanitizeQuestion } from '../../src/knowledge/knowledge-records.ts';
import type { KnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import type { Lang, Reply } from '../../src/message.ts';
import type { z } from 'zod';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import type { RecordCollection } from '../../src/store/state-store.ts';
import type { EnginePlugin } from '../../src/turn.ts';
import { type FakeTurnOptions, fakeTurn, HELP_CHOICE, newConversation, productKnowledge } from './fake-turn.ts';

async function ask(text: string, options: FakeTurnOptions & { plugin?: EnginePlugin; knowledge?: KnowledgeStore } = {}) {
  const plugin = options.plugin ?? createKnowledgePlugin(options.knowledge ?? (await productKnowledge()));
  const fake = fakeTurn({ ...options, text });
  const replies = (await plugin.answer?.(fake.turn)) ?? [];
  return { ...fake, replies, reply: replies[0] as Reply };
}

async function press(choice: string, options: FakeTurnOptions & { plugin?: EnginePlugin } = {}) {
  const plugin = options.plugin ?? createKnowledgePlugin(await productKnowledge());
  const [verb, ...rest] = choice.split(':');
  const action = plugin.actions?.find((a) => a.verb === verb);
  const fake = fakeTurn(options);
  const replies = (await action?.run(fake.turn, rest.join(':'))) ?? [];
  return { ...fake, replies, reply: replies[0] as Reply };
}

const ids = (reply: Reply) => (reply.choices ?? []).map((c) => c.id);

describe('a confident answer', () => {
  it('should show the article with its source, review date, feedback buttons, the related flow and help', async () => {
    const { reply, failed } = await ask('What visa do I need for medical treatment in China?');
    expect(reply.text).toContain('S2');
    expect(reply.text).toMatch(/Source: .+ · reviewed 24 Nov 2026$/);
    expect(ids(reply)).toEqual(['kb:up:visa-medical-treatment', 'kb:down:visa-medical-treatment', 'kb:open:visa-documents', 'start:visa', HELP_CHOICE.id]);
    expect(failed()).toBe(false);
  });

  it('should tell an expat who asks what seeing a doctor costs that fees differ by hospital and department, not what telemedicine costs', async () => {
    const { reply } = await ask('what does seeing a doctor cost here');
    expect(reply.text.split('\n')[0]).toBe('Hospital costs, and how to pay');
    expect(reply.text).toContain('international departments charge more than the regular outpatient departments');
  });

  it('should tell someone who is sick and asks where to go the options by urgency, 120 first, and offer the brief', async () => {
    const { reply } = await ask('I am sick, where should I go');
    expect(reply.text.split('\n')[0]).toBe('Need a doctor? Where to go');
    const text = reply.text;
    expect(text.indexOf('call 120 now')).toBeLessThan(text.indexOf('emergency department'));
    expect(text).toContain('I cannot tell you what you have');
    expect(ids(reply)).toContain('start:consult');
  });

  it('should answer the same in Russian', async () => {
    const { reply } = await ask('я заболел, куда идти', { lang: 'ru' });
    expect(reply.text.split('\n')[0]).toBe('Нужен врач? Куда обратиться');
  });

  it('should give a Chinese speaker who asks how to call an ambulance the emergency numbers, not the ambulance\'s price', async () => {
    const { reply } = await ask('怎么叫救护车', { lang: 'zh' });
    expect(reply.text.split('\n')[0]).toBe('中国的紧急电话');
    expect(reply.text).toContain('120');
  });

  it('should tell a medical traveller who asks for the best hospital that the bot cannot rank them, and what helps choose', async () => {
    const { reply } = await ask('best hospital for cancer treatment in China');
    expect(reply.text.split('\n')[0]).toBe('Choosing a hospital or a doctor');
    expect(reply.text).toContain('I cannot rank hospitals or recommend a doctor');
    expect(reply.text).toContain('tertiary (Grade 3)');
  });

  it('should offer the article a close call left second, so a traveller asking about a "medical visa" can reach the documents too', async () => {
    const { reply } = await ask('is there a medical visa for china?');
    expect(ids(reply)[0]).toBe('kb:up:visa-medical-treatment');
    expect(ids(reply)).toContain('kb:open:visa-documents');
    expect(reply.choices?.find((c) => c.id === 'kb:open:visa-documents')?.label).toBe('📄 Also: Documents for a medical-treatment visa');
  });

  it('should answer a parent who gives the temperature ("a fever of 40") with the fever clinic', async () => {
    const { reply } = await ask('my baby has a fever of 40');
    expect(ids(reply)[0]).toBe('kb:up:hospital-fever-clinic');
  });

  it('should give someone who just had a car crash the numbers, 122 among them', async () => {
    const { reply } = await ask('car crash number');
    expect(ids(reply)[0]).toBe('kb:up:emergency-numbers');
    expect(reply.text).toContain('122');
  });

  it('should tell someone who asks "what\'s wrong with me" that the bot does not diagnose', async () => {
    const { reply } = await ask("what's wrong with me");
    expect(ids(reply)[0]).toBe('kb:up:consultation-no-diagnosis');
  });

  it('should offer nothing beside an answer that clearly stands out', async () => {
    const { reply } = await ask('How do I activate the medical insurance e-certificate?');
    expect(ids(reply)[0]).toBe('kb:up:insurance-e-certificate');
    expect(ids(reply).filter((id) => id.startsWith('kb:open:'))).toEqual([]);
  });

  it('should answer in the person’s language with a localised date', async () => {
    const zh = await ask('救护车的电话是多少', { lang: 'zh' });
    expect(zh.reply.text).toContain('120');
    expect(zh.reply.text).toContain('审核于 2026年11月24日');
    const ru = await ask('номер скорой помощи', { lang: 'ru' });
    expect(ru.reply.text).toMatch(/проверено 24 нояб\. 2026/);
  });

  it('should answer an English question in Russian for a Russian speaker', async () => {
    const { reply } = await ask('emergency numbers in China', { lang: 'ru' });
    expect(reply.text).toContain('Экстренные номера');
  });

  it('should name public sources before seed files', async () => {
    const { reply } = await ask('24 hour accommodation registration police');
    expect(reply.text).toContain('Source: SICAS: accommodation registration; ');
    expect(reply.text).not.toContain('.txt');
  });

  it('should leave out the flow button when that flow is not registered', async () => {
    const { reply } = await ask('What visa do I need for medical treatment in China?', { flows: [] });
    expect(ids(reply)).not.toContain('start:visa');
  });
});

describe('questions that once got the wrong article', () => {
  it('should tell a visitor who asks "how much is a doctor visit" what hospitals charge, not whether insurance pays for telemedicine', async () => {
    const { reply } = await ask('how much is a doctor visit');
    expect(ids(reply)[0]).toBe('kb:up:hospital-payment');
  });

  it('should tell an expat who asks how to get reimbursed by an international insurer which papers to keep', async () => {
    const { reply } = await ask('how do i get reimbursed by my international insurer');
    expect(ids(reply)[0]).toBe('kb:up:insurance-receipts-claims');
    expect(reply.text).toContain('fapiao');
  });

  it('should answer a foreigner who speaks no Chinese and asks what to say at the hospital with language help, not the 120 call', async () => {
    const { reply } = await ask('i dont speak chinese what do i say at the hospital');
    expect(ids(reply)[0]).toBe('kb:up:hospital-language-help');
  });

  it('should answer the same in Chinese and in Russian', async () => {
    expect(ids((await ask('我不会中文，去医院要说什么', { lang: 'zh' })).reply)[0]).toBe('kb:up:hospital-language-help');
    expect(ids((await ask('не говорю по-китайски, что сказать в больнице', { lang: 'ru' })).reply)[0]).toBe('kb:up:hospital-language-help');
  });

  it('should tell a Russian traveller who asks how long a visa takes to ask the consulate, as no source gives a processing time', async () => {
    const { reply } = await ask('сколько делается виза', { lang: 'ru' });
    expect(ids(reply)[0]).toBe('kb:up:visa-documents');
    expect(reply.text).toContain('сроков оформления в наших источниках нет');
  });

  it('should tell a student who asks whether the residence permit needs renewing where and when to apply, not about permits for treatment', async () => {
    const { reply } = await ask('residence permit renew need?');
    expect(ids(reply)[0]).toBe('kb:up:visa-residence-permit-renewal');
    expect(reply.text).toContain('(Art. 32)');
    expect(reply.text).toContain("school's international office");
  });

  it('should tell a student who asks whether the school insurance covers the dentist to check the policy, claiming neither way', async () => {
    const { reply } = await ask('does my student insurance cover dentist?');
    expect(ids(reply)[0]).toBe('kb:up:insurance-students');
    expect(reply.text).toContain('A dentist or anything else not listed here: check your policy or ask the insurer.');
  });

  it('should answer 没有医保怎么办 with who can join public insurance and the private route, not the e-certificate', async () => {
    const { reply } = await ask('没有医保怎么办', { lang: 'zh' });
    expect(ids(reply)[0]).toBe('kb:up:insurance-public-for-foreigners');
    expect(reply.text).toContain('可以考虑商业医疗保险');
  });
});

describe('when the bot is not sure', () => {
  it('should say so, offer the closest topics, a person and the menu, and count a failure', async () => {
    const { reply, failed } = await ask('the hospital asked me to pay a deposit');
    expect(reply.text).toContain('not sure');
    expect(ids(reply).slice(-2)).toEqual([HELP_CHOICE.id, 'cmd:menu']);
    expect(ids(reply).length).toBeGreaterThan(2);
    // Topics first, then the closest topic's questionnaire when it has one.
    expect(ids(reply).slice(0, -2).every((id) => id.startsWith('kb:open:') || id.startsWith('start:'))).toBe(true);
    expect(ids(reply)[0]).toMatch(/^kb:open:/);
    expect(failed()).toBe(true);
  });

  it('should offer the topic\'s questionnaire first, as a request and not a miss, to someone who types just "insurance"', async () => {
    const { reply } = await ask('insurance');
    expect(reply.text).toBe('“Health insurance advisor” asks a few short questions and shows what fits you. Or pick a topic:');
    expect(ids(reply)[0]).toBe('start:insurance');
    expect(ids(reply).slice(-2)).toEqual([HELP_CHOICE.id, 'cmd:menu']);
  });

  it('should take "can you help me with insurance?" as about insurance, not about language help', async () => {
    const { reply } = await ask('hi, can you help me with insurance?');
    expect(ids(reply)).not.toContain('kb:up:hospital-language-help');
    expect(ids(reply)).not.toContain('kb:open:hospital-language-help');
    expect(ids(reply)).toContain('start:insurance');
  });

  it('should record the question with its language and time but no user id', async () => {
    const { store } = await ask('мой ребёнок потерял паспорт на вокзале', { lang: 'ru' });
    const [record, ...more] = declareKnowledgeCollections(store).unanswered.all();
    expect(more).toEqual([]);
    expect(record).toMatchObject({ text: 'мой ребёнок потерял паспорт на вокзале', lang: 'ru', at: '2026-11-24T10:00:00.000Z' });
    expect(JSON.stringify(record)).not.toContain('u1');
  });

  it('should keep only the most recent questions beyond the cap', async () => {
    const plugin = createKnowledgePlugin(await productKnowledge(), { unansweredCap: 3 });
    const store = new MemoryStateStore();
    for (let i = 0; i < 5; i++) await ask(`zebra question number ${i}`, { plugin, store, now: new Date(Date.UTC(2026, 10, 24, 10, i)) });
    const texts = declareKnowledgeCollections(store).unanswered.all().map((r) => r.text).sort();
    expect(texts).toEqual(['zebra question number 2', 'zebra question number 3', 'zebra question number 4']);
  });

  it('should answer at once while the question is still being recorded, and finish recording before it stops', async () => {
    const plugin = createKnowledgePlugin(await productKnowledge());
    // A store whose writes of unanswered questions wait until the test lets them through.
    let finish: () => void = () => undefined;
    const store = new (class extends MemoryStateStore {
      override collection<T extends { id: string }>(name: string, schema: z.ZodType<T>): RecordCollection<T> {
        const inner = super.collection(name, schema);
        if (name !== 'unanswered') return inner;
        return { ...inner, put: (record) => new Promise<void>((resolve) => (finish = () => void inner.put(record).then(resolve))) };
      }
    })();
    const unanswered = declareKnowledgeCollections(store).unanswered;
    const { reply } = await ask('мой ребёнок потерял паспорт на вокзале', { plugin, store, lang: 'ru' });
    expect(reply.text).toBeTruthy();
    expect(unanswered.size()).toBe(0);
    let stopped = false;
    const stopping = Promise.resolve(plugin.stop?.()).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(unanswered.all().map((r) => r.text)).toEqual(['мой ребёнок потерял паспорт на вокзале']);
  });

  it('should trim a full log a tenth below the cap in one go, keeping the newest questions', async () => {
    const plugin = createKnowledgePlugin(await productKnowledge(), { unansweredCap: 20 });
    const store = new MemoryStateStore();
    for (let i = 0; i < 21; i++) await ask(`zebra question number ${i}`, { plugin, store, now: new Date(Date.UTC(2026, 10, 24, 10, i)) });
    const texts = declareKnowledgeCollections(store).unanswered.all().map((r) => r.text);
    expect(texts).toHaveLength(18);
    expect(texts).not.toContain('zebra question number 2');
    expect(texts).toContain('zebra question number 3');
    expect(texts).toContain('zebra question number 20');
  });

  it('should mask phone and passport numbers in what it records', () => {
    expect(sanitizeQuestion('call me +86 138 0013 8000 or mail a.b@example.com, passport E12345678')).toBe('call me [number] or mail [email], passport [number]');
    expect(sanitizeQuestion('is 120 free 24 hours?')).toBe('is 120 free 24 hours?');
  });
});

describe('small talk', () => {
  it('should say what the bot can help with for out-of-scope chat, without recording it', async () => {
    for (const [text, lang] of [['what is the weather tomorrow', 'en'], ['讲个笑话吧', 'zh'], ['кто тебя создал?', 'ru']] as [string, Lang][]) {
      const { reply, failed, store } = await ask(text, { lang });
      expect(reply.text, text).not.toContain('Source');
      expect(ids(reply)).toEqual(['cmd:menu']);
      expect(failed()).toBe(false);
      expect(declareKnowledgeCollections(store).unanswered.all()).toEqual([]);
    }
  });

  it('should greet and show the menu when a greeting reaches it', async () => {
    const { replies, menuIntros } = await ask('привет', { lang: 'ru' });
    expect(menuIntros).toEqual([expect.stringContaining('Здравствуйте')]);
    expect(replies[0]?.text).toContain('MENU');
  });

  it('should pass on an empty message', async () => {
    const plugin = createKnowledgePlugin(await productKnowledge());
    expect(await plugin.answer?.(fakeTurn({ text: '' }).turn)).toBeUndefined();
  });
});

describe('feedback buttons', () => {
  it('should thank for "helpful" and count it without a user id', async () => {
    const { reply, store } = await press('kb:up:emergency-numbers');
    expect(reply.text).toContain('Thank you');
    const records = declareKnowledgeCollections(store).feedback.all();
    expect(records).toEqual([{ id: expect.any(String), article: 'emergency-numbers', vote: 'up', at: '2026-11-24T10:00:00.000Z' }]);
  });

  it('should offer a person and the menu after "not helpful"', async () => {
    const { reply, store } = await press('kb:down:visa-extension', { lang: 'zh' });
    expect(reply.text).toContain('谢谢');
    expect(ids(reply)).toEqual([HELP_CHOICE.id, 'cmd:menu']);
    expect(declareKnowledgeCollections(store).feedback.all()[0]?.vote).toBe('down');
  });

  it('should count a second press of the same button once, and a change of mind again', async () => {
    const store = new MemoryStateStore();
    const conversation = newConversation();
    await press('kb:up:emergency-er', { store, conversation });
    await press('kb:up:emergency-er', { store, conversation });
    await press('kb:down:emergency-er', { store, conversation });
    expect(declareKnowledgeCollections(store).feedback.all().map((r) => r.vote)).toEqual(['up', 'down']);
  });

  it('should keep the newest presses once many people have pressed, so the file stops growing', async () => {
    const plugin = createKnowledgePlugin(await productKnowledge(), { feedbackCap: 10 });
    const store = new MemoryStateStore();
    for (let i = 0; i < 11; i++) {
      await press('kb:up:emergency-er', { plugin, store, conversation: newConversation(), now: new Date(Date.UTC(2026, 10, 24, 10, i)) });
    }
    const kept = declareKnowledgeCollections(store).feedback.all().map((r) => r.at).sort();
    expect(kept).toHaveLength(9);
    expect(kept[0]).toBe('2026-11-24T10:02:00.000Z');
    expect(kept.at(-1)).toBe('2026-11-24T10:10:00.000Z');
  });

  it('should open a suggested topic as a full answer', async () => {
    const { reply } = await press('kb:open:hospital-fever-clinic');
    expect(reply.text).toContain('fever clinic');
    expect(ids(reply)[0]).toBe('kb:up:hospital-fever-clinic');
  });

  it('should answer politely for an article that no longer exists', async () => {
    for (const choice of ['kb:open:gone-article', 'kb:up:', 'kb:sideways:emergency-er']) {
      const { reply } = await press(choice);
      expect(reply.text, choice).toContain('no longer available');
      expect(ids(reply)).toEqual(['cmd:menu']);
    }
  });
});
