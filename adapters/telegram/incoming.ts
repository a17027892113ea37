/**
 * Telegram update → the engine's Incoming, as pure functions: which messages are for the bot
 * (in groups: its commands, mentions of it, replies to it), what the person wrote with the
 * mention taken out, and which attachment kind a non-text message is.
 */
import type { AttachmentKind, Incoming } from '../../src/message.ts';
import type { BotIdentity, TgCallbackQuery, TgEntity, TgMessage, TgUpdate, TgUser } from './bot-api.ts';

/** What one update means for the adapter. */
export type Translated =
  | { kind: 'message'; incoming: Incoming }
  | { kind: 'callback'; incoming: Incoming; callbackQueryId: string }
  | { kind: 'ignored'; reason: string; callbackQueryId?: string };

/** The pressed button's data back to the engine's choice id (see CallbackCodec). */
export type DecodeChoice = (callbackData: string) => string;

const GROUP_TYPES = new Set(['group', 'supergroup']);

/**
 * Translates one update; anything not meant for the bot comes back as `ignored` with a reason
 * (for debug logs), and a callback query always carries its id so it can be answered.
 */
export function translateUpdate(update: TgUpdate, me: BotIdentity, decode: DecodeChoice): Translated {
  if (update.callback_query) return translateCallback(update.callback_query, decode);
  if (update.message) return translateMessage(update.message, me);
  return { kind: 'ignored', reason: 'update kind' };
}

function translateCallback(query: TgCallbackQuery, decode: DecodeChoice): Translated {
  const chat = query.message?.chat;
  if (!chat || query.data === undefined || query.data === '') return { kind: 'ignored', reason: 'callback without chat or data', callbackQueryId: query.id };
  if (query.from.is_bot) return { kind: 'ignored', reason: 'from a bot', callbackQueryId: query.id };
  const group = GROUP_TYPES.has(chat.type);
  if (!group && chat.type !== 'private') return { kind: 'ignored', reason: `chat type ${chat.type}`, callbackQueryId: query.id };
  const incoming: Incoming = {
    ...person(query.from, chat.id),
    choice: decode(query.data).slice(0, 512),
    messageId: `cb:${query.id}`,
    chatType: group ? 'group' : 'private',
  };
  return { kind: 'callback', incoming, callbackQueryId: query.id };
}

function translateMessage(message: TgMessage, me: BotIdentity): Translated {
  const { chat, from } = message;
  if (!from) return { kind: 'ignored', reason: 'no sender' };
  if (from.is_bot) return { kind: 'ignored', reason: 'from a bot' };
  const group = GROUP_TYPES.has(chat.type);
  if (!group && chat.type !== 'private') return { kind: 'ignored', reason: `chat type ${chat.type}` };

  // Telegram never sends an empty text; a message that has one is treated as having none.
  const hasText = message.text !== undefined && message.text !== '';
  const raw = hasText ? message.text : message.caption;
  const entities = (hasText ? message.entities : message.caption_entities) ?? [];
  const attachment = attachmentOf(message);
  if (raw === undefined && attachment === undefined) return { kind: 'ignored', reason: 'service message' };

  let text = raw;
  if (group) {
    const addressed = addressedText(raw ?? '', entities, me, message.reply_to_message?.from?.id === me.id);
    if (addressed === undefined) return { kind: 'ignored', reason: 'group message not for the bot' };
    text = raw === undefined ? undefined : addressed;
  }

  const incoming: Incoming = {
    ...person(from, chat.id),
    ...(text !== undefined ? { text } : {}),
    ...(attachment ? { attachment } : {}),
    messageId: `${chat.id}:${message.message_id}`,
    ...(message.reply_to_message ? { replyTo: `${chat.id}:${message.reply_to_message.message_id}` } : {}),
    chatType: group ? 'group' : 'private',
  };
  return { kind: 'message', incoming };
}

function person(from: TgUser, chatId: number): Pick<Incoming, 'address' | 'displayName' | 'languageHint'> {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return {
    address: { platform: 'telegram', chatId: String(chatId), userId: String(from.id) },
    ...(name ? { displayName: name.slice(0, 256) } : {}),
    ...(from.language_code ? { languageHint: from.language_code.slice(0, 35) } : {}),
  };
}

/**
 * In a group, the text the bot should read, or undefined when the message is not for it:
 * a command (`/cmd`, or `/cmd@thisbot` but not `/cmd@otherbot`), a mention of the bot
 * (@username or a text mention) which is taken out of the text, or a reply to the bot.
 */
export function addressedText(text: string, entities: readonly TgEntity[], me: BotIdentity, repliesToBot: boolean): string | undefined {
  const command = /^\/[A-Za-z0-9_]+(?:@(\w+))?(?=\s|$)/.exec(text);
  if (command) {
    const target = command[1];
    return target === undefined || target.toLowerCase() === me.username.toLowerCase() ? text : undefined;
  }
  const mentions = entities.filter(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`) ||
      (e.type === 'text_mention' && e.user?.id === me.id),
  );
  if (mentions.length === 0) return repliesToBot ? text : undefined;
  // Cut from the end so earlier offsets (UTF-16, as Telegram counts them) stay valid.
  let stripped = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) stripped = stripped.slice(0, e.offset) + stripped.slice(e.offset + e.length);
  return stripped
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[\s,:;]+/, '')
    .trim();
}

/** The attachment kind of a non-text message, if it carries one. */
export function attachmentOf(message: TgMessage): AttachmentKind | undefined {
  if (message.photo !== undefined) return 'photo';
  if (message.voice !== undefined || message.audio !== undefined) return 'voice';
  if (message.video !== undefined || message.video_note !== undefined || message.animation !== undefined) return 'video';
  if (message.sticker !== undefined) return 'sticker';
  if (message.document !== undefined) return 'file';
  if (message.location !== undefined || message.venue !== undefined) return 'location';
  if (message.contact !== undefined) return 'contact';
  if (message.poll !== undefined || message.dice !== undefined) return 'other';
  return undefined;
}
