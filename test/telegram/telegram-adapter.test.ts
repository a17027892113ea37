import { describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../adapters/telegram/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { testApp, testConfig } from '../helpers/app.ts';

const TOKEN = '123456:TEST-token-for-config-checks';

async function make(env: Record<string, string>) {
  const app = await testApp();
  return () => createTelegramAdapter({ engine: app.engine, log: app.log, config: testConfig(env) });
}

describe('turning the Telegram adapter on from the configuration', () => {
  it('should say what to do when the token is missing', async () => {
    expect(await make({})).toThrow(ConfigError);
    expect(await make({})).toThrow(/TELEGRAM_BOT_TOKEN is empty/);
  });

  it('should refuse a webhook without a secret, so forged calls can always be refused', async () => {
    expect(await make({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/hook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET is empty/);
  });

  it('should pick the driver and the mode from the configuration', async () => {
    const polling = (await make({ TELEGRAM_BOT_TOKEN: TOKEN }))();
    expect([polling.driver, polling.mode, polling.capabilities]).toEqual(['grammy', 'polling', { buttons: true, maxText: 4096, editInPlace: true, defaultLang: 'en' }]);
    const webhook = (await make({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_DRIVER: 'telegraf', TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/hook', TELEGRAM_WEBHOOK_SECRET: 'abc' }))();
    expect([webhook.driver, webhook.mode]).toEqual(['telegraf', 'webhook']);
  });
});
