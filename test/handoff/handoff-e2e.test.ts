/**
 * Handoff end to end through the real adapters: Telegram (grammY) against telegram-test-api,
 * WeChat on wechaty-puppet-mock in process, both in one app with the handoff plugin, so a
 * ticket opened on one messenger is answered from a staff channel on another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { createWechatAdapter, type WechatAdapter } from '../../adapters/wechat/index.ts';
import type { App } from '../../src/app.ts';
import { createHandoffPlugin } from '../../src/handoff/handoff-plugin.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { testApp, testConfig } from '../helpers/app.ts';
import { type BotApiWorld, startBotApiWorld, type TestChat, waitFor } from '../telegram/bot-api-world.ts';
import { until, WechatPerson, WechatRoom, type WechatWorld } from '../wechat/wechat-world.ts';

const STAFF_GROUP = -100777;
const MEI = 900;
const EVE = 901;
const STAFF_ROOM = '客服组';

interface Desk {
  app: App;
  telegram: TelegramAdapter;
  /** A person in a private Telegram chat. */
  telegramPerson(chatId: number, name: string): TestChat;
  /** A member of the staff Telegram group (Mei is on the staff list, Eve is not). */
  staffGroup(userId: number, name: string): TestChat;
  wechatPerson(name: string): WechatPerson;
  /** The staff WeChat room, with Wang (on the staff list) in it. */
  staffRoom: WechatRoom;
  wang: WechatPerson;
}

describe('handoff through the real adapters', () => {
  let world: BotApiWorld;
  beforeAll(async () => {
    world = await startBotApiWorld();
  });
  afterAll(async () => {
    await world.stop();
  });

  /** One app, both messengers, handoff on; WeChat logged in with the staff room already there. */
  const startDesk = async (): Promise<Desk> => {
    const token = world.newToken();
    const mocker = new mock.Mocker();
    const self = mocker.createContact({ name: '小助手' });
    const wangContact = mocker.createContact({ name: 'Wang' });
    const roomMock = mocker.createRoom({ topic: STAFF_ROOM, memberIdList: [self.id, wangContact.id] });
    const config = testConfig({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: world.apiRoot,
      WECHAT_SEND_GAP_MS: '0',
      WECHAT_SEND_PER_MINUTE: '600',
      STAFF_TELEGRAM_CHAT_ID: String(STAFF_GROUP),
      STAFF_WECHAT_ROOM: STAFF_ROOM,
      STAFF_USER_IDS: `telegram:${MEI},wechat:${wangContact.id}`,
      // Real time runs here: keep the staff at work whenever the suite runs.
      STAFF_HOURS: '24/7',
    });
    const store = new MemoryStateStore();
    const handoff = createHandoffPlugin({ config, store });
    let telegram: TelegramAdapter | undefined;
    let wechat: WechatAdapter | undefined;
    const app = await testApp({
      config,
      store,
      flows: [],
      onlyPlugins: [handoff],
      adapters: [
        (ctx) => (telegram = createTelegramAdapter(ctx, { webhookHost: '127.0.0.1', webhookPort: 0 })),
        (ctx) => (wechat = createWechatAdapter(ctx, { puppet: new PuppetMock({ mocker }), output: { write: () => true }, onStaffRoom: handoff.addStaffChannel })),
      ],
    });
    if (!telegram || !wechat?.bot) throw new Error('the adapters were not created');
    const bot = wechat.bot;
    const loggedIn = new Promise((resolve) => bot.once('login', resolve));
    mocker.login(self);
    await loggedIn;

    const wx: WechatWorld = {
      app,
      adapter: wechat,
      mocker,
      self,
      selfName: '小助手',
      printed: [],
      logs: [],
      person: (name) => new WechatPerson(wx, mocker.createContact({ name })),
      room: (topic, people) => new WechatRoom(wx, mocker.createRoom({ topic, memberIdList: [self.id, ...people.map((p) => p.id)] })),
      logIn: async () => undefined,
    };
    // The adapter reports the staff room found at login; tickets open before that are posted to it then.
    const wang = new WechatPerson(wx, wangContact);
    const staffRoom = new WechatRoom(wx, roomMock);
    return {
      app,
      telegram,
      telegramPerson: (chatId, name) => world.chat(token, { chatId, firstName: name, languageCode: 'en' }),
      staffGroup: (userId, name) => world.chat(token, { chatId: STAFF_GROUP, userId, type: 'group', firstName: name }),
      wechatPerson: (name) => wx.person(name),
      staffRoom,
      wang,
    };
  };

  /** The id on the newest ticket card in the staff group. */
  const ticketIdIn = async (staff: TestChat): Promise<{ id: string; messageId: number }> => {
    const card = await waitFor('a ticket card in the staff group', () => staff.messages().findLast((m) => /Ticket #\w{6}/.test(m.text)));
    return { id: /Ticket #(\w{6})/.exec(card.text)?.[1] ?? '', messageId: card.id };
  };

  it('should carry a Telegram person and the Telegram staff group from /human to a rating', async () => {
    const desk = await startDesk();
    const ana = desk.telegramPerson(4001, 'Ana');
    const mei = desk.staffGroup(MEI, 'Mei');

    await ana.command('/human');
    const queued = await ana.nextOne();
    expect(queued.text).toContain('number 1 in the queue');
    expect(queued.buttons.map((b) => b.text)).toEqual(['Back to the bot']);

    const card = await ticketIdIn(mei);
    const cardMessage = mei.messages().find((m) => m.id === card.messageId);
    expect(cardMessage?.text).toContain('Who: Ana · Telegram (id 4001) · English');
    expect(cardMessage?.buttons.map((b) => b.text)).toEqual(['Claim', 'Close']);

    await mei.press('Claim');
    expect((await ana.nextOne()).text).toContain('A person from our support team has joined');

    const botId = desk.telegram.me?.id ?? 0;
    await mei.say('Hello Ana, which city are you in?', {
      reply_to_message: { message_id: card.messageId, date: 0, chat: { id: STAFF_GROUP, type: 'group' }, from: { id: botId, is_bot: true, first_name: 'Bot' } },
    });
    expect((await ana.nextOne()).text).toBe('Support team: Hello Ana, which city are you in?');

    await ana.say('Shanghai');
    await waitFor('the relayed answer in the staff group', () => mei.messages().find((m) => m.text === `💬 #${card.id} Ana: Shanghai`));

    await mei.press('Close');
    const [closed, rate] = await ana.next(2);
    expect(closed?.text).toContain('you are back with the bot');
    expect(rate?.buttons.map((b) => b.text)).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
    await ana.press('⭐⭐⭐⭐⭐');
    expect((await ana.nextOne()).text).toContain('Thank you for telling us!');
  });

  it('should answer a WeChat person from the Telegram staff group, on WeChat', async () => {
    const desk = await startDesk();
    const wei = desk.wechatPerson('Wei');
    const mei = desk.staffGroup(MEI, 'Mei');

    const [queued] = await wei.send('转人工');
    expect(queued).toContain('您在队列中排第 1 位');
    const card = await ticketIdIn(mei);
    expect(mei.messages().find((m) => m.id === card.messageId)?.text).toContain('Who: Wei · WeChat');

    await mei.command(`/reply ${card.id} 您好，我是客服小美。`);
    await until(() => wei.inbox.some((text) => text === '客服团队：您好，我是客服小美。'), 'the staff answer on WeChat');
    expect(wei.inbox).toContain('我们客服团队的工作人员已加入。请在这里留言，他们会看到。');
  });

  /** A Telegram person asks for a human; resolves with the card the WeChat staff room got, and its ticket id. */
  const ticketInStaffRoom = async (desk: Desk, ana: TestChat): Promise<{ card: string; id: string }> => {
    await ana.command('/human');
    await ana.nextOne();
    await until(() => desk.staffRoom.said.some((text) => /Ticket #\w{6}/.test(text)), 'the card in the staff room');
    const card = desk.staffRoom.said.find((text) => /Ticket #\w{6}/.test(text)) ?? '';
    return { card, id: /Ticket #(\w{6})/.exec(card)?.[1] ?? '' };
  };

  it('should post tickets to the WeChat staff room and take its /reply to a Telegram person', async () => {
    const desk = await startDesk();
    const ana = desk.telegramPerson(4002, 'Ana');
    const { card, id } = await ticketInStaffRoom(desk, ana);
    expect(card).toMatch(/\/claim \w{6}/);

    const before = desk.staffRoom.said.length;
    desk.staffRoom.say(desk.wang, `/reply ${id} Hi Ana, Wang here.`);
    expect((await desk.staffRoom.replies(before)).join('\n')).toContain(`✓ Sent to #${id}.`);
    expect((await ana.nextOne()).text).toContain('A person from our support team has joined');
    expect((await ana.nextOne()).text).toBe('Support team: Hi Ana, Wang here.');
  });

  /** A quote reply as WeChat puppets pass it on: the quoted message's sender and text, a dashed line, the reply. */
  const quoteReply = (name: string, quoted: string, reply: string) => `「${name}：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`;

  it('should take a WeChat staff member’s quote reply to a card as the answer to that ticket', async () => {
    const desk = await startDesk();
    const ana = desk.telegramPerson(4005, 'Ana');
    const { card, id } = await ticketInStaffRoom(desk, ana);

    const before = desk.staffRoom.said.length;
    desk.staffRoom.say(desk.wang, quoteReply('小助手', card, 'Hi Ana, Wang here. Which city?'));
    expect((await desk.staffRoom.replies(before)).join('\n')).toContain(`✓ Sent to #${id}.`);
    expect((await ana.nextOne()).text).toContain('A person from our support team has joined');
    expect((await ana.nextOne()).text).toBe('Support team: Hi Ana, Wang here. Which city?');
  });

  it('should pass nothing on when a WeChat staff member quotes a colleague who named a ticket', async () => {
    const desk = await startDesk();
    const ana = desk.telegramPerson(4006, 'Ana');
    const { id } = await ticketInStaffRoom(desk, ana);

    const before = desk.staffRoom.said.length;
    desk.staffRoom.say(desk.wang, quoteReply('Li', `I'll take #${id} after lunch`, 'ok, thanks'));
    await new Promise((wake) => setTimeout(wake, 300));
    expect(desk.staffRoom.said.slice(before)).toEqual([]);
    expect(ana.unread()).toEqual([]);
  });

  it('should refuse a staff command from a group member who is not staff, and a person, without passing anything on', async () => {
    const desk = await startDesk();
    const ana = desk.telegramPerson(4003, 'Ana');
    const eve = desk.staffGroup(EVE, 'Eve');
    await ana.command('/human');
    await ana.nextOne();
    const card = await ticketIdIn(eve);

    await eve.command(`/reply ${card.id} send me your passport`);
    const refusal = await waitFor('the refusal in the staff group', () => eve.messages().find((m) => m.text.includes('you are not on it yet')));
    expect(refusal.text).toContain(`telegram:${EVE}`);
    expect(refusal.text).not.toContain(card.id);

    const mallory = desk.telegramPerson(4004, 'Mallory');
    await mallory.command(`/close ${card.id}`);
    expect((await mallory.nextOne()).text).toContain('I do not know that command');
    await new Promise((wake) => setTimeout(wake, 200));
    expect(ana.unread()).toEqual([]);
  });
});
