/**
 * Wechaty's own log lines (its two brolog loggers) reach the app's log as structured lines with
 * every token masked, and never the console, whatever level Wechaty logs at.
 */
import { log as brologGlobal } from 'brolog';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log as wechatyLog } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { createWechatAdapter } from '../../adapters/wechat/index.ts';
import { createLogger } from '../../src/log.ts';
import { adapterContext } from './wechat-world.ts';

// Neither looks like a token to the app's logger (no puppet_ prefix): only the route can mask them.
const SERVICE_TOKEN = 'padlocal_3f9a0c1e-6b2d-4e7f-8a15-c0d4b9e2f671';
const PUPPET_TOKEN = 'insecure_5f0c2d9e-7b1a-4c3e-9d2f-8a6b4e1c0f37';

/** The app's log lines, and the console's, once a WeChat adapter is built with both tokens and Wechaty logs everything. */
function watch() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  createWechatAdapter(adapterContext({ WECHATY_PUPPET_SERVICE_TOKEN: SERVICE_TOKEN }, log), { puppet: new PuppetMock({ token: PUPPET_TOKEN }) });
  wechatyLog.level('silly');
  brologGlobal.level('silly');
  const consoleCalls = (['log', 'info', 'warn', 'error'] as const).map((method) => vi.spyOn(console, method));
  return { lines, consoleWasUsed: () => consoleCalls.some((spy) => spy.mock.calls.length > 0) };
}

describe("Wechaty's own log lines", () => {
  afterEach(() => {
    wechatyLog.level('silent');
    brologGlobal.level('info');
    vi.restoreAllMocks();
  });

  it("should mask WECHATY_PUPPET_SERVICE_TOKEN in wechaty-token's discovery warning", () => {
    const { lines, consoleWasUsed } = watch();
    brologGlobal.warn('WechatyToken', 'discover() endpoint<https://api.chatie.io/v0/hosties/%s> rejection', SERVICE_TOKEN);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', event: 'wechaty.log', module: 'WechatyToken', message: expect.stringContaining('hosties/***>') });
    expect(lines.join('\n')).not.toContain(SERVICE_TOKEN);
    expect(consoleWasUsed()).toBe(false);
  });

  it("should mask the puppet's own token in Wechaty's verbose lines, logged at debug", () => {
    const { lines, consoleWasUsed } = watch();
    wechatyLog.verbose('GrpcManager', 'constructor(%s)', JSON.stringify({ token: PUPPET_TOKEN, endpoint: '127.0.0.1:8788' }));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'debug', module: 'GrpcManager', message: expect.stringContaining('"token":"***"') });
    expect(lines.join('\n')).not.toContain(PUPPET_TOKEN);
    expect(consoleWasUsed()).toBe(false);
  });
});
