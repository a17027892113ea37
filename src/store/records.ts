/**
 * The shapes of what the state store keeps, as zod schemas checked on every load.
 */
import { z } from 'zod';
import { Address, Choice, Lang } from '../message.ts';

/** Any JSON value: flow answers and feature extras must survive a round trip through a file. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Deeper than any record of ours nests; past it a value is refused rather than walked. */
const MAX_JSON_DEPTH = 64;

/** The first place in `value` that JSON cannot hold, as a path, or undefined when it all can. */
function notJsonAt(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : '';
  if (typeof value !== 'object' || depth >= MAX_JSON_DEPTH) return '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = notJsonAt(value[i], depth + 1);
      if (at !== undefined) return `.${i}${at}`;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return '';
  for (const key in value) {
    const at = notJsonAt((value as Record<string, unknown>)[key], depth + 1);
    if (at !== undefined) return `.${key}${at}`;
  }
  return undefined;
}

// A walk rather than z.lazy(z.union(...)): the union tried every member at every node and was
// most of the cost of checking a conversation on each write (11 of 25 µs for a 176-byte checklist).
export const Json: z.ZodType<Json> = z.unknown().check((ctx) => {
  const at = notJsonAt(ctx.value, 0);
  if (at !== undefined) {
    ctx.issues.push({ code: 'custom', message: `must be plain JSON (text, finite numbers, true/false, null, lists and objects)${at ? ` at ${at.slice(1)}` : ''}`, input: ctx.value });
  }
}) as z.ZodType<Json>;

/** Where a person is inside a scripted flow; pinned to the flow's version. */
export const FlowState = z.object({
  id: z.string(),
  version: z.number().int(),
  step: z.string(),
  answers: z.record(z.string(), Json),
  /** Steps answered so far, in order, so `back` can return. */
  history: z.array(z.string()),
  /** Options ticked so far on a multiple-choice step answered by buttons. */
  pending: z.array(z.string()).optional(),
  /** Invalid answers in a row on the current step. */
  attempts: z.number().int().min(0).default(0),
  /** When the flow began (ISO), so leaving it can drop what was typed in it from the transcript. */
  startedAt: z.string().optional(),
});
export type FlowState = z.infer<typeof FlowState>;

export const TranscriptLine = z.object({
  from: z.enum(['person', 'bot', 'staff']),
  text: z.string(),
  at: z.string(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

/** Everything the bot keeps about one person in one chat. */
export const Conversation = z.object({
  key: z.string(),
  address: Address,
  displayName: z.string().optional(),
  lang: Lang.optional(),
  /** 'chosen' once the person picked a language with /language; hints and scripts then stop overriding. */
  langSource: z.enum(['chosen', 'hint', 'script', 'default']).optional(),
  flow: FlowState.optional(),
  /** The choices last offered, so "2" or a label typed later selects one of them. */
  lastChoices: z.array(Choice).default([]),
  /** Turns in a row the bot could not help with. */
  failures: z.number().int().min(0).default(0),
  /** Recent messages for a human who takes over (at most 20). */
  transcript: z.array(TranscriptLine).default([]),
  /** Recent platform message ids, to drop duplicates. */
  seen: z.array(z.string()).default([]),
  /** A pending confirmation, for example before /forget. */
  confirm: z.string().optional(),
  /** When the ambulance guidance was last given (ISO): an "ok" or "he stopped shaking" just after it is met with care, not an article. */
  emergencyAt: z.string().optional(),
  /** The platform refused delivery (the person blocked the bot). */
  unreachable: z.boolean().optional(),
  /** Records that features keep for the person (checklist, consultation brief), each checked by its owner. */
  extras: z.record(z.string(), Json).default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

/** The file format of one stored conversation; `format` lets a later release migrate. */
export const ConversationFile = z.object({ format: z.literal(1), conversation: Conversation });
export type ConversationFile = z.infer<typeof ConversationFile>;

/** A record in a named collection (tickets, unanswered questions): it has an id. */
export type Identified = { id: string };
