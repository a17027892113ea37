/**
 * What a person has: /human (its words and the "talk to a person" button, `cmd:human`), /bot to
 * leave a ticket, and the rating buttons (`rate:ID:N`) sent when a chat with staff ends.
 */
import type { Lang } from '../message.ts';
import type { Action, Command } from '../turn.ts';
import type { Relay } from './relay.ts';
import type { StaffChannels } from './staff-channels.ts';
import type { TicketStore } from './ticket-store.ts';

/** What the person's commands work with. */
export interface PersonCommandOptions {
  relay: Relay;
  tickets: TicketStore;
  channels: StaffChannels;
  staffLang: Lang;
}

/** /human, /bot and the rating action. */
export function createPersonCommands({ relay, tickets, channels, staffLang }: PersonCommandOptions): { commands: Command[]; actions: Action[] } {
  const commands: Command[] = [
    {
      name: 'human',
      words: 'handoff.commands.human.words',
      describe: 'handoff.commands.human.describe',
      run: (turn, args) => {
        // Staff asking for a human in their own channel would open a ticket about themselves.
        if (channels.isChannel(turn.incoming.address)) return [{ text: turn.services.i18n.t(staffLang, 'handoff.staff.here') }];
        if (!channels.configured) return [turn.services.menu(turn, turn.t('handoff.unavailable'))];
        // "/human my claim was rejected": those words are the person's question for staff, not to be dropped.
        const open = tickets.openFor(turn.key);
        if (open && args) return relay.fromPerson(turn, open, { typed: args });
        return relay.open(turn, 'asked', args);
      },
    },
    {
      name: 'bot',
      words: 'handoff.commands.bot.words',
      describe: 'handoff.commands.bot.describe',
      run: (turn) => {
        const ticket = tickets.openFor(turn.key);
        return ticket ? relay.leave(turn, ticket) : [turn.services.menu(turn, turn.t('handoff.notInTicket'))];
      },
    },
  ];

  const actions: Action[] = [
    {
      verb: 'rate',
      run: (turn, argument) => {
        const [id = '', stars = ''] = argument.split(':');
        return relay.rate(turn, id, Number(stars));
      },
    },
  ];

  return { commands, actions };
}
