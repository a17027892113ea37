/**
 * A small loopback HTTP proxy in front of the Telegram tests' Bot API world
 * (test/telegram/bot-api-world.ts), adding what that world does not inject: 5xx answers.
 * 429s and dropped connections come from the world itself.
 * @example const layer = await startFaultLayer(world.apiRoot); layer.fail({ method: 'sendMessage', status: 502, chatId: 7 });
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { takeFault } from '../telegram/bot-api-world.ts';

/** Answer `method` (for one chat, if given) with `status`, `times` times (default once), after letting `after` calls through. */
export interface ServerFault {
  method: string;
  status: 500 | 502 | 503;
  chatId?: number;
  times?: number;
  after?: number;
}

const DESCRIPTIONS: Record<ServerFault['status'], string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export interface FaultLayer {
  /** What TELEGRAM_API_ROOT points at. */
  readonly apiRoot: string;
  /** Calls answered with a fault, in order. */
  readonly faulted: { method: string; chatId: unknown; status: number }[];
  fail(fault: ServerFault): void;
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the layer on a free loopback port, forwarding everything else to `target`. */
export async function startFaultLayer(target: string): Promise<FaultLayer> {
  const faults: Required<ServerFault>[] = [];
  const faulted: FaultLayer['faulted'] = [];
  const pending = new Set<AbortController>();

  const take = (method: string, chatId: unknown): Required<ServerFault> | undefined => takeFault(faults, method, chatId);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await body(req);
    const method = /\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://layer').pathname)?.[1] ?? '';
    let chatId: unknown;
    try {
      chatId = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as { chat_id?: unknown }).chat_id : undefined;
    } catch {
      chatId = undefined;
    }
    const fault = take(method, chatId);
    if (fault) {
      faulted.push({ method, chatId, status: fault.status });
      res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: fault.status, description: DESCRIPTIONS[fault.status] }));
      return;
    }
    const abort = new AbortController();
    pending.add(abort);
    try {
      const answer = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
        ...(raw.length > 0 ? { body: raw } : {}),
        signal: abort.signal,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      // The world dropped the connection (its own fault) or the layer is stopping: pass the drop on.
      req.socket.destroy();
    } finally {
      pending.delete(abort);
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faulted,
    fail(fault) {
      faults.push({ chatId: Number.NaN, times: 1, after: 0, ...fault });
    },
    async stop() {
      for (const abort of pending) abort.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
