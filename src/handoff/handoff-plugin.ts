/**
 * Human handoff as an engine plugin: tickets, the relay between a person and the staff channels,
 * staff commands, staff hours and reminders. See DESIGN.md, "Handoff to staff".
 *
 * How messages are told apart, in the intercept stage (which sees every message):
 * - from a staff channel: button presses and /commands go on to the engine (where staff-only
 *   commands are `allowed` only for STAFF_USER_IDS); an allowed member's reply to a ticket card or
 *   relayed line is an answer; everything else there is staff talking among themselves: silence;
 * - from a person with an open ticket: relayed to staff, except button presses, /commands and
 *   the words for "back to the bot";
 * - from anyone else: a short message that asks for a human opens a ticket; the rest goes on.
 */
import type { Config } from '../config.ts';
import type { Lang, Reply } from '../message.ts';
import type { StateStore } from '../store/state-store.ts';
import { parseOrdinal } from '../text-match.ts';
import type { Command, EngineServices, EnginePlugin, Turn } from '../turn.ts';
import { saysOneOf, saysYes } from '../said-words.ts';
import { createPersonCommands } from './person-commands.ts';
import { createRelay, ratingReply, staffMember } from './relay.ts';
import { type StaffChannel, StaffChannels } from './staff-channels.ts';
import { notOnListReply } from './staff-text.ts';
import { createStaffCommands } from './staff-commands.ts';
import { parseStaffHours } from './staff-hours.ts';
import { TicketStore } from './ticket-store.ts';
import type { Ticket } from './ticket.ts';
import { asksForBot, asksForHuman, asksToCancel } from './triggers.ts';

/** Settings for `createHandoffPlugin`. */
export interface HandoffOptions {
  config: Config;
  /** The app's state store; tickets are declared in it now, so this must run before it opens. */
  store: StateStore;
  /** The clock for ticket times, staff hours and reminders (give tests and the engine the same one). */
  now?: () => Date;
  /** Staff channels besides STAFF_TELEGRAM_CHAT_ID (more can be added later with `addStaffChannel`). */
  staffChannels?: StaffChannel[];
  /** The language of everything staff read; default English. */
  staffLang?: Lang;
  /** How often waiting tickets are checked for a reminder; default one minute. */
  checkEveryMs?: number;
}

/** The handoff plugin, plus what the app wires to it and what tests drive. */
export interface HandoffPlugin extends EnginePlugin {
  /**
   * Makes a chat a staff channel: the WeChat adapter calls this (through the app) with the id of
   * the room whose topic is STAFF_WECHAT_ROOM, once it has logged in and found it. Open tickets
   * that the channel has not seen are posted to it.
   */
  addStaffChannel(channel: StaffChannel): Promise<void>;
  /** Resolves once staff posts still on their way (an emergency's card) are done. */
  idle(): Promise<void>;
  /** Runs one reminder pass now (the timer runs it every `checkEveryMs`); resolves with how many tickets were posted again. */
  remindNow(): Promise<number>;
}

/**
 * Builds the handoff plugin.
 * @example productPlugins: [createHandoffPlugin({ config, store })]
 */
export function createHandoffPlugin(options: HandoffOptions): HandoffPlugin {
  const { config, store } = options;
  const now = options.now ?? (() => new Date());
  const staffLang = options.staffLang ?? 'en';
  const hours = parseStaffHours(config.STAFF_HOURS);
  const channels = new StaffChannels(config, options.staffChannels);
  const tickets = new TicketStore(store);
  const relay = createRelay({ tickets, channels, hours, now, staffLang, remindMinutes: config.STAFF_REMIND_MINUTES });
  const staff = createStaffCommands({ relay, tickets, channels, hours, now, staffLang });
  const person = createPersonCommands({ relay, tickets, channels, staffLang });
  const staffCommands = new Map<string, Command>(staff.commands.map((c) => [c.name, c]));

  let services: EngineServices | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let lastPurge = 0;

  const offersHuman = (turn: Turn) => channels.configured && !channels.isChannel(turn.incoming.address) && !tickets.openFor(turn.key);

  /** An allowed staff member's reply to a ticket's message in a staff channel; undefined when it is not one. */
  const staffReply = async (turn: Turn): Promise<Reply[] | undefined> => {
    const { address, replyTo, quoted, attachment } = turn.incoming;
    if (!replyTo && quoted === undefined) return undefined;
    const ticket = tickets.repliedTo(turn.incoming);
    // A colleague not yet on the list who answers a card would believe the person got it: say it did not go, and how to get on the list.
    if (!channels.isStaff(address)) return ticket && turn.text ? notOnListReply(address, turn.services.i18n.fixed(staffLang), true) : undefined;
    // A reply to one of the bot's other messages ("✋ claimed", "✓ sent"): say so, or staff think it went out.
    if (!ticket) return turn.text ? [{ text: turn.services.i18n.t(staffLang, 'handoff.staff.notATicketMessage') }] : undefined;
    if (!turn.text && attachment) return [{ text: turn.services.i18n.t(staffLang, 'handoff.staff.onlyText') }];
    return relay.answer(turn.services, staffMember(turn), ticket, turn.text);
  };

  const fromStaffChannel = async (turn: Turn): Promise<Reply[] | undefined> => {
    // The person's help and menu mean nothing to staff: they get their own commands.
    if (/^\/(?:help|start)(?:@\w+)?\s*$/i.test(turn.text)) return [{ text: turn.services.i18n.t(staffLang, 'handoff.staff.help') }];
    if (turn.incoming.choice) return undefined;
    if (turn.text.startsWith('/')) {
      // A mistyped staff command gets the staff's help, not the person's menu.
      const staffCommand = staffCommandIn(turn.text) !== undefined;
      const known = staffCommand || /^\/human(?:@\w+)?(?:\s|$)/i.test(turn.text);
      if (!channels.isStaff(turn.incoming.address)) {
        // A colleague not yet on the list learns how to get on it, whatever the command ("/hlep"
        // too): the person's menu posted in the staff channel helps nobody.
        return notOnListReply(turn.incoming.address, turn.services.i18n.fixed(staffLang));
      }
      if (known) return undefined;
      const command = turn.text.split(/\s/, 1)[0] ?? '';
      return [{ text: `${turn.services.i18n.t(staffLang, 'handoff.staff.unknownCommand', { command })}\n\n${turn.services.i18n.t(staffLang, 'handoff.staff.help')}` }];
    }
    // Staff chatter (and anything from members not on the staff list) gets no answer from the bot.
    return (await staffReply(turn)) ?? [];
  };

  /**
   * A typed "1" or label that the engine read as one of the last choices shown (WeChat and the
   * terminal have no buttons) is a press, unless staff have written since those choices were
   * shown: then the person is answering staff ("1" to "is it 1 or 2?").
   */
  const pressed = (turn: Turn, ticket: Ticket): boolean => {
    if (turn.incoming.choice) return true;
    if (!turn.choice) return false;
    const shownAt = turn.conversation.updatedAt;
    return !ticket.transcript.some((line) => line.from === 'staff' && line.at > shownAt);
  };

  const fromPersonInTicket = async (turn: Turn, ticket: Ticket): Promise<Reply[] | undefined> => {
    if (pressed(turn, ticket)) return undefined;
    if (asksForBot(turn.text, turn.services.i18n) || asksToCancel(turn.text, turn.services.i18n)) return relay.leave(turn, ticket);
    // The emergency card says "type menu" to carry on: in a ticket the emergency opened, not one they asked for, that leaves it.
    if (ticket.reason === 'emergency' && (saysOneOf(turn.text, turn.services.i18n, 'commands.menu.words') || saysOneOf(turn.text, turn.services.i18n, 'commands.continue.words'))) return relay.leave(turn, ticket);
    if (turn.text.startsWith('/')) return undefined;
    if (!turn.text && !turn.incoming.attachment) return undefined;
    return relay.fromPerson(turn, ticket);
  };

  /**
   * A typed 1-5 right after the rating question is the rating; another number ("6", "0") asks it
   * again, since the menu's numbers would otherwise take it ("5" opened a new ticket); anything
   * else ends the question.
   */
  const typedRating = async (turn: Turn): Promise<Reply[] | undefined> => {
    const ticket = tickets.awaitingRating(turn.key);
    if (!ticket || turn.incoming.choice) return undefined;
    const stars = parseOrdinal(turn.text);
    if (stars !== undefined && stars >= 1 && stars <= 5) return relay.rate(turn, ticket.id, stars);
    if (stars !== undefined) return [{ text: turn.t('errors.notInList', { number: turn.text.trim() }) }, ratingReply(turn.t, ticket.id)];
    await relay.skipRating(ticket);
    return undefined;
  };

  /** The staff command a message names ("/reply ID text"), with its arguments. */
  const staffCommandIn = (text: string): { command: Command; args: string } | undefined => {
    const slash = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
    const command = slash ? staffCommands.get((slash[1] ?? '').toLowerCase()) : undefined;
    return command ? { command, args: (slash?.[2] ?? '').trim() } : undefined;
  };

  const tick = async (): Promise<void> => {
    if (!services) return;
    const at = now().getTime();
    if (at - lastPurge > 60 * 60_000) {
      lastPurge = at;
      await relay.purge();
    }
    await relay.remind(services);
  };

  return {
    name: 'handoff',
    commands: [...person.commands, ...staff.commands],
    actions: [...person.actions, ...staff.actions],
    privacy: 'handoff.privacy',

    async intercept(turn) {
      if (channels.isChannel(turn.incoming.address)) return fromStaffChannel(turn);
      const ticket = tickets.openFor(turn.key);
      if (ticket) return fromPersonInTicket(turn, ticket);
      const rated = await typedRating(turn);
      if (rated) return rated;
      // "yes" to "Would you like a person from our support team to take over?"
      const offered = turn.conversation.lastChoices.some((c) => c.id === 'cmd:human');
      if (!turn.choice && offered && saysYes(turn.text, turn.services.i18n)) return channels.configured ? relay.open(turn, 'asked') : undefined;
      if (!turn.incoming.choice && asksForHuman(turn.text, turn.services.i18n)) {
        // Without staff the request still deserves a straight answer, not an article that shares a word with it.
        return channels.configured ? relay.open(turn, 'asked') : [turn.services.menu(turn, turn.t('handoff.unavailable'))];
      }
      return undefined;
    },

    helpChoices: (turn) => (offersHuman(turn) ? [{ id: 'cmd:human', label: turn.t('handoff.talkToPerson') }] : []),

    // Offer rather than open: a ticket sends everything the person types next to staff, which
    // they should choose, not stumble into after two misunderstood questions.
    onRepeatedFailure: (turn) => {
      if (!offersHuman(turn)) return undefined;
      const at = now();
      // At night the person should know before choosing that nobody reads it until morning.
      const text = hours.isOpen(at) ? turn.t('handoff.offer') : turn.t('handoff.offerOffline', { when: hours.format(hours.nextOpening(at), turn.lang) });
      return [{ text, choices: [{ id: 'cmd:human', label: turn.t('handoff.talkToPerson') }, { id: 'cmd:menu', label: turn.t('menu.back') }] }];
    },

    // Staff quoting a patient's words is not an emergency of theirs: the engine skips the check.
    isStaffMessage: ({ address, text }) => channels.isChannel(address) || (channels.isStaff(address) && staffCommandIn(text ?? '') !== undefined),

    async onEmergency(turn) {
      if (!channels.configured) return undefined;
      const ticket = tickets.openFor(turn.key);
      return ticket ? relay.fromPerson(turn, ticket, { urgent: true }) : relay.open(turn, 'emergency');
    },

    async onForget(key) {
      if (services) await relay.forget(services, key);
    },

    async start(engineServices) {
      services = engineServices;
      tickets.load();
      // Only purge now: the messengers register after plugins start, so posting must wait for a tick.
      lastPurge = now().getTime();
      await relay.purge();
      timer = setInterval(() => {
        // A slow pass (a messenger timing out) is not stacked up behind by the next ones.
        ticking ??= tick()
          .catch((error: unknown) => engineServices.log.error('handoff.tick_failed', { error }))
          .finally(() => (ticking = undefined));
      }, options.checkEveryMs ?? 60_000);
      timer.unref();
    },

    async stop() {
      clearInterval(timer);
      timer = undefined;
      await ticking;
      await relay.idle();
      services = undefined;
    },

    async addStaffChannel(channel) {
      if (!channels.add(channel) || !services) return;
      await relay.catchUp(services, channel);
    },

    idle: () => relay.idle(),

    async remindNow() {
      return services ? relay.remind(services) : 0;
    },
  };
}

/** Whether a plugin is the handoff plugin, so the app can hand it the WeChat staff room. */
export function isHandoffPlugin(plugin: EnginePlugin): plugin is HandoffPlugin {
  return plugin.name === 'handoff' && 'addStaffChannel' in plugin;
}
