/**
 * A started app with the handoff plugin, fake messengers that record what they send, a clock
 * the test moves, and the people in the story: a person, a staff member, a stranger.
 * @example const desk = await handoffApp(); const ana = desk.person(); await ana.send('/human'); desk.staffInbox()
 */
import type { App } from '../../src/app.ts';
import { createHandoffPlugin, type HandoffPlugin } from '../../src/handoff/handoff-plugin.ts';
import type { Address, Platform, Reply } from '../../src/message.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import type { Capabilities, Outbound } from '../../src/turn.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, type Person, person, type PersonOptions, testApp, testConfig } from '../helpers/app.ts';

export const STAFF_GROUP = '-1001234';
export const STAFF_ID = '900';

/** One message a fake messenger sent. */
export interface Sent {
  address: Address;
  reply: Reply;
  id: string;
}

/** A messenger that records what it sends and gives every message an id. */
export interface FakeOutbound extends Outbound {
  readonly sent: Sent[];
  /** Makes every send fail, as a blocked bot or a network outage would. */
  failing: boolean;
  /** Holds every send until the returned function is called, as a slow or paced messenger would. */
  hold(): () => void;
}

let nextId = 1000;

/** A fake messenger for `platform`: buttons like Telegram by default, or a numbered list like WeChat. */
export function fakeOutbound(platform: Platform, capabilities: Partial<Capabilities> = {}): FakeOutbound {
  let held: Promise<void> | undefined;
  const outbound: FakeOutbound = {
    platform,
    capabilities: { buttons: platform === 'telegram', maxText: 4096, editInPlace: false, defaultLang: 'en', ...capabilities },
    sent: [],
    failing: false,
    hold() {
      let release: () => void = () => undefined;
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    async send(address, replies) {
      if (held) await held;
      if (outbound.failing) throw new Error('delivery refused');
      return replies.map((reply) => {
        const id = String(++nextId);
        outbound.sent.push({ address, reply, id });
        return id;
      });
    },
  };
  return outbound;
}

/** A clock the test sets and moves. */
export class TestClock {
  constructor(public at: Date) {}
  readonly now = (): Date => new Date(this.at);
  advance(minutes: number): void {
    this.at = new Date(this.at.getTime() + minutes * 60_000);
  }
}

/** Wednesday 25 November 2026, 10:00 in Shanghai: inside the default staff hours. */
export const WEDNESDAY_MORNING = new Date('2026-11-25T02:00:00Z');

export interface HandoffAppOptions {
  env?: Record<string, string>;
  /** Use the file store in this folder (the in-memory store otherwise). */
  dataDir?: string;
  clock?: TestClock;
  checkEveryMs?: number;
}

export interface HandoffWorld {
  app: App;
  plugin: HandoffPlugin;
  clock: TestClock;
  telegram: FakeOutbound;
  wechat: FakeOutbound;
  /** A person in a private Telegram chat (or elsewhere, with options). */
  person(options?: PersonOptions): Person;
  /** An allowed staff member in the staff Telegram group. */
  staff(options?: PersonOptions): StaffMember;
  /** Everything sent to the staff group so far. */
  staffInbox(): Sent[];
  /** Everything sent to one person's address so far (proactive messages, not their replies). */
  inboxOf(who: Person): Sent[];
  /** The id of the last ticket card posted to the staff group. */
  lastTicketId(): string;
}

/** A staff member writing in a group: plain messages, replies to a message, button presses. */
export class StaffMember {
  constructor(readonly as: Person) {}
  send(text: string): Promise<Reply[]> {
    return this.as.raw({ text, chatType: 'group' });
  }
  replyTo(messageId: string, text: string): Promise<Reply[]> {
    return this.as.raw({ text, replyTo: messageId, chatType: 'group' });
  }
  /** A quote reply to one of the bot's messages, as WeChat passes it: the quoted text, no message id. */
  quote(quotedText: string, text: string): Promise<Reply[]> {
    return this.as.raw({ text, quoted: quotedText, chatType: 'group' });
  }
  press(choiceId: string): Promise<Reply[]> {
    return this.as.raw({ choice: choiceId, chatType: 'group' });
  }
  text(): string {
    return this.as.text();
  }
}

/** The app with handoff on, staff in a Telegram group, and fake Telegram and WeChat messengers. */
export async function handoffApp(options: HandoffAppOptions = {}): Promise<HandoffWorld> {
  const clock = options.clock ?? new TestClock(WEDNESDAY_MORNING);
  const config = testConfig({ STAFF_TELEGRAM_CHAT_ID: STAFF_GROUP, STAFF_USER_IDS: `telegram:${STAFF_ID},wechat:wx_staff`, ...options.env });
  const store = options.dataDir ? new FileStateStore(options.dataDir) : new MemoryStateStore();
  const plugin = createHandoffPlugin({ config, store, now: clock.now, ...(options.checkEveryMs ? { checkEveryMs: options.checkEveryMs } : {}) });
  const app = await testApp({ config, store, onlyPlugins: [plugin], flows: [tripFlow], extraLocaleDirs: [FIXTURE_LOCALES], now: clock.now });
  const telegram = fakeOutbound('telegram');
  const wechat = fakeOutbound('wechat');
  app.engine.register(telegram);
  app.engine.register(wechat);

  const all = () => [...telegram.sent, ...wechat.sent];
  const staffInbox = () => all().filter((s) => s.address.chatId === STAFF_GROUP);
  return {
    app,
    plugin,
    clock,
    telegram,
    wechat,
    person: (o = {}) => person(app, { platform: 'telegram', user: 'ana', displayName: 'Ana', ...o }),
    staff: (o = {}) => new StaffMember(person(app, { platform: 'telegram', chat: STAFF_GROUP, user: STAFF_ID, displayName: 'Mei', ...o })),
    staffInbox,
    inboxOf: (who) => all().filter((s) => s.address.platform === who.address.platform && s.address.chatId === who.address.chatId && s.address.userId === who.address.userId),
    lastTicketId() {
      const card = staffInbox().findLast((s) => /Ticket #/.test(s.reply.text));
      const id = /Ticket #(\w{6})/.exec(card?.reply.text ?? '')?.[1];
      if (!id) throw new Error(`No ticket card among: ${staffInbox().map((s) => s.reply.text.slice(0, 40)).join(' | ') || 'nothing'}`);
      return id;
    },
  };
}

/** The texts of sent messages, joined, for `toContain` checks. */
export function texts(sent: Sent[]): string {
  return sent.map((s) => s.reply.text).join('\n');
}
