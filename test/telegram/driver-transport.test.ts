/**
 * The drivers' in-process options, which the benchmark uses to run our bot through the real
 * drivers with no network: a preset identity and a Bot API answered in process.
 */
import { describe, expect, it } from 'vitest';
import { apiFailure } from '../../adapters/telegram/bot-api.ts';
import type { BotApiResponse, DriverOptions, TelegramDriverName } from '../../adapters/telegram/driver.ts';
import { createGrammyDriver } from '../../adapters/telegram/grammy.ts';
import { TELEGRAM_LIMITS } from '../../adapters/telegram/outbound-queue.ts';
import { createTelegrafDriver } from '../../adapters/telegram/telegraf.ts';
import { createLogger } from '../../src/log.ts';

const BOT_INFO = { id: 4242, is_bot: true as const, first_name: 'Helper', username: 'HelperBot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

function driverWith(name: TelegramDriverName, answer: (method: string, payload: Record<string, unknown>) => BotApiResponse) {
  const calls: { method: string; payload: Record<string, unknown> }[] = [];
  const options: DriverOptions = {
    token: '4242:not-a-real-token-for-tests-only-xxxxxxxx',
    apiRoot: 'http://127.0.0.1:9',
    log: createLogger({ level: 'silent' }),
    limits: TELEGRAM_LIMITS,
    botInfo: BOT_INFO,
    transport: async (method, payload) => {
      calls.push({ method, payload });
      return answer(method, payload);
    },
    onUpdate: async () => undefined,
  };
  return { driver: name === 'telegraf' ? createTelegrafDriver(options) : createGrammyDriver(options), calls };
}

describe.each<TelegramDriverName>(['grammy', 'telegraf'])('the %s driver answered in process', (name) => {
  it('should know who it is without asking Telegram, and send through the transport', async () => {
    const { driver, calls } = driverWith(name, (method, payload) => ({ ok: true, result: { message_id: 7, date: 0, chat: { id: payload.chat_id, type: 'private' }, text: payload.text } }));
    expect(await driver.init()).toEqual({ id: 4242, username: 'HelperBot' });
    expect(calls).toEqual([]);
    const sent = await driver.api.sendMessage(555, 'Hello', { keyboard: [[{ text: 'Menu', callback_data: 'cmd:menu' }]] });
    driver.close();
    expect(sent.message_id).toBe(7);
    expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(calls[0]?.payload).toMatchObject({ chat_id: 555, text: 'Hello', reply_markup: { inline_keyboard: [[{ text: 'Menu', callback_data: 'cmd:menu' }]] } });
  });

  it("should raise Telegram's refusal as the library's own error", async () => {
    const { driver } = driverWith(name, () => ({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }));
    const error = await driver.api.sendMessage(555, 'Hello', {}).catch((e: unknown) => e);
    driver.close();
    expect(apiFailure(error)).toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
  });
});
