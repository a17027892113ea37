/**
 * The Telegram adapter: TELEGRAM_BOT_TOKEN turns it on, TELEGRAM_DRIVER picks grammY (default)
 * or Telegraf, TELEGRAM_WEBHOOK_URL switches from long polling to a webhook.
 * @example createApp({ adapters: [(ctx) => createTelegramAdapter(ctx)] })
 */
import type { AdapterContext } from '../../src/adapter-context.ts';
import { AdapterError, ConfigError } from '../../src/errors.ts';
import type { Adapter } from '../../src/turn.ts';
import { apiFailure, type BotIdentity } from './bot-api.ts';
import { createBridge } from './bridge.ts';
import type { DriverOptions, TelegramDriver, TelegramDriverName } from './driver.ts';
import { createGrammyDriver } from './grammy.ts';
import { type RateLimits, TELEGRAM_LIMITS } from './outbound-queue.ts';
import { createCallbackCodec, TELEGRAM_CAPABILITIES } from './telegram-render.ts';
import { createTelegrafDriver } from './telegraf.ts';
import { startWebhookServer, type WebhookServer } from './webhook-server.ts';

export type { TelegramDriverName } from './driver.ts';
export type { RateLimits } from './outbound-queue.ts';

/** Settings the environment does not carry; for tests and embedding. */
export interface TelegramAdapterOptions {
  /** Overrides TELEGRAM_DRIVER. */
  driver?: TelegramDriverName;
  /** Interface the webhook server listens on; default: all. */
  webhookHost?: string;
  /** Overrides PORT for the webhook server; 0 picks a free port. */
  webhookPort?: number;
  /** Outbound limits; default: Telegram's published ones. */
  limits?: Partial<RateLimits>;
  /** How long a reply may take before "typing…" shows; default 500 ms. */
  typingAfterMs?: number;
  /** False turns pacing off: only against a Bot API that is not Telegram's (see DriverOptions). */
  pacing?: boolean;
}

/** The Telegram adapter, with what it learned at start. */
export interface TelegramAdapter extends Adapter {
  readonly driver: TelegramDriverName;
  readonly mode: 'polling' | 'webhook';
  /** The bot's id and username, once started. */
  readonly me: BotIdentity | undefined;
  /** The webhook server's port, once started in webhook mode. */
  readonly webhookPort: number | undefined;
}

/** How long stop() waits for replies still being sent. */
const DRAIN_MS = 15_000;

/**
 * Builds the adapter from the configuration. Declares its store collection, so call it before
 * the store opens (createApp does). Throws ConfigError when a needed variable is missing.
 */
export function createTelegramAdapter(context: AdapterContext, options: TelegramAdapterOptions = {}): TelegramAdapter {
  const { engine, config, log } = context;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new ConfigError('CONFIG_TELEGRAM_TOKEN', 'TELEGRAM_BOT_TOKEN is empty: set it in .env (BotFather gives it), or unset it to talk in the terminal.');
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (webhookUrl && !secret) {
    throw new ConfigError(
      'CONFIG_TELEGRAM_WEBHOOK_SECRET',
      'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is empty: set a secret (1-256 of A-Z a-z 0-9 _ -) so forged webhook calls are refused, or unset TELEGRAM_WEBHOOK_URL to use long polling.',
    );
  }
  const driverName = options.driver ?? config.TELEGRAM_DRIVER;
  const mode = webhookUrl ? 'webhook' : 'polling';
  const codec = createCallbackCodec(engine.services.store);

  let me: BotIdentity | undefined;
  let server: WebhookServer | undefined;
  const driverOptions: DriverOptions = {
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    log,
    limits: { ...TELEGRAM_LIMITS, ...options.limits },
    onUpdate: (update) => bridge.handleUpdate(update),
    ...(options.pacing === false ? { pacing: false } : {}),
  };
  const driver: TelegramDriver = driverName === 'telegraf' ? createTelegrafDriver(driverOptions) : createGrammyDriver(driverOptions);
  const bridge = createBridge({
    engine,
    log,
    api: driver.api,
    codec,
    me: () => {
      if (!me) throw new AdapterError('TELEGRAM_NOT_STARTED', 'The Telegram adapter got an update before start() finished.');
      return me;
    },
    ...(options.typingAfterMs !== undefined ? { typingAfterMs: options.typingAfterMs } : {}),
  });

  return {
    platform: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    driver: driverName,
    mode,
    get me() {
      return me;
    },
    get webhookPort() {
      return server?.port;
    },
    send: (address, replies) => bridge.send(address, replies),
    async start() {
      try {
        me = await driver.init();
      } catch (error) {
        const failure = apiFailure(error);
        if (failure.code === 401 || failure.code === 404) {
          throw new AdapterError('TELEGRAM_TOKEN_REFUSED', `Telegram refused TELEGRAM_BOT_TOKEN (${failure.code}): check it with @BotFather, and TELEGRAM_API_ROOT if you set one.`, { cause: error });
        }
        throw new AdapterError('TELEGRAM_UNAVAILABLE', `Could not reach the Telegram Bot API (${failure.code ?? 'network'}: ${failure.description}). Check the network and TELEGRAM_API_ROOT.`, { cause: error });
      }
      await bridge.setCommands();
      if (webhookUrl && secret) {
        server = await startWebhookServer({
          path: new URL(webhookUrl).pathname,
          secret,
          port: options.webhookPort ?? config.PORT,
          ...(options.webhookHost ? { host: options.webhookHost } : {}),
          onUpdate: (update) => driver.handleUpdate(update),
          log,
          health: { driver: driverName, mode },
        });
        try {
          await driver.api.setWebhook(webhookUrl, secret);
        } catch (error) {
          await server.close();
          server = undefined;
          throw new AdapterError('TELEGRAM_WEBHOOK_REFUSED', `Telegram did not accept TELEGRAM_WEBHOOK_URL (${apiFailure(error).description}): it must be a public https URL.`, { cause: error });
        }
      } else {
        // Telegram refuses getUpdates while a webhook is set (409).
        await driver.api.deleteWebhook();
        driver.startPolling();
      }
      log.info('telegram.started', { driver: driverName, mode, bot: me.username });
    },
    async stop() {
      await Promise.all([driver.stopPolling(), server?.close()]);
      await bridge.drain(DRAIN_MS);
      driver.close();
      server = undefined;
      log.info('telegram.stopped', { driver: driverName });
    },
  };
}
