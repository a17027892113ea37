import { describe, expect, it } from 'vitest';
import { person, testApp } from '../helpers/app.ts';
import { handoffApp, STAFF_GROUP, TestClock, texts } from './handoff-app.ts';

describe('asking for a human', () => {
  it('should open a ticket on /human, post a card to staff and tell the person their place', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    expect(ana.text()).toContain('number 1 in the queue');
    expect(ana.choices().map((c) => c.id)).toEqual(['cmd:bot']);
    const [card] = desk.staffInbox();
    expect(card?.address).toMatchObject({ platform: 'telegram', chatId: STAFF_GROUP });
    expect(card?.reply.text).toMatch(/Ticket #\w{6}/);
    expect(card?.reply.text).toContain('Who: Ana · Telegram (id ana) · English');
    expect(card?.reply.choices?.map((c) => c.id)).toEqual([`staff:claim:${desk.lastTicketId()}`, `staff:close:${desk.lastTicketId()}`]);
    expect(card?.reply.text).toContain(`/claim ${desk.lastTicketId()}`);
  });

  it('should put the recent transcript and the flow answers so far on the card', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.press('My own treatment');
    await ana.send('talk to a human');
    const card = texts(desk.staffInbox());
    expect(card).toContain('Answers so far (trip):');
    expect(card).toContain('• purpose: treatment');
    expect(card).toContain('👤 menu');
    expect(card).toContain('👤 talk to a human');
  });

  it('should put the consultation brief and checklist kept for the person on the card', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('hello');
    const key = 'telegram:chat-ana:ana';
    const stored = await desk.app.store.conversations.get(key);
    if (!stored) throw new Error('no conversation');
    stored.extras = { brief: { format: 1, text: 'Consultation brief\nSymptoms: headache for 3 days' }, checklist: { version: 1, done: ['passport'] } };
    await desk.app.store.conversations.put(stored);
    await ana.send('/human');
    const card = texts(desk.staffInbox());
    expect(card).toContain('• brief: Consultation brief ⏎ Symptoms: headache for 3 days');
    expect(card).toContain('• checklist: {"version":1,"done":["passport"]}');
  });

  it('should offer "talk to a person" with a fallback, a flow result and the menu', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('qwzx blorp');
    expect(ana.choices().map((c) => c.id)).toContain('cmd:human');
    await ana.send('menu');
    expect(ana.choices().map((c) => c.id)).toContain('cmd:human');
    await ana.press('Trip planner');
    for (const answer of ['1', '1', 'Done', 'yes', '5', 'skip']) await ana.send(answer);
    expect(ana.choices().map((c) => c.id)).toContain('cmd:human');
    await ana.press('cmd:human');
    expect(ana.text()).toContain('number 1 in the queue');
  });

  it('should offer a person at once to an expat whose question no article answers', async () => {
    const app = await testApp({ env: { STAFF_TELEGRAM_CHAT_ID: STAFF_GROUP, STAFF_USER_IDS: 'telegram:900' } });
    const zoe = person(app, { platform: 'telegram', user: 'zoe' });
    await zoe.send('Which insurance covers laser eye surgery here?');
    expect(zoe.text()).toContain('not sure');
    expect(zoe.choices().map((c) => c.id).slice(-2)).toEqual(['cmd:human', 'cmd:menu']);
  });

  it('should not offer a human when no staff channel is configured', async () => {
    const desk = await handoffApp({ env: { STAFF_TELEGRAM_CHAT_ID: '' } });
    const ana = desk.person();
    await ana.send('menu');
    expect(ana.choices().map((c) => c.id)).not.toContain('cmd:human');
    await ana.send('/human');
    expect(ana.text()).toContain('no one from our support team can be reached');
    // Not a dead end: who can help with their own case.
    expect(ana.text()).toContain("your hospital's international department");
  });

  it('should tell someone who asks for a real person in a sentence that no one can be reached, when no staff are set up', async () => {
    const desk = await handoffApp({ env: { STAFF_TELEGRAM_CHAT_ID: '' } });
    const ana = desk.person();
    await ana.send('real person please');
    expect(ana.text()).toContain('no one from our support team can be reached');
    await ana.send('我要转人工');
    expect(ana.text()).toContain('联系不上我们的客服团队');
  });

  const asks: [string, string, RegExp][] = [
    ['en', 'Can I talk to a real person please?', /number 1 in the queue/],
    ['en', 'operator', /number 1 in the queue/],
    ['zh', '人工', /队列中排第 1 位/],
    ['zh', '我要转人工', /队列中排第 1 位/],
    ['zh', '人工客服', /队列中排第 1 位/],
    ['ru', 'оператор', /1-й в очереди/],
    ['ru', 'Позовите оператора, пожалуйста', /1-й в очереди/],
    ['ru', 'хочу поговорить с живым человеком', /1-й в очереди/],
    ['en', 'human pls', /number 1 in the queue/],
    ['ru', 'позовите человека', /1-й в очереди/],
    ['zh', '有真人吗', /队列中排第 1 位/],
  ];
  for (const [lang, text, expected] of asks) {
    it(`should open a ticket for "${text}" (${lang})`, async () => {
      const desk = await handoffApp();
      const ana = desk.person();
      await ana.send(text);
      expect(ana.text()).toMatch(expected);
      expect(desk.staffInbox()).toHaveLength(1);
    });
  }

  const questions = [
    'A person at the hospital told me to bring my passport, what else do I need?',
    'Does my insurance cover a person who is not employed?',
    '人工授精在中国的费用是多少',
    'мой оператор связи не работает в Китае, что делать с интернетом',
  ];
  for (const text of questions) {
    it(`should leave a question that only mentions people to the bot: "${text}"`, async () => {
      const desk = await handoffApp();
      await desk.person().send(text);
      expect(desk.staffInbox()).toEqual([]);
    });
  }

  it('should answer "are you a real person?" as a question about the bot, and open no ticket', async () => {
    const desk = await handoffApp();
    const tom = desk.person();
    await tom.send('are you a real person?');
    expect(tom.text()).toContain('automated assistant');
    expect(desk.staffInbox()).toEqual([]);
  });

  it('should offer a human after two failed attempts in a row, without opening a ticket', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('qwzx blorp');
    await ana.send('zzkq vlarf');
    expect(ana.text()).toContain('Would you like a person from our support team');
    expect(ana.last.at(-1)?.choices?.map((c) => c.id)).toEqual(['cmd:human', 'cmd:menu']);
    expect(desk.staffInbox()).toEqual([]);
    await ana.press('Talk to a person');
    expect(desk.staffInbox()).toHaveLength(1);
  });

  it('should take a typed "yes" to the offer of a person as accepting it', async () => {
    const desk = await handoffApp();
    const dad = desk.person();
    await dad.send('qwzx blorp');
    await dad.send('zzkq vlarf');
    await dad.send('yes');
    expect(dad.text()).toContain('I have asked our support team to join');
    expect(desk.staffInbox()).toHaveLength(1);
  });

  it('should say in the offer of a person at night when the team answers, and to call 120 if urgent', async () => {
    const desk = await handoffApp({ clock: new TestClock(new Date('2026-11-25T18:00:00Z')) }); // Thursday 02:00 in Shanghai
    const dad = desk.person();
    await dad.send('qwzx blorp');
    await dad.send('zzkq vlarf');
    expect(dad.text()).toContain('They are not at work right now and will answer from Thursday 26 November at 09:00 China Standard Time; if it is urgent, call 120.');
  });

  it('should say so when a person with an open ticket asks again', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    await ana.send('/human');
    expect(ana.text()).toContain('already waiting for our team: number 1');
    expect(desk.staffInbox()).toHaveLength(1);
  });
});

describe('what a person types with /human', () => {
  it('should put the words after /human on the card, as the person\'s question for staff', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human my claim was rejected, policy AXA 778');
    await desk.plugin.idle();
    expect(texts(desk.staffInbox())).toContain('my claim was rejected, policy AXA 778');
  });

  it('should relay the words after /human from a person already waiting, not drop them', async () => {
    const desk = await handoffApp();
    const noor = desk.person();
    await noor.send('/human');
    await noor.send('/human I still need help with my claim');
    await desk.plugin.idle();
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('I still need help with my claim');
  });
});

describe('an emergency', () => {
  it('should let a person the emergency put in a ticket go back with "menu", as the card tells them', async () => {
    const desk = await handoffApp();
    const eva = desk.person();
    await eva.send('I think I am having a stroke, my face is drooping');
    await eva.send('menu');
    expect(eva.choices().map((c) => c.id)).toContain('start:trip');
    await desk.plugin.idle();
    expect(texts(desk.staffInbox())).toContain('went back to the bot');
  });

  it('should not raise the alarm again when the person says the ambulance has arrived', async () => {
    const desk = await handoffApp();
    const ivan = desk.person({ languageHint: 'ru' });
    await ivan.send('у моего мужа сильная боль в груди и он не может дышать');
    const replies = await ivan.send('спасибо, скорая приехала');
    expect(replies.map((r) => r.text).join('\n')).not.toContain('Срочно звоните');
  });

  it('should give 120 first, then open an urgent ticket and say so', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    const replies = await ana.send('my husband has chest pain and cannot breathe');
    expect(replies[0]?.text).toContain('120');
    expect(replies.at(-1)?.text).toContain('alerted our support team and marked it urgent');
    await desk.plugin.idle();
    const card = texts(desk.staffInbox());
    expect(card).toContain('🚨 URGENT');
    expect(card).toContain('Why: emergency');
    expect(card).toContain('chest pain');
  });

  it('should relay an emergency from a person already talking to staff, marked urgent', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const replies = await ana.send('I cannot breathe');
    expect(replies[0]?.text).toContain('120');
    expect(replies.at(-1)?.text).toContain('marked this as urgent');
    await desk.plugin.idle();
    expect(desk.staffInbox().at(-1)?.reply.text).toMatch(/^🚨 #\w{6} Ana: I cannot breathe$/);
    expect(desk.staffInbox().filter((s) => s.reply.text.includes('Ticket #'))).toHaveLength(1);
  });

  it('should not hold the guidance back while a slow staff channel takes the card', async () => {
    const desk = await handoffApp();
    const release = desk.telegram.hold();
    const replies = await desk.person().send('I cannot breathe');
    expect(replies[0]?.text).toContain('120');
    expect(desk.staffInbox()).toEqual([]);
    release();
    await desk.plugin.idle();
    expect(desk.staffInbox()[0]?.reply).toMatchObject({ urgent: true });
  });

  it('should still give the guidance when no staff are configured', async () => {
    const desk = await handoffApp({ env: { STAFF_TELEGRAM_CHAT_ID: '' } });
    const replies = await desk.person().send('I cannot breathe');
    expect(replies[0]?.text).toContain('120');
    expect(desk.staffInbox()).toEqual([]);
  });
});

describe('a ticket from a group chat', () => {
  it('should warn staff on the card that everyone in the group reads their answers', async () => {
    const desk = await handoffApp();
    await desk.person({ user: 'yuri', chat: '-555', displayName: 'Yuri' }).raw({ text: '/human', chatType: 'group' });
    await desk.plugin.idle();
    expect(texts(desk.staffInbox())).toContain('From a group chat: everyone in it reads your answers');
  });

  it('should not warn about a private chat', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    await desk.plugin.idle();
    expect(texts(desk.staffInbox())).not.toContain('From a group chat');
  });
});

describe('no staff configured', () => {
  it('should tell a person asking for a human that nobody can be reached, and to call 120 in an emergency', async () => {
    const ana = person(await testApp());
    await ana.send('/human');
    expect(ana.text()).toContain('no one from our support team can be reached');
    expect(ana.text()).toContain('call 120');
  });
});
