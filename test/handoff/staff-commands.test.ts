import { describe, expect, it } from 'vitest';
import { handoffApp, STAFF_GROUP, STAFF_ID, texts } from './handoff-app.ts';

describe('staff commands', () => {
  it('should list open tickets on /queue, urgent first, with their age and last words', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const first = desk.lastTicketId();
    desk.clock.advance(75);
    await desk.person({ user: 'wx_wei', platform: 'wechat', displayName: 'Wei', languageHint: 'zh' }).send('我呼吸困难');
    await desk.plugin.idle();
    const second = desk.lastTicketId();
    desk.clock.advance(5);
    const mei = desk.staff();
    await mei.send('/queue');
    expect(mei.text()).toBe(
      [`Open tickets: 2`, `#${second} · waiting · 5 min · 🚨 · Wei · WeChat · Chinese: “我呼吸困难”`, `#${first} · waiting · 1 h 20 min · Ana · Telegram · English: “–”`].join('\n'),
    );
  });

  it('should show staff their own commands on /help in the staff group, not the person\'s menu', async () => {
    const mei = (await handoffApp()).staff();
    await mei.send('/help');
    expect(mei.text()).toContain('/queue');
    expect(mei.text()).toContain('/reply ID text');
    expect(mei.as.choices()).toEqual([]);
  });

  it('should say so when the queue is empty', async () => {
    const mei = (await handoffApp()).staff();
    await mei.send('/queue');
    expect(mei.text()).toBe('No open tickets.');
  });

  it('should claim a ticket by command or button, once', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.press(`staff:claim:${id}`);
    expect(mei.text()).toBe(`✋ #${id} claimed by Mei.`);
    expect(texts(desk.inboxOf(ana))).toContain('A person from our support team has joined');
    const oleg = desk.staff({ user: 'wx_staff', platform: 'wechat', chat: 'room-1', displayName: 'Oleg' });
    await oleg.send(`/claim ${id}`);
    expect(oleg.text()).toBe(`#${id} is already claimed by Mei. To take it over, ask them to /release ${id}; /reply ${id} text still answers the person.`);
    await ana.send('/human');
    expect(ana.text()).toContain('already with you');
  });

  it('should give a ticket two colleagues claim at the same moment to one of them, and tell the person once', async () => {
    const desk = await handoffApp({ env: { STAFF_USER_IDS: 'telegram:900,telegram:901' } });
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    const sasha = desk.staff({ user: '901', displayName: 'Sasha' });
    const [forMei, forSasha] = await Promise.all([mei.press(`staff:claim:${id}`), sasha.press(`staff:claim:${id}`)]);
    expect([forMei[0]?.text, forSasha[0]?.text]).toEqual([`✋ #${id} claimed by Mei.`, expect.stringContaining(`#${id} is already claimed by Mei.`)]);
    expect(desk.inboxOf(ana).filter((s) => s.reply.text.includes('has joined'))).toHaveLength(1);
  });

  it('should let a staff member hand a claimed ticket back with /release, for a colleague to claim', async () => {
    const desk = await handoffApp({ env: { STAFF_USER_IDS: 'telegram:900,telegram:901' } });
    await desk.person().send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.send(`/claim ${id}`);
    await mei.send(`/release ${id}`);
    expect(mei.text()).toBe(`↩️ #${id} is back in the queue (released by Mei).`);
    await desk.plugin.idle();
    expect(desk.staffInbox().filter((s) => s.reply.text.startsWith(`🆕 Ticket #${id}`))).toHaveLength(2);
    const sasha = desk.staff({ user: '901', displayName: 'Sasha' });
    await sasha.send(`/claim ${id}`);
    expect(sasha.text()).toBe(`✋ #${id} claimed by Sasha.`);
    await sasha.send('/queue');
    expect(sasha.text()).toContain(`#${id} · claimed by Sasha`);
  });

  it('should list a person who switched to English in the ticket as English from then on', async () => {
    const desk = await handoffApp();
    const anna = desk.person({ languageHint: 'ru', displayName: 'Anna' });
    await anna.send('/human');
    await anna.send('/language en');
    await anna.send('my claim was refused');
    const mei = desk.staff();
    await mei.send('/queue');
    expect(mei.text()).toContain('Anna · Telegram · English');
  });

  it('should say a ticket that nobody claimed cannot be released', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.send(`/release ${id}`);
    expect(mei.text()).toBe(`#${id} is not claimed by anyone: /claim ${id} takes it.`);
  });

  it("should answer a staff member's mistyped command with the staff commands, not the person's menu", async () => {
    const mei = (await handoffApp()).staff();
    await mei.send('/quene');
    expect(mei.text()).toMatch(/^I do not know \/quene\.\n\nStaff commands here:/);
    expect(mei.as.choices()).toEqual([]);
    await mei.send('/cliam ABCDEF');
    expect(mei.text()).not.toContain('120');
  });

  it("should tell a staff member whose reply went to a bot message that is not a ticket's that nothing was passed on", async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const mei = desk.staff();
    await mei.replyTo('4242', 'Ana, can you send me your passport number?');
    expect(mei.text()).toContain('That message is not part of a ticket, so nothing was passed on.');
    expect(desk.inboxOf(ana)).toEqual([]);
  });

  it('should keep a /note for staff and never send it to the person', async () => {
    const desk = await handoffApp({ env: { STAFF_REMIND_MINUTES: '10' } });
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.send(`/note ${id} Policy number checked, it is valid`);
    expect(mei.text()).toBe(`📝 Note added to #${id} (the person does not see it).`);
    expect(desk.inboxOf(ana)).toEqual([]);
    desk.clock.advance(10);
    await desk.plugin.remindNow();
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('📝 Mei: Policy number checked, it is valid');
  });

  it('should close with /close and refuse to act on a closed ticket', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.send(`/close ${id}`);
    expect(texts(desk.inboxOf(ana))).toBe('Our support team has finished this chat, and you are back with the bot. Thank you for writing!');
    await mei.send(`/reply ${id} one more thing`);
    expect(mei.text()).toBe(`#${id} is closed; the person is back with the bot.`);
    await ana.send('menu');
    expect(ana.text()).toContain('What can I help you with?');
  });

  it('should explain usage and unknown ids', async () => {
    const desk = await handoffApp();
    const mei = desk.staff();
    await mei.send('/reply');
    expect(mei.text()).toBe('Use: /reply ID text');
    await mei.send('/claim ZZZZZZ');
    expect(mei.text()).toBe('There is no ticket #ZZZZZZ.');
    await mei.send('/close not-an-id');
    expect(mei.text()).toBe('There is no ticket #not-an-id.');
  });

  it('should count today and the median time to a first answer on /stats', async () => {
    const desk = await handoffApp();
    const mei = desk.staff();
    for (const [user, minutes] of [['a', 4], ['b', 10], ['c', 30]] as const) {
      await desk.person({ user }).send('/human');
      desk.clock.advance(minutes);
      await mei.send(`/reply ${desk.lastTicketId()} hello`);
    }
    await mei.send(`/close ${desk.lastTicketId()}`);
    await mei.send('/stats');
    expect(mei.text()).toBe(
      'Today (Asia/Shanghai): 3 opened, 1 closed.\nLast 30 days: median time to first answer 10 min (3 tickets); average rating – (0 ratings).',
    );
  });

  it('should stay silent on staff talking among themselves in the staff group', async () => {
    const desk = await handoffApp();
    const mei = desk.staff();
    expect(await mei.send('lunch at 12?')).toEqual([]);
    expect(await mei.send('人工')).toEqual([]);
    expect(await desk.staff({ user: 'visitor' }).send('hello everyone')).toEqual([]);
  });

  it('should relay a staff answer that contains emergency words', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const mei = desk.staff();
    const replies = await mei.send(`/reply ${desk.lastTicketId()} If the chest pain comes back, call 120 at once.`);
    expect(texts(desk.inboxOf(ana))).toContain('Support team: If the chest pain comes back, call 120 at once.');
    expect(replies.at(-1)?.text).toBe(`✓ Sent to #${desk.lastTicketId()}.`);
    expect(desk.staffInbox().filter((s) => s.reply.text.includes('Ticket #'))).toHaveLength(1);
  });
});

describe('security', () => {
  const staffCommands = ['/queue', '/claim ABCDEF', '/reply ABCDEF hi', '/note ABCDEF hi', '/close ABCDEF', '/stats'];

  for (const command of staffCommands) {
    it(`should answer "${command}" from a person exactly as an unknown command`, async () => {
      const desk = await handoffApp();
      const ana = desk.person();
      await ana.send('/human');
      const refused = await desk.person({ user: 'eve' }).send(command.replace('ABCDEF', desk.lastTicketId()));
      const unknown = await desk.person({ user: 'eve2' }).send('/teleport');
      expect(refused).toEqual(unknown);
      expect(desk.inboxOf(ana)).toEqual([]);
    });
  }

  it('should refuse staff commands from a member of the staff group who is not on the staff list, and tell her how to get on it', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const id = desk.lastTicketId();
    const stranger = desk.staff({ user: 'stranger' });
    const refused = await stranger.send(`/reply ${id} give me your passport`);
    expect(refused.map((r) => r.text)).toEqual([
      "Only the support team's list can use staff commands, and you are not on it yet. To be added, send whoever runs the bot your id: telegram:stranger (it goes into STAFF_USER_IDS).",
    ]);
    const answered = await stranger.replyTo(desk.staffInbox()[0]?.id ?? '', 'hi from a stranger');
    expect(answered.map((r) => r.text).join('\n')).toContain('Not sent to the person');
    expect(desk.inboxOf(desk.person())).toEqual([]);
  });

  it("should not let a member of the staff group who is not on the staff list claim a ticket with its card's button", async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const id = desk.lastTicketId();
    const stranger = desk.staff({ user: 'stranger' });
    const refused = await stranger.press(`staff:claim:${id}`);
    expect(refused[0]?.text).toContain('you are not on it yet');
    const mei = desk.staff();
    await mei.send('/queue');
    expect(mei.text()).toContain(`#${id} · waiting`);
    expect(desk.inboxOf(desk.person())).toEqual([]);
  });

  it("should treat a person pressing a ticket's Claim button as an expired choice", async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    const eve = desk.person({ user: 'eve' });
    const refused = await eve.raw({ choice: `staff:claim:${id}` });
    const unknown = await desk.person({ user: 'eve2' }).raw({ choice: 'bogus:thing' });
    expect(refused).toEqual(unknown);
    await eve.raw({ choice: `staff:close:${id}` });
    const mei = desk.staff();
    await mei.send('/queue');
    expect(mei.text()).toContain(`#${id} · waiting`);
  });

  it('should let a person in a relay type a staff command only to get the unknown-command reply', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    await ana.send(`/close ${desk.lastTicketId()}`);
    expect(ana.text()).toContain('I do not know that command');
    expect(desk.staffInbox()).toHaveLength(1);
  });

  it('should not let a reply to a staff card from outside the staff group reach anyone', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    await ana.send('/human');
    const eve = desk.person({ user: 'eve' });
    await eve.raw({ text: 'I am staff, your visa is denied', replyTo: desk.staffInbox()[0]?.id ?? '' });
    expect(desk.inboxOf(ana)).toEqual([]);
  });

  it('should never show staff ids, staff names or ticket ids to the person', async () => {
    const desk = await handoffApp();
    const ana = desk.person();
    const seen: string[] = [];
    seen.push(...(await ana.send('/human')).map((r) => r.text));
    const id = desk.lastTicketId();
    const mei = desk.staff();
    await mei.press(`staff:claim:${id}`);
    await mei.send(`/reply ${id} Hello`);
    seen.push(...(await ana.send('thanks')).map((r) => r.text));
    await mei.send(`/close ${id}`);
    seen.push(...desk.inboxOf(ana).map((s) => s.reply.text));
    const all = seen.join('\n');
    for (const secret of [STAFF_ID, STAFF_GROUP, 'Mei', id, 'telegram:']) expect(all).not.toContain(secret);
  });
});

describe('a busy agent working from the cards', () => {
  it('should close the ticket whose card a /close replies to, with no id typed', async () => {
    const desk = await handoffApp();
    const kim = desk.person({ user: 'kim', displayName: 'Kim' });
    await kim.send('/human need an invoice for my clinic visit');
    const card = desk.staffInbox().findLast((s) => s.reply.text.includes('Ticket #'));
    const lena = desk.staff();
    await lena.replyTo(card?.id ?? '', '/close');
    expect(lena.text()).not.toContain('Use:');
    expect(desk.inboxOf(kim).map((s) => s.reply.text).join('\n')).toContain('finished');
  });

  it('should close the ticket whose card a WeChat agent quotes with /close', async () => {
    const desk = await handoffApp();
    const kim = desk.person({ user: 'kim', displayName: 'Kim' });
    await kim.send('/human need an invoice for my clinic visit');
    const card = desk.staffInbox().findLast((s) => s.reply.text.includes('Ticket #'));
    const lena = desk.staff();
    await lena.quote(card?.reply.text ?? '', '/close');
    expect(lena.text()).not.toContain('Use:');
    expect(desk.inboxOf(kim).map((s) => s.reply.text).join('\n')).toContain('finished');
  });

  it('should send nothing when an agent quotes the queue, which names two tickets, and say so', async () => {
    const desk = await handoffApp();
    const kim = desk.person({ user: 'kim', displayName: 'Kim' });
    const ole = desk.person({ user: 'ole', displayName: 'Ole' });
    await kim.send('/human');
    await ole.send('/human');
    const lena = desk.staff();
    const queue = (await lena.send('/queue')).map((r) => r.text).join('\n');
    const answer = await lena.quote(queue, 'Hello, I am here');
    expect(answer.map((r) => r.text).join('\n')).toContain('not part of a ticket');
    expect(desk.inboxOf(kim).map((s) => s.reply.text).join('\n')).not.toContain('Hello, I am here');
    expect(desk.inboxOf(ole).map((s) => s.reply.text).join('\n')).not.toContain('Hello, I am here');
  });

  it('should keep a note sent as a reply to a card on that ticket, all of its words', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const card = desk.staffInbox().findLast((s) => s.reply.text.includes('Ticket #'));
    const lena = desk.staff();
    await lena.replyTo(card?.id ?? '', '/note VIP client');
    expect(lena.text()).not.toContain('There is no ticket');
  });

  it('should tell a colleague not on the list that the answer to a card was not sent, and not send it', async () => {
    const desk = await handoffApp();
    const john = desk.person({ user: 'john', displayName: 'John' });
    await john.send('/human');
    const card = desk.staffInbox().findLast((s) => s.reply.text.includes('Ticket #'));
    const tom = desk.staff({ user: '303', displayName: 'Tom' });
    await tom.replyTo(card?.id ?? '', 'Hi John, I can help');
    expect(tom.text()).toContain('Not sent to the person');
    expect(tom.text()).toContain('telegram:303');
    expect(desk.inboxOf(john).map((s) => s.reply.text).join('\n')).not.toContain('I can help');
  });

  it('should answer a mistyped command from a colleague not on the list with how to get on it, not the person\'s menu', async () => {
    const desk = await handoffApp();
    const tom = desk.staff({ user: '303', displayName: 'Tom' });
    await tom.send('/hlep');
    expect(tom.text()).toContain('you are not on it yet');
    expect(tom.as.choices()).toEqual([]);
  });
});

describe('the Close button on a card', () => {
  /** Chloe waits in a ticket nobody has answered; Lena has just pressed its Close button. */
  const closePressed = async () => {
    const desk = await handoffApp();
    const chloe = desk.person({ user: 'chloe', displayName: 'Chloe' });
    await chloe.send('/human');
    const id = desk.lastTicketId();
    const lena = desk.staff();
    await lena.press(`staff:close:${id}`);
    return { desk, chloe, id, lena };
  };

  it('should ask before closing a ticket nobody has answered, and close nothing yet', async () => {
    const { desk, chloe, id, lena } = await closePressed();
    expect(lena.text()).toContain(`Close #${id}? Nobody has answered this person yet`);
    expect(desk.inboxOf(chloe)).toEqual([]);
    await lena.press(`staff:keep:${id}`);
    expect(lena.text()).toBe(`#${id} stays open.`);
    expect(desk.inboxOf(chloe)).toEqual([]);
  });

  it('should close it once she confirms', async () => {
    const { desk, chloe, id, lena } = await closePressed();
    await lena.press(`staff:closeYes:${id}`);
    expect(lena.text()).toContain(`#${id} closed`);
    expect(desk.inboxOf(chloe).map((s) => s.reply.text).join('\n')).toContain('finished this chat');
  });
});
