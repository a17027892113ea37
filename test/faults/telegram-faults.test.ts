/**
 * Telegram misbehaving while several people wait for long answers: a storm of 429s, 5xx answers
 * and dropped connections, from the Bot API emulator of the Telegram tests (its world injects
 * 429s and drops; a layer in front of it adds 5xx). Whatever happens, every reply reaches each
 * chat exactly once and in order. Runs on both drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramDriverName } from '../../adapters/telegram/index.ts';
import type { App } from '../../src/app.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, testApp } from '../helpers/app.ts';
import { type BotApiWorld, startBotApiWorld, type TestChat } from '../telegram/bot-api-world.ts';
import { LONG_TEXT, longAnswerPlugin } from '../telegram/test-plugins.ts';
import { type FaultLayer, startFaultLayer } from './fault-layer.ts';

describe.each<TelegramDriverName>(['grammy', 'telegraf'])('Telegram faults on %s', (driver) => {
  let world: BotApiWorld;
  let layer: FaultLayer;
  beforeAll(async () => {
    world = await startBotApiWorld();
    layer = await startFaultLayer(world.apiRoot);
  });
  afterAll(async () => {
    await layer.stop();
    await world.stop();
  });

  const startBot = async (): Promise<{ app: App; token: string; chat: (chatId: number) => TestChat }> => {
    const token = world.newToken();
    const app = await testApp({
      env: { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: layer.apiRoot, TELEGRAM_DRIVER: driver },
      flows: [tripFlow],
      extraLocaleDirs: [FIXTURE_LOCALES],
      onlyPlugins: [longAnswerPlugin],
      adapters: [(context) => createTelegramAdapter(context)],
    });
    return { app, token, chat: (chatId) => world.chat(token, { chatId }) };
  };

  /**
   * Each chat asks for the three-part answer, then for the menu as a marker: a duplicate of any
   * part would have to arrive before the marker, so the whole list must be exactly these four.
   */
  const expectDeliveredOnceInOrder = async (app: App, chats: TestChat[]) => {
    await Promise.all(chats.map((c) => c.say('long answer please')));
    for (const chat of chats) expect((await chat.next(3)).map((m) => m.text).join('\n\n')).toBe(LONG_TEXT);
    await Promise.all(chats.map((c) => c.command('/menu')));
    for (const chat of chats) {
      await chat.next(1);
      const texts = chat.messages().map((m) => m.text);
      expect(texts).toHaveLength(4);
      expect(texts.slice(0, 3).join('\n\n')).toBe(LONG_TEXT);
      expect(texts[3]).toContain(app.i18n.t('en', 'menu.title'));
    }
  };

  it('should ride out a storm of 429s across chats', async () => {
    const bot = await startBot();
    const chats = [201, 202, 203, 204].map(bot.chat);
    world.fail({ method: 'sendMessage', kind: '429', times: 8 });
    await expectDeliveredOnceInOrder(bot.app, chats);
    expect(world.callsOf(bot.token, 'sendMessage').filter((c) => c.fault === '429')).toHaveLength(8);
  });

  it('should retry 500, 502 and 503 answers', async () => {
    const bot = await startBot();
    const chats = [211, 212, 213].map(bot.chat);
    layer.fail({ method: 'sendMessage', status: 500, chatId: 211, after: 1 });
    layer.fail({ method: 'sendMessage', status: 502, chatId: 212, after: 2 });
    layer.fail({ method: 'sendMessage', status: 503, chatId: 213 });
    await expectDeliveredOnceInOrder(bot.app, chats);
    expect(layer.faulted.filter((f) => [211, 212, 213].includes(Number(f.chatId))).map((f) => f.status).sort()).toEqual([500, 502, 503]);
  });

  it('should retry dropped connections, on sending and on polling', async () => {
    const bot = await startBot();
    const chats = [221, 222, 223].map(bot.chat);
    world.fail({ method: 'sendMessage', kind: 'drop', chatId: 221 });
    world.fail({ method: 'sendMessage', kind: 'drop', chatId: 222, after: 2 });
    world.fail({ method: 'getUpdates', kind: 'drop' });
    await expectDeliveredOnceInOrder(bot.app, chats);
    expect(world.callsOf(bot.token, 'sendMessage').filter((c) => c.fault === 'drop')).toHaveLength(2);
  });

  it('should deliver once, in order, through all of them at once', async () => {
    const bot = await startBot();
    const chats = [231, 232, 233].map(bot.chat);
    world.fail({ method: 'sendMessage', kind: '429', times: 3 });
    layer.fail({ method: 'sendMessage', status: 502, chatId: 232, after: 1 });
    world.fail({ method: 'sendMessage', kind: 'drop', chatId: 233, after: 1 });
    await expectDeliveredOnceInOrder(bot.app, chats);
  });
});
