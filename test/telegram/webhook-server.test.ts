import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookServer, type WebhookServer, type WebhookUpdate } from '../../adapters/telegram/webhook-server.ts';
import { silentLogger } from '../../src/log.ts';

const servers: WebhookServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function server(onUpdate: (update: WebhookUpdate) => Promise<void> = async () => {}) {
  const started = await startWebhookServer({ path: '/hook', secret: 's3cret', port: 0, host: '127.0.0.1', onUpdate, log: silentLogger, maxBodyBytes: 1000 });
  servers.push(started);
  return (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${started.port}${path}`, init);
}

const withSecret = (body: string, secret = 's3cret'): RequestInit => ({ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secret }, body });

describe('the webhook server', () => {
  it('should hand on an update with the right secret and answer 200 once it is handled', async () => {
    const seen: number[] = [];
    const call = await server(async (update) => {
      seen.push(update.update_id);
    });
    expect((await call('/hook', withSecret('{"update_id":5}'))).status).toBe(200);
    expect(seen).toEqual([5]);
  });

  it('should refuse what is not a proper update call', async () => {
    const seen: number[] = [];
    const call = await server(async (update) => {
      seen.push(update.update_id);
    });
    expect((await call('/hook', withSecret('{"update_id":5}', 's3cre'))).status).toBe(401);
    expect((await call('/hook', withSecret('not json'))).status).toBe(400);
    expect((await call('/hook', withSecret('[1]'))).status).toBe(400);
    expect((await call('/hook', withSecret(JSON.stringify({ update_id: 1, pad: 'x'.repeat(2000) })))).status).toBe(413);
    expect((await call('/hook', { method: 'GET' })).status).toBe(405);
    expect((await call('/elsewhere', withSecret('{"update_id":5}'))).status).toBe(404);
    expect(seen).toEqual([]);
  });

  it('should take an update posted to the path with a query string, as some proxies leave one', async () => {
    const seen: number[] = [];
    const call = await server(async (update) => {
      seen.push(update.update_id);
    });
    expect((await call('/hook?via=proxy', withSecret('{"update_id":7}'))).status).toBe(200);
    expect((await call('/hooked', withSecret('{"update_id":8}'))).status).toBe(404);
    expect(seen).toEqual([7]);
  });

  it('should answer the health check', async () => {
    const call = await server();
    const health = await call('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, platform: 'telegram' });
  });
});
