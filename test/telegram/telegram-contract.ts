/**
 * The Telegram adapter's contract, run once per driver (grammy.test.ts, telegraf.test.ts): the
 * real library talks HTTP to telegram-test-api on loopback, through a proxy that records calls
 * and injects faults. Every test has its own bot token, so tests never see each other's updates.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter, type TelegramDriverName } from '../../adapters/telegram/index.ts';
import type { App } from '../../src/app.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import type { EnginePlugin } from '../../src/turn.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, testApp } from '../helpers/app.ts';
import { type BotApiWorld, type ChatOptions, startBotApiWorld, type TestChat, waitFor } from './bot-api-world.ts';
import { LONG_CHOICE_ID, LONG_TEXT, longAnswerPlugin, longChoicePlugin, slowPlugin } from './test-plugins.ts';

const WEBHOOK_URL = 'https://bot.example.test/telegram/hook';
const WEBHOOK_SECRET = 'test-secret_123';
/** The emulator's getMe answer. */
const BOT_USERNAME = 'TestNameBot';

interface BotOptions {
  webhook?: boolean;
  plugins?: EnginePlugin[];
  /** Reuse a token (a restart of the same bot). */
  token?: string;
  /** Reuse a store (a restart keeps its data). */
  store?: StateStore;
}

interface RunningBot {
  app: App;
  adapter: TelegramAdapter;
  token: string;
  chat(options: ChatOptions): TestChat;
}

/** Runs the contract against one driver. */
export function describeTelegramDriver(driver: TelegramDriverName): void {
  describe(`Telegram adapter on ${driver}`, () => {
    let world: BotApiWorld;
    beforeAll(async () => {
      world = await startBotApiWorld();
    });
    afterEach(() => {
      world.clearFaults();
    });
    afterAll(async () => {
      await world.stop();
    });

    const startBot = async (options: BotOptions = {}): Promise<RunningBot> => {
      const token = options.token ?? world.newToken();
      let adapter: TelegramAdapter | undefined;
      const app = await testApp({
        env: {
          TELEGRAM_BOT_TOKEN: token,
          TELEGRAM_API_ROOT: world.apiRoot,
          TELEGRAM_DRIVER: driver,
          ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
        },
        flows: [tripFlow],
        extraLocaleDirs: [FIXTURE_LOCALES],
        onlyPlugins: options.plugins ?? [longAnswerPlugin],
        ...(options.store ? { store: options.store } : {}),
        adapters: [(context) => (adapter = createTelegramAdapter(context, { webhookHost: '127.0.0.1', webhookPort: 0 }))],
      });
      if (!adapter) throw new Error('the Telegram adapter was not created');
      return { app, adapter, token, chat: (chat) => world.chat(token, chat) };
    };

    const en = (app: App, key: string, vars?: Record<string, unknown>) => app.i18n.t('en', key, vars);

    describe('a person in a private chat', () => {
      it('should get the menu as inline buttons on /start, with the command menu set in three languages', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 101 });
        await ana.command('/start');
        const menu = await ana.nextOne();
        expect(menu.text).toContain(en(bot.app, 'menu.title'));
        expect(menu.buttons).toContainEqual({ text: 'Trip planner', callback_data: 'start:trip' });
        const menus = world.callsOf(bot.token, 'setMyCommands').map((call) => call.body);
        expect(menus.map((body) => body.language_code)).toEqual([undefined, 'zh', 'ru']);
        expect(menus[2]?.commands).toEqual(bot.app.engine.commandList('ru'));
      });

      it('should open the flow a deep link names (t.me/<bot>?start=trip_ru), in the language it names', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 110 });
        await ana.command('/start trip_ru');
        const [welcome, step] = await ana.next(2);
        expect(welcome?.text).toBe(bot.app.i18n.t('ru', 'start.welcome', { name: '' }));
        expect(step?.text).toContain(bot.app.i18n.t('ru', 'trip.steps.purpose.prompt'));
      });

      it('should walk a flow by pressing buttons and typing a number, with the multiple choice edited in place', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 102 });
        await ana.command('/start');
        await ana.nextOne();
        await ana.press('Trip planner');
        expect((await ana.nextOne()).text).toContain('Why are you coming?');
        await ana.say('2');
        const needs = await ana.nextOne();
        expect(needs.text).toContain('What do you need?');
        await ana.press('Visa');
        await waitFor('the ticked option on the same message', () => ana.messages().find((m) => m.id === needs.id && m.buttons.some((b) => b.text === '✓ Visa')));
        await ana.press('Done');
        expect((await ana.nextOne()).text).toContain('Are you in China already?');
        await ana.press('Yes');
        expect((await ana.nextOne()).text).toContain('How many days');
        await ana.say('10');
        expect((await ana.nextOne()).text).toContain('Anything else?');
        await ana.press('Skip');
        const result = await ana.nextOne();
        expect(result.text).toContain('Your trip:');
        expect(result.text).toContain('"purpose":"companion"');
        expect(result.text).toContain('"needs":["visa"]');
        expect(ana.unread()).toEqual([]);
        expect(world.callsOf(bot.token, 'editMessageText')).toHaveLength(1);
        await waitFor('every press answered', () => (world.callsOf(bot.token, 'answerCallbackQuery').length === 5 ? true : undefined));
      });

      it('should switch to Russian when "Русский" is pressed after /language', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 103 });
        await ana.command('/language');
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'language.pick'));
        await ana.press('Русский');
        const [done, menu] = await ana.next(2);
        expect(done?.text).toBe('Готово: буду отвечать по-русски.');
        expect(menu?.text).toContain(bot.app.i18n.t('ru', 'menu.title'));
        expect(menu?.buttons.map((b) => b.text)).toContain('План поездки');
      });

      it('should get a 9,000-character answer as three messages in order, split between paragraphs, buttons on the last', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 104 });
        await ana.say('long answer please');
        const parts = await ana.next(3);
        expect(parts.map((p) => p.text).join('\n\n')).toBe(LONG_TEXT);
        expect(parts.every((p) => p.text.length <= 4096 && /^Paragraph \d\d\./.test(p.text) && p.text.endsWith('.'))).toBe(true);
        expect(parts.map((p) => p.buttons.length)).toEqual([0, 0, 1]);
      });

      it('should show markup a person typed as plain text', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 105 });
        await bot.app.engine.send({ platform: 'telegram', chatId: '105', userId: '105' }, [{ text: 'You wrote <b>bold</b> and _x_ & *y*' }]);
        expect((await ana.nextOne()).text).toBe('You wrote <b>bold</b> and _x_ & *y*');
        expect(world.callsOf(bot.token, 'sendMessage').every((call) => call.body.parse_mode === undefined)).toBe(true);
      });

      it('should answer an emergency with 120 in the first reply', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 106 });
        await ana.say('my husband is not breathing');
        expect((await ana.nextOne()).text).toContain('120');
      });

      it('should get the polite reply for a photo', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 107 });
        await ana.sendAttachment({ photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 10, height: 10 }] });
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'errors.attachment', { kind: en(bot.app, 'attachments.photo') }));
      });

      it('should see "typing…" while a reply takes a while', async () => {
        let open = () => {};
        const gate = new Promise<void>((resolve) => (open = resolve));
        const bot = await startBot({ plugins: [slowPlugin(gate)] });
        const ana = bot.chat({ chatId: 108 });
        await ana.command('/slow');
        await waitFor('a typing action', () => world.callsOf(bot.token, 'sendChatAction').find((call) => call.body.chat_id === 108 && call.body.action === 'typing'));
        open();
        expect((await ana.nextOne()).text).toBe('slow done');
      });

      it('should be able to use buttons of an older message, and be told when one has expired', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 109 });
        await ana.command('/start');
        const first = await ana.nextOne();
        await ana.command('/help');
        await ana.next(2);
        await ana.pressData('start:trip', first.id);
        expect((await ana.nextOne()).text).toContain('Why are you coming?');
        await ana.pressData('start:gone', first.id);
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'errors.expired'));
        await ana.nextOne();
        await ana.pressData('~unknown-token', first.id);
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'errors.expired'));
      });

      it('should fit a long choice id into 64 bytes of callback data that still works after a restart', async () => {
        const first = await startBot({ plugins: [longChoicePlugin] });
        const ana = first.chat({ chatId: 110 });
        await ana.command('/long');
        const [button] = (await ana.nextOne()).buttons;
        expect(Buffer.byteLength(button?.callback_data ?? '')).toBeLessThanOrEqual(64);
        await first.app.stop();
        const again = await startBot({ plugins: [longChoicePlugin], token: first.token, store: first.app.store });
        await again.chat({ chatId: 110 }).pressData(button?.callback_data ?? '');
        expect((await ana.nextOne()).text).toBe(`echo ${LONG_CHOICE_ID.length - 'echo:'.length}`);
      });

      it('should return sent messages as chat:message ids', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 111 });
        const ids = await bot.app.engine.send({ platform: 'telegram', chatId: '111', userId: '111' }, [{ text: 'one' }, { text: 'two' }]);
        const sent = await ana.next(2);
        expect(ids).toEqual(sent.map((m) => `111:${m.id}`));
      });
    });

    describe('a group chat', () => {
      it('should answer only commands for this bot, mentions of it and replies to it', async () => {
        const bot = await startBot();
        const group = bot.chat({ chatId: -2001, userId: 3001, type: 'group' });
        await group.say('hello everyone');
        await group.command('/menu@OtherBot');
        await group.say(`@${BOT_USERNAME} help`, { entities: [{ type: 'mention', offset: 0, length: BOT_USERNAME.length + 1 }] });
        const [help] = await group.next(2);
        expect(help?.text).toBe(en(bot.app, 'help.text'));
        await group.command(`/menu@${BOT_USERNAME}`);
        expect((await group.nextOne()).text).toContain(en(bot.app, 'menu.title'));
        await group.say('thanks, and what about visas?', { reply_to_message: { message_id: help?.id, date: 0, chat: { id: -2001, type: 'group' }, from: { id: 666, is_bot: true, first_name: 'Bot' } } });
        expect((await group.nextOne()).text).toContain(en(bot.app, 'fallback.notSure'));
        expect(group.unread()).toEqual([]);
      });
    });

    describe('faults on the way to Telegram', () => {
      it('should wait out a 429 and deliver every part once, in order', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 121 });
        world.fail({ method: 'sendMessage', kind: '429', chatId: 121, after: 1 });
        await ana.say('long answer please');
        expect((await ana.next(3)).map((p) => p.text).join('\n\n')).toBe(LONG_TEXT);
        await ana.command('/menu');
        await ana.nextOne();
        expect(ana.unread()).toEqual([]);
        expect(world.callsOf(bot.token, 'sendMessage').map((c) => c.fault ?? 'ok')).toEqual(['ok', '429', 'ok', 'ok', 'ok']);
      });

      it('should retry after a dropped connection and deliver every part once, in order', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 122 });
        world.fail({ method: 'sendMessage', kind: 'drop', chatId: 122, after: 1 });
        await ana.say('long answer please');
        expect((await ana.next(3)).map((p) => p.text).join('\n\n')).toBe(LONG_TEXT);
        await ana.command('/menu');
        await ana.nextOne();
        expect(ana.unread()).toEqual([]);
        expect(world.callsOf(bot.token, 'sendMessage').map((c) => c.fault ?? 'ok')).toEqual(['ok', 'drop', 'ok', 'ok', 'ok']);
      });

      it('should mark the conversation unreachable on a 403 and stop trying', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 123 });
        world.fail({ method: 'sendMessage', kind: '403', chatId: 123, times: 100 });
        await ana.say('long answer please');
        await waitFor('the conversation marked unreachable', async () => ((await bot.app.store.conversations.get('telegram:123:123'))?.unreachable ? true : undefined));
        const other = bot.chat({ chatId: 124 });
        await other.command('/menu');
        await other.nextOne();
        expect(world.callsOf(bot.token, 'sendMessage').filter((c) => c.body.chat_id === 123)).toHaveLength(1);
      });

      it('should keep polling after the connection drops', async () => {
        const bot = await startBot();
        const ana = bot.chat({ chatId: 125 });
        await ana.command('/menu');
        await ana.nextOne();
        world.fail({ method: 'getUpdates', kind: 'drop' });
        await ana.command('/help');
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'help.text'));
        expect(world.callsOf(bot.token, 'getUpdates').map((c) => c.fault)).toEqual(['drop']);
      });
    });

    describe('start-up', () => {
      it('should refuse to start with a token Telegram does not accept, saying what to check', async () => {
        world.fail({ method: 'getMe', kind: '401' });
        await expect(startBot()).rejects.toMatchObject({ code: 'TELEGRAM_TOKEN_REFUSED', message: expect.stringContaining('BotFather') });
      });
    });

    describe('webhook mode', () => {
      const update = (updateId: number, messageId: number, text: string) => ({
        update_id: updateId,
        message: { message_id: messageId, date: 0, chat: { id: 131, type: 'private' }, from: { id: 131, is_bot: false, first_name: 'Ana' }, text },
      });
      const post = (port: number, body: unknown, secret?: string) =>
        fetch(`http://127.0.0.1:${port}/telegram/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
          body: JSON.stringify(body),
        });

      it('should register the webhook with its secret and answer the health check', async () => {
        const bot = await startBot({ webhook: true });
        expect(world.callsOf(bot.token, 'setWebhook').map((c) => c.body)).toEqual([expect.objectContaining({ url: WEBHOOK_URL, secret_token: WEBHOOK_SECRET })]);
        expect(world.callsOf(bot.token, 'deleteWebhook')).toEqual([]);
        const health = await fetch(`http://127.0.0.1:${bot.adapter.webhookPort}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ ok: true, driver });
      });

      it('should refuse a wrong or missing secret with 401 before the engine sees it', async () => {
        const bot = await startBot({ webhook: true });
        const handle = vi.spyOn(bot.app.engine, 'handle');
        const port = bot.adapter.webhookPort ?? 0;
        expect((await post(port, update(1, 1, '/start'), 'wrong-secret')).status).toBe(401);
        expect((await post(port, update(2, 2, '/start'))).status).toBe(401);
        expect(handle).not.toHaveBeenCalled();
      });

      it('should accept the right secret, answer, and ignore the same update sent twice', async () => {
        const bot = await startBot({ webhook: true });
        const ana = bot.chat({ chatId: 131 });
        const port = bot.adapter.webhookPort ?? 0;
        expect((await post(port, update(1, 1, '/start'), WEBHOOK_SECRET)).status).toBe(200);
        expect((await ana.nextOne()).text).toContain(en(bot.app, 'menu.title'));
        expect((await post(port, update(1, 1, '/start'), WEBHOOK_SECRET)).status).toBe(200);
        expect((await post(port, update(2, 2, '/help'), WEBHOOK_SECRET)).status).toBe(200);
        expect((await ana.nextOne()).text).toBe(en(bot.app, 'help.text'));
      });
    });
  });
}
