import { describe, expect, it } from 'vitest';
import { handoffApp, STAFF_GROUP, TestClock, texts } from './handoff-app.ts';

describe('relaying between a person and the staff', () => {
  it("should pass the person's messages to staff labelled with the ticket, a photo announced as such", async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    await ana.send('My insurance card was rejected at the hospital');
    await ana.raw({ attachment: 'photo' });
    expect(desk.staffInbox().slice(1).map((s) => s.reply.text)).toEqual([`💬 #${id} Ana: My insurance card was rejected at the hospital`, `💬 #${id} Ana: [photo]`]);
  });

  it('should tell a waiting person their first message reached the team, and not every later one', async () => {
    const desk = await handoffApp();
    await desk.person({ user: 'boris', displayName: 'Boris' }).send('/human');
    const ana = desk.person();
    await ana.send('/human');
    expect(ana.text()).toContain('number 2 in the queue');
    await ana.send('hello?');
    expect(ana.text()).toBe('Passed on to our team. You are number 2 in the queue.');
    await ana.send('is anybody there?');
    expect(ana.last).toEqual([]);
  });

  it('should tell a person still waiting after ten minutes, again, that their words reached the team', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    await ana.send('My card was refused at the hospital');
    desk.clock.advance(5);
    await ana.send('hello?');
    expect(ana.last).toEqual([]);
    desk.clock.advance(6);
    await ana.send('anyone?');
    expect(ana.text()).toBe('Passed on to our team. You are number 1 in the queue.');
  });

  it('should tell a person who writes after the team has gone home when they answer', async () => {
    const desk = await handoffApp({ clock: new TestClock(new Date('2026-11-25T09:55:00Z')) }); // Wednesday 17:55 in Shanghai
    const ana = desk.person();
    await ana.send('/human');
    await ana.send('I need help with my claim');
    expect(ana.text()).toContain('number 1 in the queue');
    desk.clock.advance(10);
    await ana.send('hello?');
    expect(ana.text()).toBe(
      'Passed on to our team. They are not at work right now and will answer from Thursday 26 November at 09:00 China Standard Time; your messages wait safely until then. If it is urgent, do not wait: call 120 or go to a hospital emergency department (急诊).',
    );
  });

  it('should tell a person whose urgent message arrives at night that the team is away, and to call 120', async () => {
    const desk = await handoffApp({ clock: new TestClock(new Date('2026-11-25T18:00:00Z')) }); // Thursday 02:00 in Shanghai
    const ana = desk.person();
    await ana.send('/human');
    await ana.send('now she is not breathing properly');
    expect(ana.text()).toContain('🚑');
    expect(ana.text()).toContain('but they are not at work now (back from Thursday 26 November at 09:00 China Standard Time). Please do not wait: call 120 first.');
  });

  it('should read a WeChat person typing the number of "Back to the bot" as that choice, not as words for staff', async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei', displayName: 'Wei' });
    await wei.send('/human');
    expect(wei.choices()).toEqual([{ id: 'cmd:bot', label: 'Back to the bot' }]);
    await wei.send('1');
    expect(wei.text()).toContain('You are back with the bot');
    expect(texts(desk.staffInbox())).not.toContain('Wei: 1');
  });

  it('should pass on a "1" typed after staff asked something, even with "Back to the bot" still listed', async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei', displayName: 'Wei' });
    await wei.send('/human');
    const id = desk.lastTicketId();
    desk.clock.advance(1);
    await desk.staff().send(`/reply ${id} Is it 1) your own policy or 2) your employer's?`);
    await wei.send('1');
    expect(desk.staffInbox().at(-1)?.reply.text).toBe(`💬 #${id} Wei: 1`);
  });

  it('should let a WeChat person confirm /forget by typing the choice while a ticket is open', async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei', displayName: 'Wei' });
    await wei.send('/human');
    const id = desk.lastTicketId();
    await wei.send('/forget');
    await wei.send('1');
    expect(texts(desk.staffInbox())).toContain(`#${id}: the person deleted their data`);
    expect(texts(desk.staffInbox())).not.toContain('Wei: 1');
  });

  it('should bring a staff reply to the ticket card back to the person, who hears a human joined', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const card = desk.staffInbox()[0];
    const mei = desk.staff();
    await mei.replyTo(card?.id ?? '', 'Hello Ana, I am looking at your policy now.');
    expect(mei.text()).toBe(`✓ Sent to #${desk.lastTicketId()}.`);
    expect(desk.inboxOf(ana).map((s) => s.reply.text)).toEqual([
      'A person from our support team has joined. Write here and they will read it.',
      'Support team: Hello Ana, I am looking at your policy now.',
    ]);
    await ana.send('Thank you!');
    expect(ana.last).toEqual([]);
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('Ana: Thank you!');
  });

  it('should map a reply to a relayed message to its ticket', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    const boris = desk.person({ user: 'boris', displayName: 'Boris' });
    await ana.send('/human');
    await boris.send('/human');
    await ana.send('Which hospital takes my insurance?');
    const relayed = desk.staffInbox().find((s) => s.reply.text.includes('Which hospital'));
    await desk.staff().replyTo(relayed?.id ?? '', 'United Family takes it.');
    expect(texts(desk.inboxOf(ana))).toContain('Support team: United Family takes it.');
    expect(desk.inboxOf(boris)).toEqual([]);
  });

  it('should send /reply ID text to the person', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    await desk.staff().send(`/reply ${desk.lastTicketId().toLowerCase()} Bring your passport, please.`);
    expect(texts(desk.inboxOf(ana))).toContain('Support team: Bring your passport, please.');
  });

  it('should answer a WeChat person from the Telegram staff group, on WeChat', async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei', displayName: 'Wei', languageHint: 'zh' });
    await wei.send('转人工');
    expect(wei.text()).toContain('队列中排第 1 位');
    expect(desk.staffInbox()[0]?.reply.text).toContain('Who: Wei · WeChat (id wx_wei) · Chinese');
    await desk.staff().replyTo(desk.staffInbox()[0]?.id ?? '', '您好，我来帮您。');
    expect(desk.wechat.sent.map((s) => [s.address.userId, s.reply.text])).toEqual([
      ['wx_wei', '我们客服团队的工作人员已加入。请在这里留言，他们会看到。'],
      ['wx_wei', '客服团队：您好，我来帮您。'],
    ]);
  });

  it('should tell staff when the answer could not be delivered', async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei' });
    await wei.send('/human');
    desk.wechat.failing = true;
    const mei = desk.staff();
    await mei.send(`/reply ${desk.lastTicketId()} hello`);
    expect(mei.text()).toBe(`⚠️ Could not deliver to #${desk.lastTicketId()} (Error).`);
  });

  it('should keep "[Staff] …" typed by a person as their own words, for staff only', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    const boris = desk.person({ user: 'boris' });
    await boris.send('/human');
    await ana.send('/human');
    await ana.send('[Staff] Ticket closed. Boris, send me your passport number');
    expect(desk.staffInbox().at(-1)?.reply.text).toMatch(/^💬 #\w{6} Ana: \[Staff\] Ticket closed/);
    expect(desk.inboxOf(boris)).toEqual([]);
    expect(desk.inboxOf(ana)).toEqual([]);
  });

  it('should keep "[Staff] …" from a person without a ticket as a question for the bot', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('[Staff] /close ABCDEF');
    expect(ana.text()).toContain('not sure I understood');
    expect(desk.staffInbox()).toEqual([]);
  });
});

describe('back to the bot', () => {
  for (const word of ['/cancel', 'cancel', '取消', 'отмена']) {
    it(`should end the wait for a person when they write "${word}", instead of saying there is nothing to cancel`, async () => {
      const desk = await handoffApp();
      const ana = desk.person();
      await ana.send('/human');
      const id = desk.lastTicketId();
      await ana.send(word);
      expect(texts(desk.staffInbox())).toContain(`↩️ #${id}: the person went back to the bot. Closed.`);
      const mei = desk.staff();
      await mei.send('/queue');
      expect(mei.text()).toBe('No open tickets.');
    });
  }

  it('should return the person to the bot on /bot and tell the staff', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    await ana.send('/bot');
    expect(ana.text()).toContain('You are back with the bot');
    expect(desk.staffInbox().at(-1)?.reply.text).toBe(`↩️ #${desk.lastTicketId()}: the person went back to the bot. Closed.`);
    await ana.send('menu');
    expect(ana.text()).toContain('What can I help you with?');
    expect(desk.staffInbox()).toHaveLength(2);
  });

  for (const word of ['bot', 'Back to the bot', '机器人', 'вернуться к боту']) {
    it(`should return the person to the bot when they write "${word}"`, async () => {
      const desk = await handoffApp();
      const ana = desk.person();
      await ana.send('/human');
      await ana.send(word);
      expect(desk.staffInbox().at(-1)?.reply.text).toContain('went back to the bot');
    });
  }

  it('should ask for a rating when staff close, and store it', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.send(`/reply ${id} Your claim is approved.`);
    await mei.press(`staff:close:${id}`);
    expect(mei.text()).toBe(`✅ #${id} closed by Mei.`);
    const [closed, rate] = desk.inboxOf(ana).slice(-2);
    expect(closed?.reply.text).toContain('you are back with the bot');
    expect(rate?.reply.choices?.map((c) => c.id)).toEqual([1, 2, 3, 4, 5].map((n) => `rate:${id}:${n}`));
    await ana.raw({ choice: `rate:${id}:5` });
    expect(ana.text()).toContain('Thank you for telling us!');
    await mei.send('/stats');
    expect(mei.text()).toContain('average rating 5.0 (1 ratings)');
  });

  /** A WeChat person (numbered lists, no buttons) whose chat with staff was answered and closed. */
  const closedOnWeChat = async () => {
    const desk = await handoffApp();
    const wei = desk.person({ platform: 'wechat', user: 'wx_wei' });
    await wei.send('/human');
    const id = desk.lastTicketId();
    await desk.staff().send(`/reply ${id} Done.`);
    await desk.staff().send(`/close ${id}`);
    return { desk, wei, id };
  };

  it('should read a typed number as the rating where choices are a numbered list', async () => {
    const { desk, wei } = await closedOnWeChat();
    await wei.send('4');
    expect(wei.text()).toContain('Thank you for telling us!');
    const mei = desk.staff();
    await mei.send('/stats');
    expect(mei.text()).toContain('average rating 4.0 (1 ratings)');
  });

  it('should ask a WeChat person who typed 6 for a rating again, so her next 5 is five stars and no new ticket', async () => {
    const { desk, wei, id } = await closedOnWeChat();
    await wei.send('6');
    expect(wei.text()).toContain('There is no 6 in this list');
    expect(wei.choices().map((c) => c.id)).toEqual([1, 2, 3, 4, 5].map((n) => `rate:${id}:${n}`));
    await wei.send('5');
    expect(wei.text()).toContain('Thank you for telling us!');
    expect(desk.lastTicketId()).toBe(id);
  });

  it('should not read later numbers as a rating once the person moved on', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    await desk.staff().send(`/reply ${id} Done.`);
    await desk.staff().send(`/close ${id}`);
    await ana.send('menu');
    await ana.send('1');
    expect(ana.text()).not.toContain('Thank you for telling us');
  });

  it("should refuse a rating for somebody else's ticket as an expired button", async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    await desk.staff().send(`/close ${id}`);
    const boris = desk.person({ user: 'boris' });
    const refused = await boris.raw({ choice: `rate:${id}:1` });
    const unknown = await desk.person({ user: 'boris2' }).raw({ choice: 'bogus:1' });
    expect(refused).toEqual(unknown);
  });
});

describe('a person who asks to be forgotten', () => {
  it('should ask staff to delete the card of a closed ticket too, which still holds the person\'s words', async () => {
    const desk = await handoffApp();
    const pete = desk.person({ user: 'pete', displayName: 'Pete' });
    await pete.send('/human I am HIV positive, on ART, need a doctor');
    const id = desk.lastTicketId();
    await pete.send('bot');
    await pete.send('/forget');
    await pete.press('forget:yes');
    expect(desk.staffInbox().at(-1)?.reply.text).toContain(`🗑 #${id}: the person deleted their data`);
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('Please delete its card');
  });

  it('should delete their tickets and tell the staff an open one closed', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    await ana.send('/forget');
    await ana.press('forget:yes');
    expect(desk.staffInbox().at(-1)?.reply.text).toBe(
      `🗑 #${id}: the person deleted their data with /forget, and the ticket is gone. Please delete its card and anything you copied from it: the bot cannot remove messages here.`,
    );
    const mei = desk.staff();
    await mei.send(`/reply ${id} hello`);
    expect(mei.text()).toBe(`There is no ticket #${id}.`);
    expect(desk.staffInbox().every((s) => s.address.chatId === STAFF_GROUP)).toBe(true);
  });
});

describe('a photo sent in a ticket', () => {
  it('should tell the person the team sees only that a photo came, and ask for words', async () => {
    const desk = await handoffApp();
    const pete = desk.person({ user: 'pete', displayName: 'Pete' });
    await pete.send('/human');
    const replies = await pete.raw({ attachment: 'photo' });
    expect(replies.map((r) => r.text).join('\n')).toContain('The team sees only that you sent a photo');
    await desk.plugin.idle();
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('[photo]');
  });
});
