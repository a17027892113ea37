/**
 * A handoff ticket: one person waiting for, talking to, or done with a human from the staff.
 * The schema is checked on every load, so a hand-edited tickets.json cannot smuggle in bad data.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Address, Lang } from '../message.ts';
import { Json, TranscriptLine } from '../store/records.ts';

/** Base32 without 0, 1, I and O, which are easy to misread when staff type an id. */
export const TICKET_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const ID_LENGTH = 6;

/** A ticket id: six characters of the ticket alphabet, such as "K7QX3M". */
export const TicketId = z.string().regex(new RegExp(`^[${TICKET_ALPHABET}]{${ID_LENGTH}}$`));

/** Why a ticket was opened; emergencies are urgent. */
export const TicketReason = z.enum(['asked', 'failures', 'emergency']);
export type TicketReason = z.infer<typeof TicketReason>;

/** waiting: nobody from the staff has taken it; claimed: someone has; closed: back to the bot. */
export const TicketStatus = z.enum(['waiting', 'claimed', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** A note staff keep on a ticket; never sent to the person. */
export const TicketNote = z.object({ at: z.string(), by: z.string(), text: z.string() });

/** One ticket as stored in the "tickets" collection. */
export const Ticket = z.object({
  id: TicketId,
  /** The person's conversation key (platform:chat:user). */
  conversation: z.string(),
  address: Address,
  /** True when it came from a group chat, where everyone reads the answers. */
  inGroup: z.boolean().optional(),
  displayName: z.string().optional(),
  lang: Lang,
  status: TicketStatus,
  reason: TicketReason,
  urgent: z.boolean(),
  openedAt: z.string(),
  claimedAt: z.string().optional(),
  firstAnswerAt: z.string().optional(),
  closedAt: z.string().optional(),
  /** Last time the ticket card went to the staff channels (reminders count from it). */
  postedAt: z.string().optional(),
  /** Staff member (platform:user) who claimed it, and the name they go by; staff-facing only. */
  claimedBy: z.string().optional(),
  claimedByName: z.string().optional(),
  closedBy: z.enum(['staff', 'person']).optional(),
  /** The conversation's last lines at opening, then what was relayed both ways (at most 20). */
  transcript: z.array(TranscriptLine),
  /** The flow the person was in when the ticket opened, and its answers so far. */
  flow: z.string().optional(),
  answers: z.record(z.string(), Json),
  /** Short summaries of what the person keeps with the bot (checklist, consultation brief). */
  extras: z.record(z.string(), z.string()).default({}),
  notes: z.array(TicketNote).default([]),
  /** Staff-channel messages about this ticket, as "platform:chat:message", so a reply finds it. */
  staffMessages: z.array(z.string()).default([]),
  /** The queue position the person was last told, so a waiting person is not told it again and again. */
  toldPosition: z.number().int().optional(),
  /** When a waiting person was last told their message was passed on, and whether staff were off then. */
  toldAt: z.string().optional(),
  toldOffline: z.boolean().optional(),
  /** The person was asked to rate the help and has not answered or moved on yet. */
  ratingAsked: z.boolean().optional(),
  rating: z.number().int().min(1).max(5).optional(),
});
export type Ticket = z.infer<typeof Ticket>;

/** How many transcript lines a ticket keeps. */
export const TICKET_TRANSCRIPT_LINES = 20;

/** A fresh random ticket id; 30 bits from crypto, so one id says nothing about another. */
export function newTicketId(random: (size: number) => Uint8Array = randomBytes): string {
  // 256 is a multiple of 32, so masking a byte keeps every character equally likely.
  return [...random(ID_LENGTH)].map((byte) => TICKET_ALPHABET[byte & 31]).join('');
}

/** Reads an id as staff type it ("#k7qx3m", "K7QX3M"); undefined when it cannot be one. */
export function parseTicketId(text: string): string | undefined {
  const id = text.trim().replace(/^#/, '').toUpperCase();
  return TicketId.safeParse(id).success ? id : undefined;
}
