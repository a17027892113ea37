/**
 * Turning the adapter on from configuration: WECHATY_PUPPET names the puppet package, and
 * mistakes stop start-up with a message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { createWechatAdapter } from '../../adapters/wechat/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { tempDir } from '../helpers/app.ts';
import { adapterContext as context } from './wechat-world.ts';

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
