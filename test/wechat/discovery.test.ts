/**
 * Looking up the puppet service for a token (what wechaty-puppet-service's own lookup would do,
 * before it crashes): an address, or an error that says what to check and never shows the token.
 */
import { describe, expect, it } from 'vitest';
import { discoverPuppetService } from '../../adapters/wechat/discovery.ts';
import { AdapterError } from '../../src/errors.ts';

const token = 'puppet_padlocal_0a1b2c3d4e5f';
const authority = 'discovery.example';

/** The AdapterError a lookup ends with. */
async function failure(lookup: Promise<string>): Promise<AdapterError> {
  const error: unknown = await lookup.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AdapterError)) throw new Error(`expected an AdapterError, got ${String(error)}`);
  return error;
}

describe('Puppet service discovery', () => {
  it('should ask the discovery service about the token and connect to the address it gives', async () => {
    const asked: string[] = [];
    const fetch = async (url: string) => {
      asked.push(url);
      return Response.json({ host: '203.0.113.7', port: 8788 });
    };
    expect(await discoverPuppetService({ token, authority, fetch })).toBe('203.0.113.7:8788');
    expect(asked).toEqual([`https://discovery.example/v0/hosties/${token}`]);
  });

  it('should say to check the token when the discovery service does not know it', async () => {
    const error = await failure(discoverPuppetService({ token, authority, fetch: async () => new Response('', { status: 404 }) }));
    expect(error.code).toBe('WECHAT_TOKEN_UNKNOWN');
    expect(error.message).toMatch(/check the token.*WECHATY_PUPPET_SERVICE_ENDPOINT/);
    expect(error.message).not.toContain(token);
  });

  it('should say the network is the problem when the discovery service cannot be reached', async () => {
    const offline = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND discovery.example'), { code: 'ENOTFOUND' }) });
    };
    const error = await failure(discoverPuppetService({ token, authority, fetch: offline }));
    expect(error.code).toBe('WECHAT_DISCOVERY_UNREACHABLE');
    expect(error.message).toMatch(/Could not reach discovery\.example .*\(ENOTFOUND\).*WECHATY_PUPPET_SERVICE_ENDPOINT/);
  });

  it('should not take an answer without a host and port for an address', async () => {
    const error = await failure(discoverPuppetService({ token, authority, fetch: async () => new Response('<html>Welcome to the hotel Wi-Fi</html>') }));
    expect(error.code).toBe('WECHAT_DISCOVERY_FAILED');
  });
});
