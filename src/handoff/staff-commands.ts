/**
 * The staff's commands: /queue, /claim ID, /reply ID text, /note ID text, /release ID, /close ID,
 * /stats, and the Claim / Close buttons on ticket cards (`staff:claim:ID`, `staff:close:ID`). Each is
 * `allowed` only for STAFF_USER_IDS, so for anyone else the engine answers exactly as it does an
 * unknown command; the buttons answer exactly as an expired choice does.
 */
import type { Lang, Reply } from '../message.ts';
import type { Action, Command, Turn } from '../turn.ts';
import { expiredReply, type Relay, staffMember } from './relay.ts';
import type { StaffChannels } from './staff-channels.ts';
import type { StaffHours } from './staff-hours.ts';
import { notOnListReply, queueText, statsText } from './staff-text.ts';
import type { TicketStore } from './ticket-store.ts';
import { parseTicketId, type Ticket } from './ticket.ts';
import { ticketStats } from './ticket-stats.ts';

/** What the staff commands work with. */
export interface StaffCommandOptions {
  relay: Relay;
  tickets: TicketStore;
  channels: StaffChannels;
  hours: StaffHours;
  now: () => Date;
  staffLang: Lang;
}

/** The staff commands and the card buttons' action. */
export function createStaffCommands({ relay, tickets, channels, hours, now, staffLang }: StaffCommandOptions): { commands: Command[]; actions: Action[] } {
  const allowed = (turn: Turn) => channels.isStaff(turn.incoming.address);
  const st = (turn: Turn) => turn.services.i18n.fixed(staffLang);

  /** The ticket whose card or relayed line this staff message replies to, if any. */
  const repliedTicket = (turn: Turn): Ticket | undefined => tickets.repliedTo(turn.incoming);

  /**
   * Runs `use` with the ticket the first word names and the rest of the text; sent as a reply to
   * a ticket's card ("/close" under Kim's card, "/note VIP client"), with that ticket and all the
   * text. Usage or "no such ticket" otherwise.
   */
  const withTicket = (usage: string, needsText: boolean, use: (turn: Turn, ticket: Ticket, text: string) => Promise<Reply[]>) => {
    return async (turn: Turn, args: string): Promise<Reply[]> => {
      const [, word = '', text = ''] = /^(\S*)\s*([\s\S]*)$/.exec(args.trim()) ?? [];
      const id = parseTicketId(word);
      const named = id === undefined ? undefined : tickets.get(id);
      const onCard = named ? undefined : repliedTicket(turn);
      if (onCard) return needsText && !args.trim() ? [{ text: st(turn)('handoff.staff.usage', { usage }) }] : use(turn, onCard, args.trim());
      if (!word || (needsText && !text.trim())) return [{ text: st(turn)('handoff.staff.usage', { usage }) }];
      const ticket = named;
      if (!ticket) return [{ text: st(turn)('handoff.staff.notFound', { id: word.replace(/^#/, '').slice(0, 12) }) }];
      return use(turn, ticket, text.trim());
    };
  };

  const commands: Command[] = [
    { name: 'queue', allowed, run: (turn) => [{ text: queueText(tickets.open(), now(), st(turn)) }] },
    { name: 'claim', allowed, run: withTicket('/claim ID', false, (turn, ticket) => relay.claim(turn.services, staffMember(turn), ticket)) },
    { name: 'reply', allowed, run: withTicket('/reply ID text', true, (turn, ticket, text) => relay.answer(turn.services, staffMember(turn), ticket, text)) },
    { name: 'note', allowed, run: withTicket('/note ID text', true, (turn, ticket, text) => relay.note(turn.services, staffMember(turn), ticket, text)) },
    { name: 'release', allowed, run: withTicket('/release ID', false, (turn, ticket) => relay.release(turn.services, staffMember(turn), ticket)) },
    { name: 'close', allowed, run: withTicket('/close ID', false, (turn, ticket) => relay.close(turn.services, staffMember(turn), ticket)) },
    { name: 'stats', allowed, run: (turn) => [{ text: statsText(ticketStats(tickets.all(), now(), hours), hours.timeZone, st(turn)) }] },
  ];

  const actions: Action[] = [
    {
      verb: 'staff',
      run: (turn, argument) => {
        const [what, id = ''] = argument.split(':');
        const ticket = tickets.get(id);
        // A colleague not yet on the list, in the staff channel, learns how to get on it.
        if (!allowed(turn)) return channels.isChannel(turn.incoming.address) ? notOnListReply(turn.incoming.address, st(turn)) : expiredReply(turn);
        if (!ticket) return expiredReply(turn);
        if (what === 'claim') return relay.claim(turn.services, staffMember(turn), ticket);
        if (what === 'close') {
          // The button sits next to Claim: a slip must not end, with a thank-you, a request nobody answered. /close ID stays one step.
          if (ticket.firstAnswerAt !== undefined || ticket.status === 'closed') return relay.close(turn.services, staffMember(turn), ticket);
          return [
            {
              text: st(turn)('handoff.staff.closeConfirm', { id: ticket.id }),
              choices: [
                { id: `staff:closeYes:${ticket.id}`, label: st(turn)('handoff.staff.closeYes') },
                { id: `staff:keep:${ticket.id}`, label: st(turn)('handoff.staff.keepOpen') },
              ],
            },
          ];
        }
        if (what === 'closeYes') return relay.close(turn.services, staffMember(turn), ticket);
        if (what === 'keep') return [{ text: st(turn)('handoff.staff.keptOpen', { id: ticket.id }) }];
        return expiredReply(turn);
      },
    },
  ];

  return { commands, actions };
}
