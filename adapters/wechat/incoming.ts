/**
 * Turning a Wechaty message into the engine's Incoming: which messages the bot answers at all
 * (never its own, groups only when mentioned or in the staff room), the attachment kind of
 * non-text messages, and the text without the @mention and with WeChat's face codes as emoji.
 */
import { types } from 'wechaty';
import type { Message } from 'wechaty';
import type { AttachmentKind, Incoming } from '../../src/message.ts';
import { WECHAT_EMOJI_CODES } from './emoji-codes.ts';

/** What the adapter needs to know about one message, read from Wechaty once. */
export interface MessageFacts {
  id: string;
  type: types.Message;
  text: string;
  /** Sent by the bot's own account (from this or another device). */
  self: boolean;
  /** Seconds since the message was sent. */
  ageSeconds: number;
  talker: { id: string; name: string; type: types.Contact };
  /** The bot account's own name, to tell a quote of the bot's message in a private chat. */
  selfName?: string;
  room?: {
    id: string;
    topic: string;
    /** The message mentions the bot's account. */
    mentionSelf: boolean;
    /** The text with the mentions Wechaty recognised taken out. */
    mentionText: string;
    /** Names the bot goes by in this room (its nickname and room alias): to strip a leftover "@name" and tell a quote of its message. */
    selfNames: string[];
  };
}

export interface IncomingOptions {
  /** Topic of the staff room, whose every text message is passed on. */
  staffRoom?: string | undefined;
  /** Older messages (history some puppets replay after a login) are skipped. */
  maxAgeSeconds?: number;
}

/** Why a message is not passed to the engine; logged at debug level. */
export type SkipReason = 'self' | 'official' | 'stale' | 'group-not-mentioned' | 'staff-room-non-text' | 'not-a-message';

/** Either the Incoming to hand the engine, or why the message is left alone. */
export type Translation = { incoming: Incoming; skip?: undefined } | { incoming?: undefined; skip: SkipReason };

/** An hour: long enough to answer people who wrote while the bot restarted, short enough to skip replayed history. */
export const MAX_AGE_SECONDS = 60 * 60;

/**
 * The attachment kind for a non-text message type; undefined for types that are not a person's
 * message (recalls, system notes, money) and so get no reply.
 */
export function attachmentKind(type: types.Message): AttachmentKind | undefined {
  switch (type) {
    case types.Message.Image:
      return 'photo';
    case types.Message.Audio:
      return 'voice';
    case types.Message.Video:
      return 'video';
    case types.Message.Attachment:
      return 'file';
    case types.Message.Emoticon:
      return 'emoticon';
    case types.Message.MiniProgram:
      return 'miniprogram';
    case types.Message.Url:
      return 'link';
    case types.Message.Contact:
      return 'contact';
    case types.Message.Location:
      return 'location';
    case types.Message.ChatHistory:
      return 'other';
    default:
      // Unknown (system notices on most puppets), Recalled, GroupNote, Transfer, RedEnvelope, Post.
      return undefined;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes "@name" mentions of the given names (followed by WeChat's U+2005 space, a space, or the end). */
export function stripMentions(text: string, names: readonly string[]): string {
  let result = text;
  for (const name of names) {
    if (!name) continue;
    result = result.replace(new RegExp(`@${escapeRegExp(name)}(?:\u2005|\u0020|$)`, 'g'), '');
  }
  return result.replace(/\u2005/g, ' ').trim();
}

const EMOJI_BY_CODE = new Map(WECHAT_EMOJI_CODES.flatMap(([emoji, ...codes]) => codes.map((code) => [code, emoji] as const)));

/**
 * The text with WeChat's face codes as Unicode emoji ("谢谢[强]" → "谢谢👍", "[Smile]" → "😊"), so
 * the engine reads a face as a face, not as Chinese or English words. Bracketed text that is no
 * WeChat code ("[1]", "[attached]") stays as it is.
 */
export function emojiFromCodes(text: string): string {
  return text.replace(/\[([^[\]\n]{1,16})\]/g, (whole, code: string) => EMOJI_BY_CODE.get(code) ?? whole);
}

/** A WeChat quote reply as the puppets pass it on: who and what was quoted, and the reply itself. */
export interface Quote {
  name: string;
  quoted: string;
  reply: string;
}

/**
 * Splits a quote reply: puppets give no id of the quoted message, only one text,
 * "「name：quoted」", a dashed line, then the reply. Undefined for any other text.
 */
export function splitQuote(text: string): Quote | undefined {
  const match = /^「([^：\n]{1,100}?)：([\s\S]*)」\n-(?: -){10,30}\n([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  const [, name = '', quoted = '', reply = ''] = match;
  return { name, quoted, reply };
}

/**
 * Decides whether the bot answers a message and builds its Incoming.
 * @example toIncoming(facts, { staffRoom: 'Support team' })
 */
export function toIncoming(facts: MessageFacts, options: IncomingOptions = {}): Translation {
  if (facts.self) return { skip: 'self' };
  if (facts.talker.type === types.Contact.Official) return { skip: 'official' };
  if (facts.ageSeconds > (options.maxAgeSeconds ?? MAX_AGE_SECONDS)) return { skip: 'stale' };

  const isText = facts.type === types.Message.Text;
  const attachment = isText ? undefined : attachmentKind(facts.type);
  if (!isText && !attachment) return { skip: 'not-a-message' };

  const base = { messageId: facts.id, ...(facts.talker.name ? { displayName: facts.talker.name.slice(0, 256) } : {}) };
  const room = facts.room;
  // A quote reply carries the quoted text first: the person's words are only the reply. A quote of
  // the bot's own message is kept aside (staff quoting a ticket card answer that ticket).
  const quote = isText ? splitQuote(facts.text) : undefined;
  const ownNames = room ? room.selfNames : facts.selfName ? [facts.selfName] : [];
  const quotesBot = quote !== undefined && ownNames.includes(quote.name);
  const quoted = quotesBot ? { quoted: quote.quoted.slice(0, 4096) } : {};
  if (!room) {
    const address = { platform: 'wechat' as const, chatId: facts.talker.id, userId: facts.talker.id };
    return { incoming: { address, chatType: 'private', ...base, ...(isText ? { text: emojiFromCodes(quote?.reply ?? facts.text), ...quoted } : { attachment }) } };
  }

  const address = { platform: 'wechat' as const, chatId: room.id, userId: facts.talker.id };
  const said = quote ? stripMentions(quote.reply, room.selfNames) : room.mentionSelf ? stripMentions(room.mentionText, room.selfNames) : facts.text;
  const inStaffRoom = options.staffRoom !== undefined && room.topic === options.staffRoom;
  if (inStaffRoom) {
    if (!isText) return { skip: 'staff-room-non-text' };
    return { incoming: { address, chatType: 'group', ...base, text: emojiFromCodes(said), ...quoted } };
  }
  // Only text can carry a mention, so photos and stickers in groups are never for the bot; a quote
  // of the bot's message is a reply to it, as on Telegram.
  if (!isText || !(room.mentionSelf || quotesBot)) return { skip: 'group-not-mentioned' };
  return { incoming: { address, chatType: 'group', ...base, text: emojiFromCodes(said), ...quoted } };
}

/** Reads the facts `toIncoming` needs from a Wechaty message (room topic and mentions only for rooms). */
export async function readFacts(message: Message): Promise<MessageFacts> {
  const talker = message.talker();
  const facts: MessageFacts = {
    id: message.id,
    type: message.type(),
    text: message.text(),
    self: message.self(),
    ageSeconds: message.age(),
    talker: { id: talker.id, name: talker.name(), type: talker.type() },
  };
  // Messages arrive only while logged in, so the bot's own account is known.
  const user = message.wechaty.currentUser;
  facts.selfName = user.name();
  const room = message.room();
  if (room && !facts.self) {
    const isText = facts.type === types.Message.Text;
    const mentionSelf = isText ? await message.mentionSelf() : false;
    // A quote names the bot by its room alias, when it has one.
    const alias = mentionSelf || (isText && splitQuote(facts.text)) ? await room.alias(user).catch(() => undefined) : undefined;
    facts.room = {
      id: room.id,
      topic: await room.topic(),
      mentionSelf,
      mentionText: mentionSelf ? await message.mentionText() : facts.text,
      selfNames: [alias, user.name()].filter((n): n is string => typeof n === 'string' && n.length > 0),
    };
  }
  return facts;
}
