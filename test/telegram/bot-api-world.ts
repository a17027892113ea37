/**
 * A small Telegram for tests: telegram-test-api emulates the Bot API on loopback, and a tiny
 * HTTP proxy sits between the bot (TELEGRAM_API_ROOT) and the emulator to record every call,
 * answer the methods the emulator lacks, hold getUpdates like a real long poll, and inject
 * faults (429, 403, a dropped connection) at the HTTP level.
 * @example const world = await startBotApiWorld(); const ana = world.chat(token, { chatId: 7 }); await ana.command('/start');
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { InlineButton } from '../../adapters/telegram/bot-api.ts';

/** One Bot API call as the proxy saw it. */
export interface RecordedCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
  /** Set when the proxy answered with a fault instead of the emulator. */
  fault?: FaultKind;
}

export type FaultKind = '401' | '429' | '403' | 'drop';

/** Answer `method` (for one chat, if given) with a fault, `times` times (default once), after letting `after` calls through. */
/** What every injected fault has: the method it hits, which chat (NaN: any), how often, after how many calls. */
export interface FaultRule {
  method: string;
  chatId: number;
  times: number;
  after: number;
}

/** The fault due for this call, counted down; undefined when the call goes through untouched. */
export function takeFault<F extends FaultRule>(faults: F[], method: string, chatId: unknown): F | undefined {
  const fault = faults.find((f) => f.method === method && f.times > 0 && (Number.isNaN(f.chatId) || String(f.chatId) === String(chatId)));
  if (!fault) return undefined;
  if (fault.after > 0) {
    fault.after -= 1;
    return undefined;
  }
  fault.times -= 1;
  return fault;
}

export interface Fault {
  method: string;
  kind: FaultKind;
  chatId?: number;
  times?: number;
  after?: number;
}

/** A message the bot sent, as the emulator keeps it now (edits included). */
export interface BotMessage {
  id: number;
  chatId: number;
  text: string;
  buttons: InlineButton[];
  keyboard: InlineButton[][] | undefined;
}

const TOO_MANY = { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
const BLOCKED = { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
const UNAUTHORIZED = { ok: false, error_code: 401, description: 'Unauthorized' };
/** Methods the emulator implements; the proxy answers every other one itself. */
const EMULATED = new Set(['getMe', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'answerCallbackQuery', 'deleteMessage', 'deleteWebhook']);
/** A held getUpdates returns after this long with nothing, like a real long poll that timed out. */
const LONG_POLL_MS = 1500;
const POLL_EVERY_MS = 15;
const WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `probe` returns a value (not undefined), or fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_EVERY_MS);
  }
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The emulator, the proxy in front of it, and what went through. */
export class BotApiWorld {
  readonly calls: RecordedCall[] = [];
  readonly #faults: Required<Fault>[] = [];
  readonly #heldPolls = new Map<ServerResponse, string>();
  #tokens = 0;

  constructor(
    readonly emulator: TelegramServer,
    readonly proxy: Server,
  ) {}

  /** What TELEGRAM_API_ROOT points at: the proxy. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
  }

  /** A fresh bot token, so tests sharing the emulator never see each other's updates. */
  newToken(): string {
    this.#tokens += 1;
    return `${100000 + this.#tokens}:TEST-token-${this.#tokens}-${'x'.repeat(30)}`;
  }

  /** Arms a fault. A dropped getUpdates also cuts the long poll being held right now. */
  fail(fault: Fault): void {
    this.#faults.push({ chatId: Number.NaN, times: 1, after: 0, ...fault });
    if (fault.method === 'getUpdates' && fault.kind === 'drop') {
      for (const [res, token] of this.#heldPolls) {
        if (!this.#takeFault('getUpdates', undefined)) break;
        this.calls.push({ token, method: 'getUpdates', body: {}, fault: 'drop' });
        res.socket?.destroy();
      }
    }
  }

  /** Disarms faults a test left unused. */
  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** The calls one bot made to `method`, in order. */
  callsOf(token: string, method: string): RecordedCall[] {
    return this.calls.filter((c) => c.token === token && c.method === method);
  }

  /** A person (or a group) talking to one bot. */
  chat(token: string, options: ChatOptions): TestChat {
    return new TestChat(this, token, options);
  }

  /** Everything one bot has sent to one chat, in order, as it looks now. */
  botMessages(token: string, chatId: number): BotMessage[] {
    return this.emulator.storage.botMessages
      .filter((stored) => stored.botToken === token && Number(stored.message.chat_id) === chatId)
      .map((stored) => {
        const markup = stored.message.reply_markup as { inline_keyboard?: InlineButton[][] } | undefined;
        const keyboard = markup?.inline_keyboard;
        return { id: stored.messageId, chatId, text: stored.message.text, keyboard, buttons: keyboard?.flat() ?? [] };
      });
  }

  async stop(): Promise<void> {
    for (const res of this.#heldPolls.keys()) res.socket?.destroy();
    this.proxy.closeAllConnections();
    await new Promise((resolve) => this.proxy.close(resolve));
    await this.emulator.stop();
  }

  #takeFault(method: string, chatId: unknown): Required<Fault> | undefined {
    return takeFault(this.#faults, method, chatId);
  }

  /** The proxy's request handler. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://proxy').pathname);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', method = ''] = match;
    const body = await readJson(req);
    if (method === 'getUpdates') return this.#longPoll(token, body, res);

    const fault = this.#takeFault(method, body.chat_id);
    this.calls.push({ token, method, body, ...(fault ? { fault: fault.kind } : {}) });
    if (fault?.kind === '429') return reply(res, 429, TOO_MANY);
    if (fault?.kind === '403') return reply(res, 403, BLOCKED);
    if (fault?.kind === '401') return reply(res, 401, UNAUTHORIZED);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (!EMULATED.has(method)) return reply(res, 200, { ok: true, result: true });
    const answer = await fetch(`${this.emulator.config.apiURL}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  }

  /** The emulator answers getUpdates at once; hold it like Telegram does, so bots do not spin. */
  async #longPoll(token: string, _body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.#takeFault('getUpdates', undefined)?.kind === 'drop') {
      this.calls.push({ token, method: 'getUpdates', body: {}, fault: 'drop' });
      res.socket?.destroy();
      return;
    }
    this.#heldPolls.set(res, token);
    let gone = false;
    res.on('close', () => {
      gone = true;
      this.#heldPolls.delete(res);
    });
    const deadline = Date.now() + LONG_POLL_MS;
    while (!gone) {
      const updates = this.emulator.getUpdates(token);
      if (updates.length > 0 || Date.now() > deadline) {
        this.#heldPolls.delete(res);
        return reply(res, 200, { ok: true, result: updates });
      }
      await sleep(POLL_EVERY_MS);
    }
  }
}

export interface ChatOptions {
  chatId: number;
  userId?: number;
  type?: 'private' | 'group';
  firstName?: string;
  languageCode?: string;
}

/** One chat as the person in it sees it: what they send, and the bot's messages in order. */
export class TestChat {
  readonly client: ReturnType<TelegramServer['getClient']>;
  /** How many bot messages have been read with `next`. */
  #read = 0;

  constructor(
    readonly world: BotApiWorld,
    readonly token: string,
    readonly options: ChatOptions,
  ) {
    this.client = world.emulator.getClient(token, {
      chatId: options.chatId,
      userId: options.userId ?? options.chatId,
      type: options.type ?? 'private',
      firstName: options.firstName ?? 'Ana',
      userName: 'ana_test',
    });
  }

  get #from() {
    const id = this.options.userId ?? this.options.chatId;
    return { id, is_bot: false, first_name: this.options.firstName ?? 'Ana', ...(this.options.languageCode ? { language_code: this.options.languageCode } : {}) };
  }

  /** Types a message (extra fields such as entities or reply_to_message merge in). */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.client.sendMessage({ ...this.client.makeMessage(text), from: this.#from, ...extra });
  }

  /** Sends a /command. */
  async command(text: string): Promise<void> {
    await this.client.sendCommand({ ...this.client.makeCommand(text), from: this.#from });
  }

  /** Sends a non-text message (a photo, a sticker…) given by its Bot API fields. */
  async sendAttachment(fields: Record<string, unknown>): Promise<void> {
    const { text: _text, ...message } = this.client.makeMessage('');
    await this.client.sendMessage({ ...message, text: '', from: this.#from, ...fields });
    // The emulator insists on a text field; an empty one is what a photo without caption reads as.
  }

  /** Presses the button whose label contains `label` on the latest bot message that has one. */
  async press(label: string): Promise<void> {
    const messages = this.messages();
    const target = [...messages].reverse().find((m) => m.buttons.some((b) => b.text.includes(label)));
    const button = target?.buttons.find((b) => b.text.includes(label));
    if (!target || !button) throw new Error(`No button "${label}" in: ${messages.map((m) => m.buttons.map((b) => b.text).join(' | ')).join(' / ') || 'no messages'}`);
    await this.pressData(button.callback_data, target.id);
  }

  /** Presses a button by its callback data, as if on message `messageId`. */
  async pressData(data: string, messageId = 1): Promise<void> {
    const query = this.client.makeCallbackQuery(data);
    await this.client.sendCallback({
      ...query,
      from: this.#from,
      message: { message_id: messageId, date: query.date, chat: { id: this.options.chatId, type: this.options.type ?? 'private', first_name: 'Ana' } },
    });
  }

  /** Every message the bot sent here, as it looks now. */
  messages(): BotMessage[] {
    return this.world.botMessages(this.token, this.options.chatId);
  }

  /** The next `count` bot messages not read yet (waiting for them). */
  async next(count = 1): Promise<BotMessage[]> {
    const from = this.#read;
    const got = await waitFor(`${count} more bot message(s) in chat ${this.options.chatId} (read ${from} so far)`, () => {
      const all = this.messages();
      return all.length >= from + count ? all.slice(from, from + count) : undefined;
    });
    this.#read = from + count;
    return got;
  }

  /** The next bot message (waiting for it). */
  async nextOne(): Promise<BotMessage> {
    const [message] = await this.next(1);
    if (!message) throw new Error('no message');
    return message;
  }

  /** Waits until a message the bot sent is edited to contain `text`. */
  async edited(messageId: number, text: string): Promise<BotMessage> {
    return waitFor(`message ${messageId} to be edited to contain "${text}"`, () => this.messages().find((m) => m.id === messageId && m.text.includes(text)));
  }

  /** Bot messages not read yet, without waiting. */
  unread(): BotMessage[] {
    return this.messages().slice(this.#read);
  }
}

/** Starts the emulator and the proxy on loopback ports. */
export async function startBotApiWorld(): Promise<BotApiWorld> {
  // telegram-test-api treats port 0 as "use 9000", so ask the system for a free port first.
  const emulator = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
  await emulator.start();
  const proxy = createHttpServer();
  const world = new BotApiWorld(emulator, proxy);
  proxy.on('request', (req: IncomingMessage, res: ServerResponse) => {
    world.handle(req, res).catch((error: unknown) => reply(res, 500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return world;
}
