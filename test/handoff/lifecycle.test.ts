import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isHandoffPlugin } from '../../src/handoff/handoff-plugin.ts';
import { tempDir } from '../helpers/app.ts';
import { handoffApp, TestClock, texts } from './handoff-app.ts';

/** Friday 27 November 2026, 19:00 in Shanghai: after hours, back on Monday. */
const FRIDAY_EVENING = new Date('2026-11-27T11:00:00Z');

describe('outside staff hours', () => {
  it('should tell the person when to expect an answer, and keep the ticket waiting', async () => {
    const desk = await handoffApp({ clock: new TestClock(FRIDAY_EVENING) });
    const ana = desk.person();
    await ana.send('/human');
    expect(ana.text()).toContain('They are not at work right now and will answer from Monday 30 November at 09:00 China Standard Time.');
    expect(desk.staffInbox()[0]?.reply.text).toContain('Outside staff hours: the person was told you answer from Monday 30 November at 09:00 China Standard Time.');
    const mei = desk.staff();
    await mei.send('/queue');
    expect(mei.text()).toContain('waiting');
  });

  it('should say it in Russian to a Russian speaker', async () => {
    const desk = await handoffApp({ clock: new TestClock(FRIDAY_EVENING) });
    const olga = desk.person({ user: 'olga', languageHint: 'ru' });
    await olga.send('оператор');
    expect(olga.text()).toContain('ответ можно ждать: понедельник, 30 ноября в 09:00');
  });

  it('should use the configured hours and zone', async () => {
    const desk = await handoffApp({ clock: new TestClock(FRIDAY_EVENING), env: { STAFF_HOURS: 'Mon-Sat 10:00-16:00 Europe/Moscow' } });
    const ana = desk.person();
    await ana.send('/human');
    expect(ana.text()).toContain('number 1 in the queue');
  });
});

describe('reminders', () => {
  it('should post a ticket again once it has waited STAFF_REMIND_MINUTES, and not before', async () => {
    const desk = await handoffApp({ env: { STAFF_REMIND_MINUTES: '15' } });
    await desk.person().send('/human');
    desk.clock.advance(14);
    expect(await desk.plugin.remindNow()).toBe(0);
    desk.clock.advance(1);
    expect(await desk.plugin.remindNow()).toBe(1);
    expect(desk.staffInbox().at(-1)?.reply.text).toMatch(/^⏰ Still waiting \(15 min\): ticket #\w{6}/);
    expect(await desk.plugin.remindNow()).toBe(0);
    desk.clock.advance(15);
    expect(await desk.plugin.remindNow()).toBe(1);
  });

  it('should remind about many waiting tickets in one message, not one card each', async () => {
    const desk = await handoffApp({ env: { STAFF_REMIND_MINUTES: '15' } });
    for (const name of ['Ana', 'Boris', 'Chen']) await desk.person({ user: name.toLowerCase(), displayName: name }).send('/human');
    await desk.person({ user: 'dana', displayName: 'Dana' }).send('My claim was refused, what can I do?');
    await desk.person({ user: 'dana', displayName: 'Dana' }).send('/human');
    const before = desk.staffInbox().length;
    desk.clock.advance(15);
    expect(await desk.plugin.remindNow()).toBe(4);
    const posted = desk.staffInbox().slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.reply.text.split('\n')).toEqual([
      '⏰ Still without an answer:',
      expect.stringMatching(/^#\w{6} · waiting · 15 min · Ana · Telegram · English: “–”$/),
      expect.stringMatching(/ · Boris · /),
      expect.stringMatching(/ · Chen · /),
      expect.stringMatching(/ · Dana · Telegram · English: “My claim was refused, what can I do\?”$/),
      '/claim ID to take one · /reply ID text to answer · /queue for all open tickets',
    ]);
    expect(await desk.plugin.remindNow()).toBe(0);
  });

  it('should remind about a claimed ticket whose person has waited STAFF_REMIND_MINUTES for an answer', async () => {
    const desk = await handoffApp({ env: { STAFF_REMIND_MINUTES: '15' } });
    const ana = desk.person();
    await ana.send('/human');
    const id = desk.lastTicketId();
    await desk.staff().send(`/reply ${id} Hello Ana, looking now.`);
    desk.clock.advance(1);
    await ana.send('Are you there? My surgery is tomorrow');
    desk.clock.advance(14);
    expect(await desk.plugin.remindNow()).toBe(0);
    desk.clock.advance(1);
    expect(await desk.plugin.remindNow()).toBe(1);
    expect(desk.staffInbox().at(-1)?.reply.text).toContain(`#${id} · claimed by Mei · 15 min · Ana · Telegram · English: “Are you there? My surgery is tomorrow”`);
    await desk.staff().send(`/reply ${id} Yes, I am checking with the hospital.`);
    desk.clock.advance(60);
    expect(await desk.plugin.remindNow()).toBe(0);
  });

  it('should remind about a claimed ticket whose person nobody has answered, as a claim is no answer', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human need an invoice for my clinic visit');
    await desk.staff().send(`/claim ${desk.lastTicketId()}`);
    desk.clock.advance(60);
    expect(await desk.plugin.remindNow()).toBe(1);
  });

  it('should not remind about a claimed ticket once staff have answered and the person has not written since', async () => {
    const desk = await handoffApp();
    await desk.person().send('/human');
    const id = desk.lastTicketId();
    await desk.staff().send(`/claim ${id}`);
    await desk.staff().send(`/reply ${id} Hello, I am looking into it`);
    desk.clock.advance(60);
    expect(await desk.plugin.remindNow()).toBe(0);
  });

  it('should wait for staff hours, except for an urgent ticket', async () => {
    const desk = await handoffApp({ clock: new TestClock(FRIDAY_EVENING) });
    await desk.person().send('/human');
    await desk.person({ user: 'boris' }).send('I cannot breathe');
    await desk.plugin.idle();
    desk.clock.advance(20);
    expect(await desk.plugin.remindNow()).toBe(1);
    expect(desk.staffInbox().at(-1)?.reply.text).toContain('🚨 URGENT');
    desk.clock.at = new Date('2026-11-30T01:05:00Z'); // Monday 09:05
    expect(await desk.plugin.remindNow()).toBe(2);
  });

  it('should run the reminder on a timer from start to stop', async () => {
    const desk = await handoffApp({ checkEveryMs: 10, env: { STAFF_REMIND_MINUTES: '5' } });
    await desk.person().send('/human');
    desk.clock.advance(6);
    for (let i = 0; i < 100 && desk.staffInbox().length < 2; i++) await sleep(10);
    expect(desk.staffInbox()[1]?.reply.text).toContain('⏰ Still waiting');
    await desk.app.stop();
    const posted = desk.staffInbox().length;
    desk.clock.advance(60);
    await sleep(50);
    expect(desk.staffInbox()).toHaveLength(posted);
  });
});

describe('a restart', () => {
  it('should keep an open ticket relaying both ways with the file store', async () => {
    const dataDir = await tempDir();
    const before = await handoffApp({ dataDir });
    await before.person().send('/human');
    const id = before.lastTicketId();
    const card = before.staffInbox()[0]?.id ?? '';
    await before.app.stop();

    const after = await handoffApp({ dataDir, clock: before.clock });
    const ana = after.person();
    await ana.send('Are you still there?');
    expect(texts(after.staffInbox())).toBe(`💬 #${id} Ana: Are you still there?`);
    const mei = after.staff();
    await mei.replyTo(card, 'Yes, here I am.');
    expect(texts(after.inboxOf(ana))).toContain('Support team: Yes, here I am.');
    await mei.send('/queue');
    expect(mei.text()).toContain(`#${id} · claimed by Mei`);
  });
});

describe('a WeChat staff room', () => {
  const room = { platform: 'wechat' as const, chatId: 'room-42' };

  it('should let the app find the plugin among the others to hand it the room', async () => {
    const desk = await handoffApp();
    expect([{ name: 'checklist' }, desk.plugin].find(isHandoffPlugin)).toBe(desk.plugin);
  });

  it('should offer a human as soon as STAFF_WECHAT_ROOM is set, and post waiting tickets once the room is found', async () => {
    const desk = await handoffApp({ env: { STAFF_TELEGRAM_CHAT_ID: '', STAFF_WECHAT_ROOM: 'Support staff' } });
    const ana = desk.person();
    await ana.send('menu');
    expect(ana.choices().map((c) => c.id)).toContain('cmd:human');
    await ana.send('/human');
    expect(desk.wechat.sent).toEqual([]);
    await desk.plugin.addStaffChannel(room);
    const [card] = desk.wechat.sent;
    expect(card?.address.chatId).toBe('room-42');
    expect(card?.reply.choices).toBeUndefined();
    expect(card?.reply.text).toMatch(/\/claim \w{6}/);
    await desk.plugin.addStaffChannel(room);
    expect(desk.wechat.sent).toHaveLength(1);
  });

  it('should take answers from the room by command or by quoting, and ignore the chatter', async () => {
    const desk = await handoffApp({ env: { STAFF_TELEGRAM_CHAT_ID: '', STAFF_WECHAT_ROOM: 'Support staff' } });
    await desk.plugin.addStaffChannel(room);
    const ana = desk.person();
    await ana.send('/human');
    const id = /#(\w{6})/.exec(desk.wechat.sent[0]?.reply.text ?? '')?.[1] ?? '';
    const lin = desk.staff({ platform: 'wechat', chat: 'room-42', user: 'wx_staff', displayName: 'Lin' });
    expect(await lin.send('谁去吃午饭？')).toEqual([]);
    await lin.send(`/reply ${id} Hello from WeChat`);
    await lin.replyTo(desk.wechat.sent[0]?.id ?? '', 'And a quoted answer');
    expect(desk.inboxOf(ana).map((s) => s.reply.text).slice(-2)).toEqual(['Support team: Hello from WeChat', 'Support team: And a quoted answer']);
  });
});
