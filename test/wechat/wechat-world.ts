/**
 * A small WeChat for tests: wechaty-puppet-mock's Mocker plays the people and rooms, the app
 * runs the real WeChat adapter on it, either in process or through wechaty-puppet-service's
 * gRPC PuppetServer on loopback (the path token-based puppets use in production).
 * @example const wx = await wechatWorld('in-process'); const ana = wx.person('Ana'); await ana.send('你好');
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';
import { log as wechatyLog, types } from 'wechaty';
import type { payloads } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { PuppetServer, PuppetService } from 'wechaty-puppet-service';
import { createWechatAdapter, type WechatAdapter, type WechatAdapterOptions, type WechatPuppet } from '../../adapters/wechat/index.ts';
import type { AdapterContext } from '../../src/adapter-context.ts';
import { type App, type AppOptions, createApp } from '../../src/app.ts';
import { createEmergencyGuide } from '../../src/emergency.ts';
import { createEngine } from '../../src/engine.ts';
import { createI18n, DEFAULT_LOCALES_DIR, loadResourcesFrom } from '../../src/i18n.ts';
import { createLogger, type Logger, silentLogger } from '../../src/log.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { freePort, testConfig } from '../helpers/app.ts';

/** How the adapter reaches the mock WeChat. */
export type Transport = 'in-process' | 'puppet-server';
export const TRANSPORTS: Transport[] = ['in-process', 'puppet-server'];

// Wechaty's own logger prints warnings (insecure gRPC on loopback) that say nothing about the test.
wechatyLog.level('silent');

const teardowns: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (teardowns.length) await teardowns.pop()?.();
  vi.unstubAllEnvs();
});

/** Polls until `check` holds, failing with `what` after a while. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 5));
  }
}

/** What an adapter is built from, without an app: an engine on a memory store, and the given environment. */
export function adapterContext(env: Record<string, string> = {}, log: Logger = silentLogger): AdapterContext {
  const engine = createEngine({
    store: new MemoryStateStore(),
    i18n: createI18n(loadResourcesFrom([DEFAULT_LOCALES_DIR])),
    log,
    emergency: createEmergencyGuide(),
  });
  return { engine, config: testConfig(env), log };
}

/**
 * The gRPC client puppet, able to close its payload cache: the service client opens LevelDB
 * stores under ~/.wechaty at login and leaves them open at stop, which would race the removal
 * of the test's home folder.
 */
class ClosablePuppetService extends PuppetService {
  async closePayloadStore(): Promise<void> {
    await this._payloadStore.stop();
  }
}

/** The puppet the adapter drives, and how to take it down after the app stopped. */
async function connect(transport: Transport, mocker: mock.Mocker): Promise<{ puppet: WechatPuppet; close: () => Promise<void> }> {
  const mockPuppet = new PuppetMock({ mocker });
  if (transport === 'in-process') return { puppet: mockPuppet, close: async () => undefined };

  // The service client caches payloads under ~/.wechaty/<token>: keep that out of the real home.
  const home = await mkdtemp(join(tmpdir(), 'wechat-home-'));
  vi.stubEnv('HOME', home);
  const endpoint = `127.0.0.1:${await freePort()}`;
  // "insecure_" is the SNI prefix the client needs; with TLS off it only names the server.
  const token = `insecure_${randomUUID()}`;
  const server = new PuppetServer({ endpoint, token, puppet: mockPuppet, tls: { disable: true } });
  await server.start();
  const puppet = new ClosablePuppetService({ endpoint, token, tls: { disable: true } });
  return {
    puppet,
    close: async () => {
      await puppet.closePayloadStore();
      await server.stop();
      if (mockPuppet.state.active()) await mockPuppet.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * Listens to the mock's message events on a contact or room. The mock's classes are
 * EventEmitters whose typings do not survive packaging, hence the runtime check.
 */
function onMockMessage(target: mock.ContactMock | mock.RoomMock, listener: (message: mock.MessageMock) => void): void {
  if (!(target instanceof EventEmitter)) throw new Error('wechaty-puppet-mock no longer emits message events on contacts and rooms');
  target.on('message', listener);
}

/** Somebody on WeChat; remembers what the bot said to them one to one. */
export class WechatPerson {
  /** The bot's one-to-one messages to this person, oldest first. */
  readonly inbox: string[] = [];

  constructor(
    readonly world: WechatWorld,
    readonly contact: mock.ContactMock,
  ) {
    onMockMessage(contact, (message) => {
      if (message.talker().id === world.self.id && !message.room()) this.inbox.push(message.text() ?? '');
    });
  }

  get id(): string {
    return this.contact.id;
  }

  /** Writes to the bot and resolves with everything it answered. */
  async send(text: string): Promise<string[]> {
    const before = this.inbox.length;
    this.contact.say(text).to(this.world.self);
    return this.#replies(before, `a reply to "${text}"`);
  }

  /** Sends a non-text message of the given WeChat type (photo, voice…) and resolves with the answer. */
  async sendKind(type: types.Message): Promise<string[]> {
    const before = this.inbox.length;
    const payload: payloads.Message = { id: randomUUID(), talkerId: this.id, listenerId: this.world.self.id, timestamp: Date.now(), type };
    this.world.mocker.MessageMock.create(payload);
    this.world.mocker.puppet.emit('message', { messageId: payload.id });
    return this.#replies(before, `a reply to a ${types.Message[type]} message`);
  }

  async #replies(before: number, what: string): Promise<string[]> {
    await until(() => this.inbox.length > before, what);
    await this.world.adapter.idle();
    return this.inbox.slice(before);
  }
}

/** A WeChat group with the bot in it; remembers what the bot said there. */
export class WechatRoom {
  readonly said: string[] = [];

  constructor(
    readonly world: WechatWorld,
    readonly room: mock.RoomMock,
  ) {
    onMockMessage(room, (message) => {
      if (message.talker().id === world.self.id) this.said.push(message.text() ?? '');
    });
  }

  /** `who` writes in the room, mentioning the bot when `mention` is set (as WeChat does: "@name" plus U+2005). */
  say(who: WechatPerson, text: string, { mention = false } = {}): void {
    if (mention) who.contact.say(`@${this.world.selfName}\u2005${text}`, [this.world.self]).to(this.room);
    else who.contact.say(text).to(this.room);
  }

  /** Waits for the bot's next words in the room and for the adapter to finish sending. */
  async replies(before: number): Promise<string[]> {
    await until(() => this.said.length > before, 'the bot to speak in the room');
    await this.world.adapter.idle();
    return this.said.slice(before);
  }
}

export interface WechatWorld {
  readonly app: App;
  readonly adapter: WechatAdapter;
  readonly mocker: mock.Mocker;
  /** The bot's own WeChat account. */
  readonly self: mock.ContactMock;
  readonly selfName: string;
  /** What the adapter printed for the operator (QR code, login notices). */
  readonly printed: string[];
  /** Structured log lines the app wrote (JSON, debug level and up). */
  readonly logs: string[];
  person(name: string): WechatPerson;
  room(topic: string, people: WechatPerson[]): WechatRoom;
  /** Logs the bot's account in (as scanning the QR code would) and waits for Wechaty to say so. */
  logIn(): Promise<void>;
}

export interface WorldOptions extends Pick<AppOptions, 'flows' | 'plugins' | 'extraLocaleDirs'>, Pick<WechatAdapterOptions, 'confirmWaitMs' | 'onStaffRoom'> {
  env?: Record<string, string>;
  /** Leave the bot logged out (login tests drive scan and login themselves). */
  loggedOut?: boolean;
}

/**
 * Starts the app with the WeChat adapter on a mock WeChat and logs the bot in; all of it is
 * stopped after the test. Sends are paced with no gap so tests run fast.
 */
export async function wechatWorld(transport: Transport, options: WorldOptions = {}): Promise<WechatWorld> {
  const mocker = new mock.Mocker();
  const selfName = '小助手';
  const self = mocker.createContact({ name: selfName });
  const { puppet, close } = await connect(transport, mocker);
  const printed: string[] = [];
  const logs: string[] = [];
  const config = testConfig({ WECHAT_SEND_GAP_MS: '0', WECHAT_SEND_PER_MINUTE: '600', ...options.env });
  let adapter: WechatAdapter | undefined;
  const app = await createApp({
    config,
    console: false,
    store: new MemoryStateStore(),
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    ...(options.flows ? { flows: options.flows } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.extraLocaleDirs ? { extraLocaleDirs: options.extraLocaleDirs } : {}),
    adapters: [
      (ctx) =>
        (adapter = createWechatAdapter(ctx, {
          puppet,
          output: { write: (text: string) => printed.push(text) },
          ...(options.confirmWaitMs === undefined ? {} : { confirmWaitMs: options.confirmWaitMs }),
          ...(options.onStaffRoom ? { onStaffRoom: options.onStaffRoom } : {}),
        })),
    ],
  });
  if (!adapter) throw new Error('createApp did not build the WeChat adapter');
  const wechat = adapter;
  teardowns.push(async () => {
    await app.stop();
    await close();
  });
  await app.start();
  const bot = wechat.bot;
  if (!bot) throw new Error('the WeChat adapter started without a Wechaty');

  const world: WechatWorld = {
    app,
    adapter: wechat,
    mocker,
    self,
    selfName,
    printed,
    logs,
    person: (name) => new WechatPerson(world, mocker.createContact({ name })),
    room: (topic, people) => new WechatRoom(world, mocker.createRoom({ topic, memberIdList: [self.id, ...people.map((p) => p.id)] })),
    async logIn() {
      const loggedIn = new Promise((resolve) => bot.once('login', resolve));
      mocker.login(self);
      await loggedIn;
    },
  };
  if (!options.loggedOut) await world.logIn();
  return world;
}
