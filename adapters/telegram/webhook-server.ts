/**
 * The HTTP server for webhook mode, shared by both drivers: POST on the webhook path with the
 * right `X-Telegram-Bot-Api-Secret-Token` hands the update on; anything else is refused before
 * it can reach the engine. GET /health answers 200 for load balancers and uptime checks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log.ts';

export interface WebhookServerOptions {
  /** The path Telegram posts to (the path of TELEGRAM_WEBHOOK_URL). */
  path: string;
  /** The secret given to setWebhook; requests must carry it in the header. */
  secret: string;
  /** 0 picks a free port. */
  port: number;
  /** Default: every interface. */
  host?: string;
  /** Handles one update; the request is answered when it resolves (or after `ackAfterMs`). */
  onUpdate(update: WebhookUpdate): Promise<void>;
  log: Logger;
  /** Telegram re-sends an update it got no answer for; answer by then even if work goes on. Default 10 s. */
  ackAfterMs?: number;
  /** Larger bodies are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Extra fields for the health answer (driver, mode). */
  health?: Record<string, string>;
}

/** An update as it arrives: checked to be an object with an update_id, the rest left to the driver. */
export type WebhookUpdate = { update_id: number } & Record<string, unknown>;

/** A listening webhook server. */
export interface WebhookServer {
  readonly port: number;
  /** Stops accepting, lets requests in progress finish (bounded), then closes. */
  close(): Promise<void>;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const CLOSE_GRACE_MS = 15_000;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compares a secret with the expected one's digest in constant time, whatever their lengths. */
function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), expected);
}

/** The path of a request target ("/hook?x=1" -> "/hook"), without building a whole URL. */
function pathOf(target: string | undefined): string {
  const url = target ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Reads the body, or undefined when it is larger than `max` bytes (the rest is drained unread).
 * Events rather than `for await`: the async iterator cost more than the update's JSON.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      // Refused at once; the rest still flows in here and is dropped, so the answer gets out.
      else resolve(undefined);
    });
    req.once('end', () => resolve(size > max ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function parseUpdate(body: Buffer): WebhookUpdate | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { update_id?: unknown }).update_id === 'number') {
      return value as WebhookUpdate;
    }
  } catch {
    // Not JSON: refused below like any other malformed body.
  }
  return undefined;
}

/** Starts listening; resolves once the port is bound. */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { log, path } = options;
  const secret = digest(options.secret);
  const ackAfterMs = options.ackAfterMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const inFlight = new Set<Promise<void>>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = pathOf(req.url);
    if (pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      answer(res, 200, { ok: true, platform: 'telegram', ...options.health });
      return;
    }
    if (pathname !== path) return answer(res, 404, { ok: false, error: 'not found' });
    if (req.method !== 'POST') return answer(res, 405, { ok: false, error: 'POST only' });
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) {
      // Never log the header: a wrong secret may be a near miss of the right one.
      log.warn('telegram.webhook_refused', { reason: req.headers[SECRET_HEADER] === undefined ? 'no secret header' : 'wrong secret' });
      return answer(res, 401, { ok: false, error: 'unauthorized' });
    }
    const body = await readBody(req, maxBodyBytes);
    if (!body) return answer(res, 413, { ok: false, error: 'too large' });
    const update = parseUpdate(body);
    if (!update) return answer(res, 400, { ok: false, error: 'not an update' });

    const work = options.onUpdate(update).catch((error: unknown) => log.error('telegram.webhook_update_failed', { update: update.update_id, error }));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ackAfterMs)))]);
    clearTimeout(timer);
    answer(res, 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('telegram.webhook_failed', { error });
      answer(res, 500, { ok: false });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // The path is not logged: people sometimes put the bot token in it.
  log.info('telegram.webhook_listening', { port });

  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
