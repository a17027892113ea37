/**
 * What the staff read: the ticket card, the queue and the stats, in the staff's language.
 * Staff may see platform ids; nothing here is ever sent to a person.
 */
import type { Translate } from '../i18n.ts';
import type { Json } from '../store/records.ts';
import type { Address, Reply } from '../message.ts';
import type { TicketStats } from './ticket-stats.ts';
import type { Ticket } from './ticket.ts';

const CARD_LINES = 10;
const LINE_CHARS = 200;
const EXTRA_CHARS = 600;
/** The person's last words in a queue or digest line: enough to tell tickets apart. */
const SAID_CHARS = 80;

/** "5 min", "2 h 10 min", "3 d 4 h". */
export function formatAge(ms: number, st: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return st('handoff.staff.age.minutes', { minutes });
  if (minutes < 24 * 60) return st('handoff.staff.age.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return st('handoff.staff.age.days', { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60) });
}

/** The person's name as staff see it. */
export function personName(ticket: Ticket, st: Translate): string {
  return ticket.displayName?.trim() || st('handoff.staff.noName');
}

/** How one card is written. */
export interface CardOptions {
  st: Translate;
  /** Set for a reminder: how long the ticket has waited. */
  waited?: string;
  /** Set outside staff hours: when the person was told to expect an answer. */
  offlineUntil?: string;
  /** The channel shows buttons (otherwise the commands in the text are the way to act). */
  buttons: boolean;
}

/** The card posted to staff channels for a new (or still waiting) ticket. */
export function ticketCard(ticket: Ticket, { st, waited, offlineUntil, buttons }: CardOptions): Reply {
  const id = ticket.id;
  const head = [waited === undefined ? st('handoff.staff.title', { id }) : st('handoff.staff.reminder', { id, age: waited })];
  if (ticket.urgent) head.push(st('handoff.staff.urgent'));
  head.push(
    st('handoff.staff.who', {
      name: personName(ticket, st),
      messenger: st(`handoff.staff.messenger.${ticket.address.platform}`),
      userId: ticket.address.userId,
      language: st(`handoff.staff.language.${ticket.lang}`),
    }),
    st(`handoff.staff.reason.${ticket.reason}`),
  );
  // Answers go back to the chat the ticket came from: in a group, everyone there reads them.
  if (ticket.inGroup) head.push(st('handoff.staff.inGroup'));
  if (offlineUntil) head.push(st('handoff.staff.offline', { when: offlineUntil }));

  const sections = [head.join('\n')];
  const answers = Object.entries(ticket.answers);
  if (answers.length > 0) {
    sections.push([st('handoff.staff.answers', { flow: ticket.flow ?? '' }), ...answers.map(([k, v]) => `• ${k}: ${short(describe(v))}`)].join('\n'));
  }
  const extras = Object.entries(ticket.extras);
  if (extras.length > 0) sections.push([st('handoff.staff.extras'), ...extras.map(([k, v]) => `• ${k}: ${short(v, EXTRA_CHARS)}`)].join('\n'));
  if (ticket.transcript.length > 0) {
    const lines = ticket.transcript.slice(-CARD_LINES).map((l) => `${st(`handoff.staff.from.${l.from}`)} ${short(l.text)}`);
    sections.push([st('handoff.staff.transcript'), ...lines].join('\n'));
  }
  if (ticket.notes.length > 0) sections.push([st('handoff.staff.notes'), ...ticket.notes.map((n) => `📝 ${n.by}: ${short(n.text)}`)].join('\n'));
  sections.push(st('handoff.staff.howTo', { id }));

  const choices = buttons
    ? [
        { id: `staff:claim:${id}`, label: st('handoff.staff.claimButton') },
        { id: `staff:close:${id}`, label: st('handoff.staff.closeButton') },
      ]
    : undefined;
  return { text: sections.join('\n\n'), ...(choices ? { choices } : {}), ...(ticket.urgent ? { urgent: true } : {}) };
}

/** One ticket in a line, as /queue and the reminder digest show it: who, how long, and their last words. */
function ticketLine(t: Ticket, age: string, st: Translate): string {
  const said = t.transcript.findLast((l) => l.from === 'person')?.text;
  return st('handoff.staff.queueLine', {
    id: t.id,
    status: st(`handoff.staff.status.${t.status}`, { name: t.claimedByName ?? '' }),
    age,
    urgent: t.urgent ? ' · 🚨' : '',
    name: personName(t, st),
    messenger: st(`handoff.staff.messenger.${t.address.platform}`),
    language: st(`handoff.staff.language.${t.lang}`),
    said: said ? short(said, SAID_CHARS) : st('handoff.staff.none'),
  });
}

/** /queue: open tickets in the order to take them (urgent first, then the longest waiting), with their age. */
/** For a member of a staff channel who is not on STAFF_USER_IDS: how to get on it. */
export function notOnListReply(address: Address, st: Translate, answering = false): Reply[] {
  return [{ text: st(answering ? 'handoff.staff.notOnListAnswer' : 'handoff.staff.notOnList', { id: `${address.platform}:${address.userId}` }) }];
}

export function queueText(tickets: Ticket[], now: Date, st: Translate): string {
  if (tickets.length === 0) return st('handoff.staff.queueEmpty');
  const lines = [...tickets]
    .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.openedAt.localeCompare(b.openedAt))
    .map((t) => ticketLine(t, formatAge(now.getTime() - Date.parse(t.openedAt), st), st));
  return [st('handoff.staff.queueTitle', { count: tickets.length }), ...lines].join('\n');
}

/** One ticket of the reminder digest and how long it has gone without an answer. */
export interface DigestLine {
  ticket: Ticket;
  waited: string;
}

/** Several tickets still without an answer, in one message. */
export function reminderDigest(lines: DigestLine[], st: Translate): string {
  return [st('handoff.staff.digestTitle'), ...lines.map(({ ticket, waited }) => ticketLine(ticket, waited, st)), st('handoff.staff.digestHowTo')].join('\n');
}

/** /stats as text. */
export function statsText(stats: TicketStats, zone: string, st: Translate): string {
  const none = st('handoff.staff.none');
  return st('handoff.staff.stats', {
    zone,
    opened: stats.openedToday,
    closed: stats.closedToday,
    median: stats.medianFirstAnswerMs === undefined ? none : formatAge(stats.medianFirstAnswerMs, st),
    answered: stats.answered,
    rating: stats.averageRating === undefined ? none : stats.averageRating.toFixed(1),
    rated: stats.rated,
  });
}

/** What a feature keeps for the person (brief, checklist), shortened for a ticket: its text when it has one. */
export function extraSummary(value: Json): string {
  const text = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.text : undefined;
  const summary = typeof text === 'string' ? text : describe(value);
  return summary.length > EXTRA_CHARS ? `${summary.slice(0, EXTRA_CHARS - 1)}…` : summary;
}

/** A flow answer or an extra in one line. */
export function describe(value: Json): string {
  if (value === null) return '–';
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function short(text: string, max = LINE_CHARS): string {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
