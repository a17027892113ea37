/**
 * Turning the adapter on from configuration: WECHATY_PUPPET names the puppet package, and
 * mistakes stop start-up with a message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { log as wechatyLog } from 'wechaty';
import { createWechatAdapter } from '../../adapters/wechat/index.ts';
import { createEngine } from '../../src/engine.ts';
import { createEmergencyGuide } from '../../src/emergency.ts';
import { ConfigError } from '../../src/errors.ts';
import { createI18n, DEFAULT_LOCALES_DIR, loadResourcesFrom } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { tempDir, testConfig } from '../helpers/app.ts';

wechatyLog.level('silent');

/** What an adapter is built from, with the given environment. */
function context(env: Record<string, string>) {
  const engine = createEngine({
    store: new MemoryStateStore(),
    i18n: createI18n(loadResourcesFrom([DEFAULT_LOCALES_DIR])),
    log: silentLogger,
    emergency: createEmergencyGuide(),
  });
  return { engine, config: testConfig(env), log: silentLogger };
}

describe('WeChat adapter from configuration', () => {
  it('should refuse wechaty-puppet-service without a token, saying where the token goes', () => {
    const build = () => createWechatAdapter(context({ WECHATY_PUPPET: 'wechaty-puppet-service' }));
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/WECHATY_PUPPET_SERVICE_TOKEN/);
  });

  it('should say how to install a puppet package that is missing', async () => {
    const adapter = createWechatAdapter(context({ WECHATY_PUPPET: 'wechaty-puppet-not-installed-anywhere' }), { output: { write: () => true } });
    await expect(adapter.start()).rejects.toThrow(/npm install wechaty-puppet-not-installed-anywhere/);
    await adapter.stop();
  });

  it('should build and start the puppet WECHATY_PUPPET names', async () => {
    const adapter = createWechatAdapter(context({ WECHATY_PUPPET: 'wechaty-puppet-mock', DATA_DIR: await tempDir() }), { output: { write: () => true } });
    await adapter.start();
    try {
      expect(adapter.bot?.puppet.name()).toContain('wechaty-puppet-mock');
    } finally {
      await adapter.stop();
    }
  });
});
