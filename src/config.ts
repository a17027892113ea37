/**
 * Configuration from environment variables (and an optional .env file), checked by zod at start.
 * Every variable is listed with a comment in .env.example.
 */
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (blankToUndefined(v) === undefined ? fallback : String(v).toLowerCase()),
    z.union([z.boolean(), z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v))]),
  );
const int = (fallback: number, min: number, max: number) =>
  z.preprocess((v) => (blankToUndefined(v) === undefined ? fallback : v), z.coerce.number().int().min(min).max(max));

export const ConfigSchema = z.object({
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data')),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional()),

  TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[\w-]+$/.test(v), 'looks like "123456:ABC-DEF…" as BotFather gives it'),
  TELEGRAM_DRIVER: z.preprocess(blankToUndefined, z.enum(['grammy', 'telegraf']).default('grammy')),
  TELEGRAM_API_ROOT: z.preprocess(blankToUndefined, z.url().optional()),
  TELEGRAM_WEBHOOK_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), '1-256 characters: letters, digits, _ and -'),
  PORT: int(8080, 1, 65535),

  WECHATY_PUPPET: optionalString,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optionalString,
  WECHATY_PUPPET_SERVICE_AUTHORITY: z.preprocess(blankToUndefined, z.string().default('api.chatie.io')),
  // Wechaty's own cloud (Io) token: the bot never starts Io, but Wechaty reads the variable, so logs mask it.
  WECHATY_TOKEN: optionalString,
  WECHAT_AUTO_ACCEPT_FRIENDS: flag(true),
  WECHAT_SEND_GAP_MS: int(1500, 0, 600_000),
  WECHAT_SEND_PER_MINUTE: int(20, 1, 600),

  STAFF_TELEGRAM_CHAT_ID: optionalString.refine((v) => v === undefined || /^-?\d+$/.test(v), 'a numeric chat id such as -1001234567890'),
  STAFF_WECHAT_ROOM: optionalString,
  STAFF_USER_IDS: z.preprocess(
    (v) => (blankToUndefined(v) === undefined ? [] : String(v).split(',').map((s) => s.trim()).filter(Boolean)),
    z.array(z.string().regex(/^(telegram|wechat|console):.+$/, 'each id is platform-qualified, such as telegram:12345 or wechat:wxid_abc')),
  ),
  STAFF_HOURS: z.preprocess(blankToUndefined, z.string().default('Mon-Fri 09:00-18:00 Asia/Shanghai')),
  STAFF_REMIND_MINUTES: int(15, 1, 10_080),
});
export type Config = z.infer<typeof ConfigSchema>;

/**
 * Reads the configuration; throws ConfigError naming each bad variable and what it allows.
 * @example loadConfig({ DATA_DIR: '/tmp/bot' })
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
  throw new ConfigError('CONFIG_INVALID', `Configuration is not valid:\n  ${lines.join('\n  ')}\nFix these in the environment or .env (see .env.example).`);
}

/** Secret values, so loggers can mask them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.WECHATY_PUPPET_SERVICE_TOKEN, config.WECHATY_TOKEN].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
