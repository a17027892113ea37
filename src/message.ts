/**
 * The message model: what an adapter hands the engine and what the engine hands back.
 * Platform-neutral on purpose: no Telegram or WeChat syntax lives in these types.
 */
import { z } from 'zod';

/** The messengers the bot speaks on. */
export const Platform = z.enum(['console', 'telegram', 'wechat']);
export type Platform = z.infer<typeof Platform>;

/** The languages the bot speaks. */
export const Lang = z.enum(['en', 'zh', 'ru']);
export type Lang = z.infer<typeof Lang>;

/** Where a message came from and where replies go: one chat, one person in it. */
export const Address = z.object({
  platform: Platform,
  /** The chat (private chat, group or room) as the platform names it. */
  chatId: z.string().min(1).max(256),
  /** The person as the platform names them (the most stable id it gives). */
  userId: z.string().min(1).max(256),
});
export type Address = z.infer<typeof Address>;

/** Kinds of non-text content; the engine answers them politely rather than reading them. */
export const AttachmentKind = z.enum([
  'photo',
  'voice',
  'video',
  'sticker',
  'file',
  'location',
  'contact',
  'emoticon',
  'miniprogram',
  'link',
  'other',
]);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/** One message from a person (or from staff) as the engine sees it. */
export const Incoming = z.object({
  address: Address,
  /** What the person typed, if anything. */
  text: z.string().optional(),
  /** The id of a choice the person pressed (a button), if any. */
  choice: z.string().max(512).optional(),
  /** Set when the message carries non-text content. */
  attachment: AttachmentKind.optional(),
  displayName: z.string().max(256).optional(),
  /** The platform's idea of the person's language (Telegram's language_code), raw. */
  languageHint: z.string().max(35).optional(),
  /** The platform's id for this message; a repeated id is dropped as a duplicate. */
  messageId: z.string().max(256).optional(),
  /** The platform id of the message this one replies to (staff reply to a ticket card). */
  replyTo: z.string().max(256).optional(),
  /**
   * The text of the bot's own message this one quotes, where the platform passes a quote as text
   * with no message id (WeChat's quote reply): staff quoting a ticket card answer that ticket.
   */
  quoted: z.string().max(4096).optional(),
  /** 'group' for group chats and rooms; adapters only pass group messages meant for the bot. */
  chatType: z.enum(['private', 'group']).optional(),
});
export type Incoming = z.infer<typeof Incoming>;

/** Something a person can pick: a button on Telegram, a numbered line elsewhere. */
export const Choice = z.object({
  /** Opaque action id the engine understands; adapters must round-trip it unchanged. */
  id: z.string().min(1).max(512),
  /** What the person reads, already in their language. */
  label: z.string().min(1).max(200),
});
export type Choice = z.infer<typeof Choice>;

/** One message from the bot. */
export const Reply = z.object({
  /** Plain text; adapters escape it for their format. */
  text: z.string(),
  choices: z.array(Choice).optional(),
  /**
   * A stable name for a message the person keeps looking at (for example 'checklist').
   * Platforms that can edit a sent message update the last one with the same key in place.
   */
  key: z.string().max(64).optional(),
  /** How to pick a choice by typing ("Reply with a number"), in the person's language; for lists, not buttons. */
  hint: z.string().max(200).optional(),
  /** Urgent replies (emergency guidance) skip pacing and are never dropped by throttles. */
  urgent: z.boolean().optional(),
});
export type Reply = z.infer<typeof Reply>;

/** The key that identifies one conversation in the stores: platform, chat and person. */
export function conversationKey(address: Address): string {
  return `${address.platform}:${address.chatId}:${address.userId}`;
}
