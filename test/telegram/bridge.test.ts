import { describe, expect, it } from 'vitest';
import type { ChatId, InlineKeyboard, TelegramApi } from '../../adapters/telegram/bot-api.ts';
import { createBridge } from '../../adapters/telegram/bridge.ts';
import { createCallbackCodec } from '../../adapters/telegram/telegram-render.ts';
import { AdapterError } from '../../src/errors.ts';
import type { Address } from '../../src/message.ts';
import { testApp } from '../helpers/app.ts';

/** A Bot API failure as grammY and Telegraf report one. */
function apiError(code: number, description: string): Error {
  return Object.assign(new Error(description), { error_code: code, description });
}

interface FakeApi extends TelegramApi {
  readonly log: string[];
}

/** A TelegramApi that records calls; `fail` decides which calls throw. */
function fakeApi(fail: (method: string, chatId: ChatId, text?: string) => Error | undefined = () => undefined): FakeApi {
  const log: string[] = [];
  let nextId = 100;
  const call = (entry: string, method: string, chatId: ChatId, text?: string) => {
    log.push(entry);
    const error = fail(method, chatId, text);
    if (error) throw error;
  };
  const keys = (keyboard: InlineKeyboard | undefined) => (keyboard ? ` [${keyboard.flat().map((b) => b.text).join(',')}]` : '');
  return {
    log,
    async sendMessage(chatId, text, { keyboard, urgent }) {
      call(`send ${chatId} ${text}${keys(keyboard)}${urgent ? ' urgent' : ''}`, 'sendMessage', chatId, text);
      return { message_id: ++nextId };
    },
    async editMessageText(chatId, messageId, text, keyboard) {
      call(`edit ${chatId}:${messageId} ${text}${keys(keyboard)}`, 'editMessageText', chatId, text);
    },
    async sendChatAction(chatId) {
      call(`typing ${chatId}`, 'sendChatAction', chatId);
    },
    async answerCallbackQuery(id) {
      call(`answer ${id}`, 'answerCallbackQuery', 0);
    },
    async setMyCommands(_commands, languageCode) {
      call(`commands ${languageCode ?? 'default'}`, 'setMyCommands', 0);
    },
    async setWebhook() {},
    async deleteWebhook() {},
  };
}

async function bridgeWith(api: FakeApi) {
  const app = await testApp();
  const bridge = createBridge({ engine: app.engine, log: app.log, api, codec: createCallbackCodec(app.store), me: () => ({ id: 666, username: 'HealthBot' }) });
  return { app, bridge };
}

const ana: Address = { platform: 'telegram', chatId: '42', userId: '42' };

describe('sending replies to Telegram', () => {
  it('should edit the last message sent with the same key instead of sending a new one', async () => {
    const api = fakeApi();
    const { bridge } = await bridgeWith(api);
    const [first] = await bridge.send(ana, [{ text: 'Checklist 0/2', key: 'checklist', choices: [{ id: 'tick:1', label: 'Passport' }] }]);
    const [second] = await bridge.send(ana, [{ text: 'Checklist 1/2', key: 'checklist', choices: [{ id: 'tick:1', label: '✓ Passport' }] }]);
    expect(second).toBe(first);
    expect(api.log).toEqual(['send 42 Checklist 0/2 [Passport]', 'edit 42:101 Checklist 1/2 [✓ Passport]']);
  });

  it('should take "message is not modified" as an edit done', async () => {
    const api = fakeApi((method) => (method === 'editMessageText' ? apiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same') : undefined));
    const { bridge } = await bridgeWith(api);
    await bridge.send(ana, [{ text: 'Same', key: 'checklist' }]);
    expect(await bridge.send(ana, [{ text: 'Same', key: 'checklist' }])).toEqual(['42:101']);
    expect(api.log.filter((l) => l.startsWith('send'))).toHaveLength(1);
  });

  it('should send a new message when the old one cannot be edited, and edit that one next time', async () => {
    let refuse = true;
    const api = fakeApi((method) => (method === 'editMessageText' && refuse ? apiError(400, "Bad Request: message can't be edited") : undefined));
    const { bridge } = await bridgeWith(api);
    await bridge.send(ana, [{ text: 'v1', key: 'k' }]);
    expect(await bridge.send(ana, [{ text: 'v2', key: 'k' }])).toEqual(['42:102']);
    refuse = false;
    await bridge.send(ana, [{ text: 'v3', key: 'k' }]);
    expect(api.log).toEqual(['send 42 v1', 'edit 42:101 v2', 'send 42 v2', 'edit 42:102 v3']);
  });

  it('should keep keyed messages apart per person in a group', async () => {
    const api = fakeApi();
    const { bridge } = await bridgeWith(api);
    await bridge.send({ platform: 'telegram', chatId: '-5', userId: '1' }, [{ text: 'one', key: 'k' }]);
    await bridge.send({ platform: 'telegram', chatId: '-5', userId: '2' }, [{ text: 'two', key: 'k' }]);
    expect(api.log).toEqual(['send -5 one', 'send -5 two']);
  });

  it('should mark the person unreachable on 403 and stop sending', async () => {
    const api = fakeApi((method) => (method === 'sendMessage' ? apiError(403, 'Forbidden: bot was blocked by the user') : undefined));
    const { app, bridge } = await bridgeWith(api);
    await app.engine.handle({ address: ana, text: 'hello' });
    const sending = bridge.send(ana, [{ text: 'one' }, { text: 'two' }]);
    await expect(sending).rejects.toBeInstanceOf(AdapterError);
    await expect(sending).rejects.toMatchObject({ code: 'TELEGRAM_UNREACHABLE' });
    expect(api.log).toEqual(['send 42 one']);
    expect((await app.store.conversations.get('telegram:42:42'))?.unreachable).toBe(true);
  });

  it('should pass urgent replies on as urgent', async () => {
    const api = fakeApi();
    const { bridge } = await bridgeWith(api);
    await bridge.send(ana, [{ text: 'Call 120', urgent: true }, { text: 'More' }]);
    expect(api.log).toEqual(['send 42 Call 120 urgent', 'send 42 More']);
  });

  it('should set the command menu in English (the default), Chinese and Russian', async () => {
    const api = fakeApi();
    const { bridge } = await bridgeWith(api);
    await bridge.setCommands();
    expect(api.log).toEqual(['commands default', 'commands zh', 'commands ru']);
  });

  it('should answer a button press even when the update is not for the bot', async () => {
    const api = fakeApi();
    const { bridge } = await bridgeWith(api);
    await bridge.handleUpdate({ update_id: 1, callback_query: { id: 'q1', from: { id: 42 }, message: { message_id: 1, chat: { id: -9, type: 'channel' } }, data: 'x' } });
    expect(api.log).toEqual(['answer q1']);
  });
});
