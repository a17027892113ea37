/**
 * The WeChat adapter, on Wechaty: WeChat messages become the engine's Incoming, the engine's
 * replies go back as paced text messages with choices as a numbered list. Which WeChat protocol
 * is used is the puppet's business (WECHATY_PUPPET, or a puppet instance passed in).
 */
import { resolve } from 'node:path';
import { types, WechatyBuilder } from 'wechaty';
import type { Contact, Friendship, Message, Wechaty } from 'wechaty';
import type { AdapterContext } from '../../src/adapter-context.ts';
import type { Config } from '../../src/config.ts';
import { AdapterError, ConfigError } from '../../src/errors.ts';
import { KeyedQueue } from '../../src/keyed-queue.ts';
import { type Logger, redact } from '../../src/log.ts';
import { type Address, conversationKey, type Reply } from '../../src/message.ts';
import { renderParts } from '../../src/render.ts';
import type { Adapter, Capabilities } from '../../src/turn.ts';
import { discoverPuppetService } from './discovery.ts';
import { readFacts, toIncoming } from './incoming.ts';
import { type StopWatching, type TextOutput, watchLogin } from './login.ts';
import { Pacer } from './pacer.ts';
import { routeWechatyLogs } from './wechaty-log.ts';

/** A Wechaty puppet instance (mock, service client, or any protocol). */
export type WechatPuppet = Wechaty['puppet'];

export interface WechatAdapterOptions {
  /** The puppet to drive (tests, embedders); default: the package WECHATY_PUPPET names. */
  puppet?: WechatPuppet;
  /** Where the login QR code and login notices are printed; default: stdout. */
  output?: TextOutput;
  /** How long after accepting a friend request to wait for WeChat's confirmation before greeting anyway. */
  confirmWaitMs?: number;
  /**
   * Told the room whose topic is STAFF_WECHAT_ROOM once the adapter finds it (after login, on a
   * rename, or when a message comes from it), so handoff can post tickets there.
   */
  onStaffRoom?: (channel: Pick<Address, 'platform' | 'chatId'>) => Promise<void> | void;
}

/** The WeChat adapter, with the running Wechaty for embedders and tests. */
export interface WechatAdapter extends Adapter {
  /** The Wechaty instance while the adapter runs. */
  readonly bot: Wechaty | undefined;
  /** Resolves once every message received so far has been handled and its replies sent. */
  idle(): Promise<void>;
}

/**
 * WeChat shows one bubble per message and long bubbles are hard to read on a phone: 1500
 * characters is about two phone screens of Chinese, and most answers fit in one bubble, which
 * also keeps the number of sends (and the account's risk) down.
 */
export const WECHAT_CAPABILITIES: Capabilities = { buttons: false, maxText: 1500, editInPlace: false, defaultLang: 'zh' };

/** Friend requests get one greeting even if the puppet reports the friendship twice. */
const GREETED_TTL_MS = 10 * 60_000;
const CONFIRM_WAIT_MS = 10_000;
/** On stop, replies still queued get this long to go out. */
const STOP_GRACE_MS = 5_000;
/** Room members recently heard from, to @-mention in answers; older ones are forgotten. */
const TALKERS_KEPT = 500;

/** Checks the puppet settings before anything starts, so a missing token fails at start-up with advice. */
function checkPuppetConfig(config: Config): string {
  const name = config.WECHATY_PUPPET;
  if (!name) {
    throw new ConfigError(
      'WECHAT_PUPPET_MISSING',
      'WECHATY_PUPPET is empty: set it to a Wechaty puppet package (for example wechaty-puppet-wechat4u, or wechaty-puppet-service with WECHATY_PUPPET_SERVICE_TOKEN), or unset it to run without WeChat.',
    );
  }
  if (name === 'wechaty-puppet-service' && !config.WECHATY_PUPPET_SERVICE_TOKEN) {
    throw new ConfigError(
      'WECHAT_TOKEN_MISSING',
      'WECHATY_PUPPET=wechaty-puppet-service needs WECHATY_PUPPET_SERVICE_TOKEN: set it to the token your puppet service gave you, or use a puppet that needs none such as wechaty-puppet-wechat4u.',
    );
  }
  return name;
}

type PuppetConstructor = new (options: { token?: string; endpoint?: string }) => WechatPuppet;

const SERVICE_PUPPET = 'wechaty-puppet-service';

/**
 * Loads and builds the puppet WECHATY_PUPPET names, with the service token when there is one.
 * wechaty-puppet-service gets the service's address too: WECHATY_PUPPET_SERVICE_ENDPOINT, or
 * what discovery finds for the token (see discovery.ts for why the client's own lookup is not used).
 */
async function puppetFromConfig(name: string, config: Config, log: Logger): Promise<WechatPuppet> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(name)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(
      'WECHAT_PUPPET_NOT_INSTALLED',
      `WECHATY_PUPPET=${name} could not be loaded: install it with "npm install ${name}", or use wechaty-puppet-service (installed) with WECHATY_PUPPET_SERVICE_TOKEN.`,
      { cause: error },
    );
  }
  if (typeof loaded.default !== 'function') {
    throw new ConfigError('WECHAT_PUPPET_INVALID', `WECHATY_PUPPET=${name} is not a Wechaty puppet package (it has no default export to build a puppet from).`);
  }
  const Puppet = loaded.default as PuppetConstructor;
  const token = config.WECHATY_PUPPET_SERVICE_TOKEN;
  if (name !== SERVICE_PUPPET || !token) return new Puppet(token ? { token } : {});
  let endpoint = config.WECHATY_PUPPET_SERVICE_ENDPOINT;
  if (!endpoint) {
    const authority = config.WECHATY_PUPPET_SERVICE_AUTHORITY;
    endpoint = await discoverPuppetService({ token, authority });
    log.info('wechat.puppet_service_found', { authority, endpoint });
  }
  return new Puppet({ token, endpoint });
}

/** The start-up error for a puppet that did not start, with what to check; tokens masked. */
function startFailure(puppetName: string, cause: unknown, tokens: readonly (string | undefined)[]): AdapterError {
  const said = cause instanceof Error ? cause.message : cause === undefined ? 'it gave no reason' : String(cause);
  const reason = redact(said, tokens.filter((t): t is string => Boolean(t)));
  const check =
    puppetName === SERVICE_PUPPET
      ? 'Check WECHATY_PUPPET_SERVICE_TOKEN with your provider, and that this machine can reach the puppet service at WECHATY_PUPPET_SERVICE_ENDPOINT (host:port; WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true only for a gateway without TLS).'
      : `Check the settings ${puppetName} needs, and the wechat.error and wechaty.log lines above.`;
  return new AdapterError('WECHAT_START_FAILED', `WeChat did not start: the puppet ${puppetName} failed (${reason}). ${check}`, { cause });
}

/**
 * Builds the WeChat adapter; it logs in when started (the QR code is printed in the terminal).
 * @example createApp({ adapters: [(ctx) => createWechatAdapter(ctx)] })
 * @example createWechatAdapter(ctx, { puppet: new PuppetMock({ mocker }) })
 */
export function createWechatAdapter(ctx: AdapterContext, options: WechatAdapterOptions = {}): WechatAdapter {
  const { engine, config, log } = ctx;
  const puppetName = options.puppet ? undefined : checkPuppetConfig(config);
  // Every token the puppet could print; masked in Wechaty's log lines and in start-up errors.
  const tokens = [config.WECHATY_PUPPET_SERVICE_TOKEN, config.WECHATY_TOKEN, options.puppet?.options.token];
  // Before any puppet is built: puppets log their options (with the token) when they are made.
  routeWechatyLogs(log, tokens);
  const output = options.output ?? process.stdout;
  const confirmWaitMs = options.confirmWaitMs ?? CONFIRM_WAIT_MS;
  const pacer = new Pacer({ gapMs: config.WECHAT_SEND_GAP_MS, perMinute: config.WECHAT_SEND_PER_MINUTE });
  // One person's (or room's) messages reach the engine and the send queue in the order they came.
  const arrivals = new KeyedQueue();
  const greeted = new Map<string, number>();
  const talkers = new Map<string, Contact>();
  const staffRooms = new Set<string>();
  let staffRoomMissingLogged = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let bot: Wechaty | undefined;
  let stopWatching: StopWatching | undefined;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  /** Counts work in progress (a message being answered, a greeting), for `idle()`. */
  const track = (work: Promise<void>): void => {
    inFlight += 1;
    void work.finally(() => {
      inFlight -= 1;
      if (inFlight > 0) return;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    });
  };
  const idle = (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake)));

  const running = (): Wechaty => {
    if (!bot) throw new AdapterError('WECHAT_NOT_RUNNING', 'The WeChat adapter is not running: start it before sending.');
    return bot;
  };

  /** The chat to say things in: the room for groups, the contact for one-to-one chats. */
  const target = async (address: Address): Promise<{ say: (text: string) => Promise<void | Message> }> => {
    const wechaty = running();
    if (address.chatId !== address.userId) {
      const room = await wechaty.Room.find({ id: address.chatId });
      if (!room) throw new AdapterError('WECHAT_NO_ROOM', 'The WeChat room is gone (the bot left it or it was dissolved).');
      // In a group the first part @-mentions the person who asked, so they see the answer is for them.
      let mention = talkers.get(conversationKey(address));
      return {
        say: async (text) => {
          const who = mention;
          mention = undefined;
          return who ? room.say(text, who) : room.say(text);
        },
      };
    }
    const contact = await wechaty.Contact.find({ id: address.userId });
    if (!contact) {
      // Not awaited: the engine may be mid-turn for this person (a proactive send), and waiting would deadlock.
      void engine.markUnreachable(address).catch((error: unknown) => log.error('wechat.mark_unreachable_failed', { conv: conversationKey(address), error }));
      throw new AdapterError('WECHAT_NO_CONTACT', 'The WeChat contact is not among the bot account’s contacts any more.');
    }
    return { say: (text) => contact.say(text) };
  };

  /**
   * Queues every part of every reply at once (so nothing can slip in between), then waits for
   * them; after a failed part the rest of the batch is dropped rather than sent out of context.
   */
  const send = (address: Address, replies: Reply[]): Promise<string[]> => {
    const conv = conversationKey(address);
    const abort = new AbortController();
    let chat: ReturnType<typeof target> | undefined;
    const sends = replies.flatMap((reply) =>
      renderParts(reply, WECHAT_CAPABILITIES).map((part) =>
        pacer.schedule(
          address.chatId,
          async () => {
            try {
              chat ??= target(address);
              const sent = await (await chat).say(part);
              return sent ? sent.id : undefined;
            } catch (error) {
              abort.abort(error);
              throw error;
            }
          },
          { urgent: reply.urgent === true, signal: abort.signal },
        ),
      ),
    );
    return Promise.allSettled(sends).then((results) => {
      const ids = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        throw new AdapterError('WECHAT_SEND_FAILED', `WeChat refused a message (${ids.length} of ${results.length} parts sent).`, { cause: failed.reason });
      }
      log.debug('wechat.sent', { conv, parts: results.length });
      return ids;
    });
  };

  const deliver = (address: Address, replies: Reply[]): Promise<void> =>
    replies.length === 0 ? Promise.resolve() : send(address, replies).then(() => undefined);

  /** Reports the staff room once per room id. */
  const reportStaffRoom = (roomId: string): void => {
    if (!options.onStaffRoom || staffRooms.has(roomId)) return;
    staffRooms.add(roomId);
    log.info('wechat.staff_room', { room: roomId });
    const report = options.onStaffRoom;
    track(
      Promise.resolve()
        .then(() => report({ platform: 'wechat', chatId: roomId }))
        .catch((error: unknown) => log.error('wechat.staff_room_failed', { room: roomId, error })),
    );
  };

  const findStaffRoom = async (): Promise<void> => {
    const topic = config.STAFF_WECHAT_ROOM;
    if (!topic || !options.onStaffRoom || !bot) return;
    const room = await bot.Room.find({ topic });
    if (room) return reportStaffRoom(room.id);
    if (staffRoomMissingLogged) return;
    staffRoomMissingLogged = true;
    log.warn('wechat.staff_room_missing', { topic, next: 'add the bot account to a WeChat group with exactly this name (STAFF_WECHAT_ROOM)' });
  };

  /** Keeps the room member's contact, to @-mention them in the answer. */
  const rememberTalker = (message: Message, key: string): void => {
    talkers.delete(key);
    talkers.set(key, message.talker());
    for (const oldest of talkers.keys()) {
      if (talkers.size <= TALKERS_KEPT) break;
      talkers.delete(oldest);
    }
  };

  const onMessage = (message: Message): void => {
    let key: string;
    try {
      key = `${message.room()?.id ?? ''}:${message.talker().id}`;
    } catch (error) {
      log.error('wechat.message_unreadable', { error });
      return;
    }
    const work = arrivals
      .run(key, async () => {
        const facts = await readFacts(message);
        const translated = toIncoming(facts, { staffRoom: config.STAFF_WECHAT_ROOM });
        if (translated.skip) {
          log.debug('wechat.skipped', { reason: translated.skip, type: types.Message[facts.type] });
          return undefined;
        }
        const { incoming } = translated;
        if (facts.room) {
          if (facts.room.topic === config.STAFF_WECHAT_ROOM) reportStaffRoom(facts.room.id);
          rememberTalker(message, conversationKey(incoming.address));
        }
        const replies = await engine.handle(incoming);
        // Queued now, in arrival order; delivery is awaited outside so the next message is not held up.
        const delivery = deliver(incoming.address, replies);
        delivery.catch(() => undefined);
        return { address: incoming.address, delivery };
      })
      .then(async (result) => {
        if (result) await result.delivery.catch((error: unknown) => log.error('wechat.send_failed', { conv: conversationKey(result.address), error }));
      })
      .catch((error: unknown) => log.error('wechat.message_failed', { error }));
    track(work);
  };

  /** Greets a new friend once, with the engine's own welcome (so no words live here). */
  const greet = async (contact: Contact, reason: string): Promise<void> => {
    const now = Date.now();
    for (const [id, at] of greeted) if (at <= now - GREETED_TTL_MS) greeted.delete(id);
    if (greeted.has(contact.id)) return;
    greeted.set(contact.id, now);
    const address: Address = { platform: 'wechat', chatId: contact.id, userId: contact.id };
    const name = contact.name();
    // The start command as a choice, not the text "/start": the engine reads typed text's script
    // as a language clue, and "/start" would greet a newcomer in English instead of Chinese.
    const replies = await engine.handle({
      address,
      choice: 'cmd:start',
      chatType: 'private',
      ...(name ? { displayName: name.slice(0, 256) } : {}),
    });
    log.info('wechat.friend_greeted', { conv: conversationKey(address), reason });
    await deliver(address, replies);
  };

  const onFriendship = async (friendship: Friendship): Promise<void> => {
    const contact = friendship.contact();
    switch (friendship.type()) {
      case types.Friendship.Receive: {
        if (!config.WECHAT_AUTO_ACCEPT_FRIENDS) {
          log.info('wechat.friend_request', { contact: contact.id, accepted: false, next: 'accept it in the WeChat app' });
          return;
        }
        await friendship.accept();
        log.info('wechat.friend_accepted', { contact: contact.id });
        // Most puppets report a Confirm once WeChat has made the friendship; greet anyway if none comes.
        const timer = setTimeout(() => {
          timers.delete(timer);
          track(greet(contact, 'accepted').catch((error: unknown) => log.error('wechat.greet_failed', { contact: contact.id, error })));
        }, confirmWaitMs);
        timers.add(timer);
        return;
      }
      case types.Friendship.Confirm:
        await greet(contact, 'confirmed');
        return;
      default:
        return;
    }
  };

  const adapter: WechatAdapter = {
    platform: 'wechat',
    capabilities: WECHAT_CAPABILITIES,
    get bot() {
      return bot;
    },
    send,
    idle,
    async start() {
      if (bot) return;
      engine.register(adapter);
      const puppet = options.puppet ?? (await puppetFromConfig(puppetName ?? '', config, log));
      // A puppet from config keeps its login session in DATA_DIR, so a restart may not need a new scan.
      const wechaty = WechatyBuilder.build(options.puppet ? { puppet } : { puppet, name: resolve(config.DATA_DIR, 'wechat') });
      stopWatching = watchLogin(wechaty, { log, output });
      wechaty.on('message', onMessage);
      const lookForStaffRoom = () => {
        findStaffRoom().catch((error: unknown) => log.error('wechat.staff_room_failed', { error }));
      };
      // Rooms may still be loading at login; puppets that say 'ready' have them all by then.
      wechaty.on('login', lookForStaffRoom);
      wechaty.on('ready', lookForStaffRoom);
      wechaty.on('room-topic', (room, topic) => {
        if (topic === config.STAFF_WECHAT_ROOM) reportStaffRoom(room.id);
      });
      wechaty.on('friendship', (friendship) => {
        track(onFriendship(friendship).catch((error: unknown) => log.error('wechat.friendship_failed', { error })));
      });
      bot = wechaty;
      // Wechaty's start() does not reject when the puppet fails to start: it emits 'error' and
      // resolves. A puppet that is not active afterwards stops start-up with the reason it gave.
      const startErrors: unknown[] = [];
      const noteStartError = (error: unknown) => void startErrors.push(error);
      wechaty.on('error', noteStartError);
      let failure: unknown;
      try {
        await wechaty.start();
      } catch (error) {
        failure = error;
      } finally {
        wechaty.off('error', noteStartError);
      }
      if (failure !== undefined || !puppet.state.active()) {
        stopWatching();
        stopWatching = undefined;
        bot = undefined;
        await wechaty.stop().catch(() => undefined);
        throw startFailure(puppet.name(), failure ?? startErrors[0], [...tokens, puppet.options.token]);
      }
      log.info('wechat.started', { puppet: puppet.name() });
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      stopWatching?.();
      // Let answers already on their way go out (briefly), then drop what is still queued.
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([idle(), new Promise<void>((wake) => (grace = setTimeout(wake, STOP_GRACE_MS)))]);
      clearTimeout(grace);
      pacer.stop();
      const wechaty = bot;
      bot = undefined;
      if (wechaty) await wechaty.stop();
      log.info('wechat.stopped');
    },
  };
  return adapter;
}
