/**
 * A puppet that cannot start (a service that refuses, a wrong token) stops start-up with a coded
 * error that says what to check, instead of a WeChat adapter that runs and never logs in.
 */
import { describe, expect, it } from 'vitest';
import { PuppetMock } from 'wechaty-puppet-mock';
import { createWechatAdapter } from '../../adapters/wechat/index.ts';
import { AdapterError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { adapterContext } from './wechat-world.ts';

const TOKEN = 'insecure_0b7e4c2a-91d3-4f68-a5e0-3c8d2b1f9a74';

/** A puppet whose start fails the way a gRPC client's does when the service refuses the connection. */
class RefusedPuppet extends PuppetMock {
  override async onStart(): Promise<void> {
    throw new Error(`14 UNAVAILABLE: No connection established for ${TOKEN}. Last error: connect ECONNREFUSED 127.0.0.1:8788`);
  }
}

/** Starts an adapter on the refusing puppet: the error, the adapter after it, and the app's log lines. */
async function startRefused() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const adapter = createWechatAdapter(adapterContext({}, log), { puppet: new RefusedPuppet({ token: TOKEN }), output: { write: () => true } });
  const error: unknown = await adapter.start().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, adapter, lines };
}

// Wechaty waits five seconds for a puppet that failed mid-start to settle: fail it once for all tests.
let refused: ReturnType<typeof startRefused> | undefined;
const startRefusedOnce = () => (refused ??= startRefused());

describe('WeChat adapter whose puppet cannot start', () => {
  it('should stop start-up with WECHAT_START_FAILED and the puppet’s reason, not report itself started', async () => {
    const { error, adapter, lines } = await startRefusedOnce();
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ code: 'WECHAT_START_FAILED', message: expect.stringMatching(/^WeChat did not start: .*ECONNREFUSED 127\.0\.0\.1:8788.*Check /) });
    expect(adapter.bot).toBeUndefined();
    expect(lines.join('\n')).not.toContain('"wechat.started"');
  });

  it('should not show the token the puppet put in its reason', async () => {
    const { error } = await startRefusedOnce();
    expect(error).toMatchObject({ message: expect.stringContaining('established for ***.') });
    expect(String(error)).not.toContain(TOKEN);
  });
});
