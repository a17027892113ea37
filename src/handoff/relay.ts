/**
 * The help desk's moves: open a ticket and post its card, pass a person's messages to the staff
 * channels and staff answers back to the person's own messenger, claim, close, rate, remind.
 * State is written before anyone is told, except a staff answer, which counts once delivered.
 */
import { AppError } from '../errors.ts';
import type { Translate } from '../i18n.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import type { Lang, Reply } from '../message.ts';
import type { EngineServices, Turn } from '../turn.ts';
import type { StaffChannel, StaffChannels } from './staff-channels.ts';
import type { StaffHours } from './staff-hours.ts';
import { extraSummary, formatAge, personName, reminderDigest, ticketCard } from './staff-text.ts';
import { staffMessageRef, type TicketStore } from './ticket-store.ts';
import { TICKET_TRANSCRIPT_LINES, type Ticket, type TicketReason } from './ticket.ts';

/** Relayed text longer than this is cut, so one message stays one message on every messenger. */
const RELAY_CHARS = 3500;
/** A waiting person is told again that their messages reach the team at most this often (unless something changed). */
const PASSED_ON_MS = 10 * 60_000;
/** Closed tickets are kept this long (for /stats and a late rating), then deleted. */
export const KEEP_CLOSED_MS = 90 * 24 * 60 * 60 * 1000;

/** What the desk works with. */
export interface RelayOptions {
  tickets: TicketStore;
  channels: StaffChannels;
  hours: StaffHours;
  now: () => Date;
  /** The language of everything staff read. */
  staffLang: Lang;
  remindMinutes: number;
}

/** Who on the staff did something: "platform:user" for the record, and a name for colleagues. */
export interface StaffMember {
  id: string;
  name: string;
}

/** The staff member behind a turn. */
export function staffMember(turn: Turn): StaffMember {
  const { platform, userId } = turn.incoming.address;
  return { id: `${platform}:${userId}`, name: turn.incoming.displayName ?? turn.conversation.displayName ?? userId };
}

/** The reply the engine gives for a choice it does not know; staff buttons pressed by others get exactly this. */
export function expiredReply(turn: Turn): Reply[] {
  return [{ text: turn.t('errors.expired') }, turn.services.menu(turn)];
}

/** The "rate 1-5" question sent after a chat with staff. */
export function ratingReply(t: Translate, ticketId: string): Reply {
  return { text: t('handoff.rate'), choices: [1, 2, 3, 4, 5].map((n) => ({ id: `rate:${ticketId}:${n}`, label: '⭐'.repeat(n) })) };
}

/** A platform error as a short code staff can act on (never the message, which may quote text). */
function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  return error instanceof Error ? error.name : 'error';
}

/** The desk's operations, as `createRelay` builds them. */
export type Relay = ReturnType<typeof createRelay>;

/** The desk's operations over the ticket store and the staff channels. */
export function createRelay(options: RelayOptions) {
  const { tickets, channels, hours, now } = options;
  const staffT = (services: EngineServices): Translate => services.i18n.fixed(options.staffLang);
  const iso = () => now().toISOString();
  const addLine = (ticket: Ticket, from: 'person' | 'staff', text: string) => {
    ticket.transcript = [...ticket.transcript, { from, text: text.slice(0, 1000), at: iso() }].slice(-TICKET_TRANSCRIPT_LINES);
  };
  /** Staff posts that must not hold up the person's reply (an emergency's 120 comes first). */
  const pending = new Set<Promise<void>>();
  const inBackground = (services: EngineServices, ticket: Ticket, task: Promise<unknown>): void => {
    const done = task.then(
      () => undefined,
      (error: unknown) => services.log.error('handoff.background_failed', { ticket: ticket.id, error }),
    );
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  /**
   * Staff moves on one ticket run one after another, each on the ticket as stored by then: two
   * colleagues pressing Claim at once get one "claimed", and the person hears "joined" once.
   */
  const staffMoves = new KeyedQueue();
  const oneAtATime = (services: EngineServices, given: Ticket, move: (ticket: Ticket) => Promise<Reply[]>): Promise<Reply[]> =>
    staffMoves.run(given.id, async () => {
      const ticket = tickets.get(given.id);
      return ticket ? move(ticket) : [{ text: staffT(services)('handoff.staff.notFound', { id: given.id }) }];
    });
  const backToBot = (t: Translate) => ({ choices: [{ id: 'cmd:bot', label: t('handoff.backToBot') }], hint: t('handoff.botHint') });

  /** Waiting tickets in the order staff should take them: urgent first, then oldest. */
  const position = (ticket: Ticket): number =>
    tickets
      .open()
      .filter((t) => t.status === 'waiting')
      .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.openedAt.localeCompare(b.openedAt))
      .findIndex((t) => t.id === ticket.id) + 1;

  const sendToChannel = async (services: EngineServices, channel: StaffChannel, replies: Reply[], ticket: Ticket): Promise<string[]> => {
    try {
      const ids = await services.send({ platform: channel.platform, chatId: channel.chatId, userId: 'staff' }, replies);
      return ids.map((id) => staffMessageRef(channel.platform, channel.chatId, id));
    } catch (error) {
      services.log.warn('handoff.staff_send_failed', { ticket: ticket.id, platform: channel.platform, reason: reasonOf(error) });
      return [];
    }
  };

  /** Sends to every staff channel and remembers the sent messages, so replies to them find the ticket. */
  const toStaff = async (services: EngineServices, ticket: Ticket, make: (channel: StaffChannel) => Reply[], only?: StaffChannel): Promise<boolean> => {
    const refs: string[] = [];
    let delivered = false;
    for (const channel of only ? [only] : channels.list()) {
      const sent = await sendToChannel(services, channel, make(channel), ticket);
      if (sent.length > 0) delivered = true;
      refs.push(...sent);
    }
    await tickets.addStaffMessages(ticket.id, refs);
    return delivered;
  };

  /** Sends to the person on their own messenger, in their current language; resolves with a failure reason, if any. */
  const toPerson = async (services: EngineServices, ticket: Ticket, make: (t: Translate) => Reply[]): Promise<string | undefined> => {
    const stored = await services.store.conversations.get(ticket.conversation).catch(() => undefined);
    try {
      await services.send(ticket.address, make(services.i18n.fixed(stored?.lang ?? ticket.lang)));
      return undefined;
    } catch (error) {
      services.log.warn('handoff.person_send_failed', { ticket: ticket.id, conv: ticket.conversation, reason: reasonOf(error) });
      return reasonOf(error);
    }
  };

  /** Posts the ticket card (again, for a reminder) to the staff channels, or to one that just joined. */
  const post = async (services: EngineServices, ticket: Ticket, { reminder = false, only }: { reminder?: boolean; only?: StaffChannel } = {}): Promise<boolean> => {
    const at = now();
    const st = staffT(services);
    const offlineUntil = hours.isOpen(at) ? undefined : hours.format(hours.nextOpening(at), options.staffLang);
    const delivered = await toStaff(
      services,
      ticket,
      (channel) => [
        ticketCard(ticket, {
          st,
          buttons: services.capabilities(channel.platform)?.buttons ?? false,
          ...(reminder ? { waited: formatAge(at.getTime() - Date.parse(ticket.openedAt), st) } : {}),
          ...(offlineUntil ? { offlineUntil } : {}),
        }),
      ],
      only,
    );
    if (delivered) await tickets.update(ticket.id, (t) => void (t.postedAt = at.toISOString()));
    return delivered;
  };

  /**
   * A waiting person hears that their words reached the team: after their first message, when
   * their place or the team's hours change, and at most every PASSED_ON_MS otherwise, so a
   * person writing at 2 a.m. is not left wondering and one writing ten lines is not answered ten times.
   */
  const passedOn = async (turn: Turn, ticket: Ticket): Promise<Reply[]> => {
    const at = now();
    const place = position(ticket);
    const offline = !hours.isOpen(at);
    const recently = ticket.toldAt !== undefined && at.getTime() - Date.parse(ticket.toldAt) < PASSED_ON_MS;
    if (recently && place === ticket.toldPosition && offline === (ticket.toldOffline ?? false)) return [];
    await tickets.update(ticket.id, (t) => {
      Object.assign(t, { toldPosition: place, toldAt: at.toISOString(), toldOffline: offline });
    });
    if (offline) return [{ text: turn.t('handoff.queuedOffline', { when: hours.format(hours.nextOpening(at), turn.lang) }) }];
    return [{ text: turn.t('handoff.queued', { position: place }) }];
  };

  /**
   * Since when a ticket has waited for staff (ms): a waiting one since it opened; a claimed one
   * since the person's first message after the last staff answer (or the claim); undefined when
   * the last word is the staff's.
   */
  const unansweredSince = (ticket: Ticket): number | undefined => {
    if (ticket.status === 'waiting') return Date.parse(ticket.openedAt);
    // A claim is no answer: claimed and never answered, the ticket is due again REMIND minutes after the claim.
    const answeredAt = ticket.transcript.filter((l) => l.from === 'staff').reduce<string | undefined>((a, l) => (a === undefined || l.at > a ? l.at : a), undefined);
    if (answeredAt === undefined) return Date.parse(ticket.claimedAt ?? ticket.openedAt);
    const waiting = ticket.transcript.find((l) => l.from === 'person' && l.at > answeredAt);
    return waiting ? Date.parse(waiting.at) : undefined;
  };

  /** What a person is told about a ticket that is already open. */
  const alreadyOpen = (turn: Turn, ticket: Ticket): Reply[] => {
    const text = ticket.status === 'waiting' ? turn.t('handoff.alreadyOpen', { position: position(ticket) }) : turn.t('handoff.alreadyWithPerson');
    return [{ text, ...backToBot(turn.t) }];
  };

  return {
    position,
    post,

    /** Resolves once the staff posts started in the background are done. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },

    /** Opens a ticket for the turn's person, posts it to staff and tells the person what happens next. */
    async open(turn: Turn, reason: TicketReason, typed?: string): Promise<Reply[]> {
      const { services, conversation, incoming } = turn;
      const existing = tickets.openFor(turn.key);
      if (existing) return alreadyOpen(turn, existing);
      const at = now();
      // `typed`: what followed the command ("/human my claim was rejected"), the person's first words to staff.
      const said = typed || (turn.text && !turn.text.startsWith('/') ? turn.text : incoming.attachment ? `[${incoming.attachment}]` : '');
      const ticket: Ticket = {
        id: tickets.newId(),
        conversation: turn.key,
        address: incoming.address,
        ...(incoming.chatType === 'group' ? { inGroup: true } : {}),
        ...(conversation.displayName ? { displayName: conversation.displayName } : {}),
        lang: turn.lang,
        status: 'waiting',
        reason,
        urgent: reason === 'emergency',
        openedAt: at.toISOString(),
        transcript: [...conversation.transcript, ...(said ? [{ from: 'person' as const, text: said.slice(0, 1000), at: at.toISOString() }] : [])].slice(-TICKET_TRANSCRIPT_LINES),
        ...(conversation.flow ? { flow: conversation.flow.id } : {}),
        answers: conversation.flow?.answers ?? {},
        extras: Object.fromEntries(Object.entries(conversation.extras).map(([k, v]) => [k, extraSummary(v)])),
        notes: [],
        staffMessages: [],
      };
      await tickets.create(ticket);
      services.log.info('handoff.opened', { ticket: ticket.id, conv: turn.key, reason, urgent: ticket.urgent });
      const posting = post(services, ticket).then((delivered) => {
        // Not lost: it waits in the store, and the reminder pass posts it again.
        if (!delivered) services.log.warn('handoff.not_posted', { ticket: ticket.id, channels: channels.list().length });
      });
      // A staff channel can be slow (paced WeChat sends, Telegram limits); guidance must not wait.
      if (ticket.urgent) inBackground(services, ticket, posting);
      else await posting;
      const place = position(ticket);
      const open = hours.isOpen(at);
      await tickets.update(ticket.id, (t) => void Object.assign(t, { toldPosition: place, toldOffline: !open }));

      const when = hours.format(hours.nextOpening(at), turn.lang);
      if (reason === 'emergency') return [{ text: open ? turn.t('handoff.urgentAlert') : turn.t('handoff.urgentAlertOffline', { when }), ...backToBot(turn.t) }];
      return [{ text: open ? turn.t('handoff.opened', { position: place }) : turn.t('handoff.openedOffline', { when }), ...backToBot(turn.t) }];
    },

    alreadyOpen,

    /** Passes one message from a person with an open ticket to the staff. */
    async fromPerson(turn: Turn, ticket: Ticket, { urgent = false, typed }: { urgent?: boolean; typed?: string } = {}): Promise<Reply[]> {
      const { services, incoming } = turn;
      const st = staffT(services);
      const said = typed || turn.text || `[${st(`attachments.${incoming.attachment ?? 'other'}`)}]`;
      const text = said.length > RELAY_CHARS ? `${said.slice(0, RELAY_CHARS - 1)}…` : said;
      const line = st(urgent ? 'handoff.staff.relayedUrgent' : 'handoff.staff.relayed', { id: ticket.id, name: personName(ticket, st), text });
      const current = await tickets.update(ticket.id, (t) => {
        addLine(t, 'person', said);
        if (urgent) t.urgent = true;
        // A person who switched with /language is answered, and listed for staff, in the new one.
        t.lang = turn.lang;
      });
      if (urgent) {
        inBackground(services, ticket, toStaff(services, ticket, () => [{ text: line, urgent: true }]));
        const at = now();
        if (hours.isOpen(at)) return [{ text: turn.t('handoff.urgentRelayed') }];
        return [{ text: turn.t('handoff.urgentRelayedOffline', { when: hours.format(hours.nextOpening(at), turn.lang) }) }];
      }
      const delivered = await toStaff(services, ticket, () => [{ text: line }]);
      services.log.info('handoff.relayed', { ticket: ticket.id, conv: turn.key, delivered });
      if (!delivered) return [{ text: turn.t('handoff.relayFailed') }];
      // Staff see only "[photo]": the person must not think they can see it.
      if (!turn.text && incoming.attachment) return [{ text: turn.t('handoff.attachmentNotPassed', { kind: turn.t(`attachments.${incoming.attachment}`) }) }];
      if (current?.status !== 'waiting') return [];
      return passedOn(turn, current);
    },

    /** The person went back to the bot: the ticket closes and the staff are told. */
    async leave(turn: Turn, ticket: Ticket): Promise<Reply[]> {
      const { services } = turn;
      const answered = ticket.firstAnswerAt !== undefined;
      const closed = await tickets.update(ticket.id, (t) => {
        if (t.status === 'closed') return false;
        Object.assign(t, { status: 'closed', closedAt: iso(), closedBy: 'person', ratingAsked: answered });
        return true;
      });
      services.log.info('handoff.closed', { ticket: ticket.id, conv: turn.key, by: 'person' });
      if (closed) await toStaff(services, ticket, () => [{ text: staffT(services)('handoff.staff.personLeft', { id: ticket.id }) }]);
      if (answered) return [{ text: turn.t('handoff.closedByPerson') }, ratingReply(turn.t, ticket.id)];
      return [services.menu(turn, turn.t('handoff.closedByPerson'))];
    },

    /** Stores a person's 1-5 rating of a closed ticket of theirs; anything else is an expired button. */
    async rate(turn: Turn, ticketId: string, rating: number): Promise<Reply[]> {
      const ticket = tickets.get(ticketId);
      if (!ticket || ticket.conversation !== turn.key || ticket.status !== 'closed' || !Number.isInteger(rating) || rating < 1 || rating > 5) return expiredReply(turn);
      await tickets.update(ticket.id, (t) => {
        t.rating = rating;
        t.ratingAsked = false;
      });
      turn.services.log.info('handoff.rated', { ticket: ticket.id, rating });
      return [turn.services.menu(turn, turn.t('handoff.rated'))];
    },

    /** The person moved on without rating: stop reading their numbers as a rating. */
    async skipRating(ticket: Ticket): Promise<void> {
      await tickets.update(ticket.id, (t) => void (t.ratingAsked = false));
    },

    /** A staff answer, passed to the person; the first one also claims a waiting ticket. */
    async answer(services: EngineServices, staff: StaffMember, given: Ticket, text: string): Promise<Reply[]> {
      return oneAtATime(services, given, async (ticket) => {
        const st = staffT(services);
        if (ticket.status === 'closed') return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        const joining = ticket.status === 'waiting';
        const failed = await toPerson(services, ticket, (t) => [...(joining ? [{ text: t('handoff.joined') }] : []), { text: t('handoff.fromStaff', { text }) }]);
        if (failed) return [{ text: st('handoff.staff.notDelivered', { id: ticket.id, reason: failed }) }];
        await tickets.update(ticket.id, (t) => {
          if (t.status === 'waiting') Object.assign(t, { status: 'claimed', claimedAt: iso(), claimedBy: staff.id, claimedByName: staff.name });
          t.firstAnswerAt ??= iso();
          addLine(t, 'staff', text);
        });
        services.log.info('handoff.answered', { ticket: ticket.id, staff: staff.id });
        return [{ text: st('handoff.staff.sent', { id: ticket.id }) }];
      });
    },

    /** A staff member takes a waiting ticket; the person hears that a human has joined. */
    async claim(services: EngineServices, staff: StaffMember, given: Ticket): Promise<Reply[]> {
      return oneAtATime(services, given, async (ticket) => {
        const st = staffT(services);
        if (ticket.status === 'closed') return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        if (ticket.status === 'claimed' && ticket.claimedBy !== staff.id) return [{ text: st('handoff.staff.alreadyClaimed', { id: ticket.id, name: ticket.claimedByName ?? '' }) }];
        const replies: Reply[] = [{ text: st('handoff.staff.claimed', { id: ticket.id, name: staff.name }) }];
        if (ticket.status === 'claimed') return replies;
        let claiming = false;
        await tickets.update(ticket.id, (t) => {
          if (t.status !== 'waiting') return false;
          Object.assign(t, { status: 'claimed', claimedAt: iso(), claimedBy: staff.id, claimedByName: staff.name });
          return (claiming = true);
        });
        if (!claiming) return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        services.log.info('handoff.claimed', { ticket: ticket.id, staff: staff.id });
        const failed = await toPerson(services, ticket, (t) => [{ text: t('handoff.joined') }]);
        if (failed) replies.push({ text: st('handoff.staff.notDelivered', { id: ticket.id, reason: failed }) });
        return replies;
      });
    },

    /**
     * A claimed ticket goes back to the queue, for a colleague to take: its card is posted again
     * with the Claim button. The person is not told; whoever claims it next is announced as joining.
     */
    async release(services: EngineServices, staff: StaffMember, given: Ticket): Promise<Reply[]> {
      return oneAtATime(services, given, async (ticket) => {
        const st = staffT(services);
        if (ticket.status === 'closed') return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        if (ticket.status === 'waiting') return [{ text: st('handoff.staff.notClaimed', { id: ticket.id }) }];
        const released = await tickets.update(ticket.id, (t) => {
          Object.assign(t, { status: 'waiting' });
          delete t.claimedAt;
          delete t.claimedBy;
          delete t.claimedByName;
        });
        services.log.info('handoff.released', { ticket: ticket.id, staff: staff.id });
        const replies: Reply[] = [{ text: st('handoff.staff.released', { id: ticket.id, name: staff.name }) }];
        if (released) inBackground(services, released, post(services, released));
        return replies;
      });
    },

    /** A staff member closes a ticket; the person is back with the bot and, if answered, asked for a rating. */
    async close(services: EngineServices, staff: StaffMember, given: Ticket): Promise<Reply[]> {
      return oneAtATime(services, given, async (ticket) => {
        const st = staffT(services);
        if (ticket.status === 'closed') return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        const answered = ticket.firstAnswerAt !== undefined;
        let closing = false;
        await tickets.update(ticket.id, (t) => {
          // The person may have gone back to the bot while this waited its turn.
          if (t.status === 'closed') return false;
          Object.assign(t, { status: 'closed', closedAt: iso(), closedBy: 'staff', ratingAsked: answered });
          return (closing = true);
        });
        if (!closing) return [{ text: st('handoff.staff.isClosed', { id: ticket.id }) }];
        services.log.info('handoff.closed', { ticket: ticket.id, staff: staff.id, by: 'staff' });
        const failed = await toPerson(services, ticket, (t) => [{ text: t('handoff.closedByStaff') }, ...(answered ? [ratingReply(t, ticket.id)] : [])]);
        const replies: Reply[] = [{ text: st('handoff.staff.closed', { id: ticket.id, name: staff.name }) }];
        if (failed) replies.push({ text: st('handoff.staff.notDelivered', { id: ticket.id, reason: failed }) });
        return replies;
      });
    },

    /** An internal note; kept on the ticket, shown on reposted cards, never sent to the person. */
    async note(services: EngineServices, staff: StaffMember, ticket: Ticket, text: string): Promise<Reply[]> {
      await tickets.update(ticket.id, (t) => {
        t.notes.push({ at: iso(), by: staff.name, text: text.slice(0, 1000) });
      });
      return [{ text: staffT(services)('handoff.staff.noted', { id: ticket.id }) }];
    },

    /**
     * Reminds staff of tickets nobody has answered for `remindMinutes`: waiting ones since their
     * card was last posted, claimed ones since the person last wrote. One waiting ticket gets its
     * card again; more come as one digest (urgent ones keep their own card), so twenty waiting
     * people make one message every `remindMinutes`, not twenty. Resolves with how many were reminded.
     */
    async remind(services: EngineServices): Promise<number> {
      const at = now();
      const limit = options.remindMinutes * 60_000;
      const due: { ticket: Ticket; since: number }[] = [];
      for (const ticket of tickets.open()) {
        // Outside staff hours nobody reads the channel; urgent tickets are posted anyway, for whoever is on call.
        if (!ticket.urgent && !hours.isOpen(at)) continue;
        const since = unansweredSince(ticket);
        if (since === undefined) continue;
        const last = Math.max(since, Date.parse(ticket.postedAt ?? ticket.openedAt));
        if (at.getTime() - last >= limit) due.push({ ticket, since });
      }
      if (due.length === 0) return 0;
      const cards = due.filter(({ ticket }) => ticket.status === 'waiting' && (ticket.urgent || due.length === 1));
      const listed = due.filter((d) => !cards.includes(d)).sort((a, b) => Number(b.ticket.urgent) - Number(a.ticket.urgent) || a.since - b.since);
      let count = 0;
      for (const { ticket } of cards) if (await post(services, ticket, { reminder: true })) count += 1;
      if (listed.length > 0) {
        const st = staffT(services);
        const text = reminderDigest(listed.map(({ ticket, since }) => ({ ticket, waited: formatAge(at.getTime() - since, st) })), st);
        const [first] = listed;
        let delivered = false;
        for (const channel of channels.list()) if (first && (await sendToChannel(services, channel, [{ text }], first.ticket)).length > 0) delivered = true;
        if (delivered) {
          for (const { ticket } of listed) await tickets.update(ticket.id, (t) => void (t.postedAt = at.toISOString()));
          count += listed.length;
        }
      }
      if (count > 0) services.log.info('handoff.reminded', { tickets: count });
      return count;
    },

    /** A staff channel that appeared after tickets opened (a WeChat room found after login) gets their cards. */
    async catchUp(services: EngineServices, channel: StaffChannel): Promise<void> {
      const prefix = staffMessageRef(channel.platform, channel.chatId, '');
      for (const ticket of tickets.open()) {
        if (!ticket.staffMessages.some((ref) => ref.startsWith(prefix))) await post(services, ticket, { only: channel });
      }
    },

    /** The person asked to be forgotten: their tickets go, and staff learn that an open one closed. */
    async forget(services: EngineServices, conversation: string): Promise<void> {
      for (const ticket of tickets.all().filter((t) => t.conversation === conversation)) {
        // Its card stays in the staff channels, with the person's words: staff are asked to delete it, closed tickets' too.
        if (ticket.status !== 'closed' || ticket.staffMessages.length > 0) await toStaff(services, ticket, () => [{ text: staffT(services)('handoff.staff.personForgot', { id: ticket.id }) }]);
        await tickets.delete(ticket.id);
        services.log.info('handoff.forgotten', { ticket: ticket.id });
      }
    },

    /** Deletes tickets closed longer ago than KEEP_CLOSED_MS. */
    async purge(): Promise<void> {
      const cutoff = now().getTime() - KEEP_CLOSED_MS;
      for (const ticket of tickets.all()) {
        if (ticket.status === 'closed' && Date.parse(ticket.closedAt ?? ticket.openedAt) < cutoff) await tickets.delete(ticket.id);
      }
    },
  };
}
