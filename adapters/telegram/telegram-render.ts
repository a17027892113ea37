/**
 * The engine's Reply → what Telegram shows: plain-text parts of at most 4,096 characters (sent
 * without parse_mode, so a person's `<b>` or `_x_` is shown as typed and never breaks a message)
 * and an inline keyboard under the last part, whose callback data fits Telegram's 64 bytes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Reply } from '../../src/message.ts';
import { renderParts } from '../../src/render.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import type { Capabilities } from '../../src/turn.ts';
import type { InlineKeyboard } from './bot-api.ts';

/** What a Telegram chat can show. */
export const TELEGRAM_CAPABILITIES: Capabilities = { buttons: true, maxText: 4096, editInPlace: true, defaultLang: 'en' };

/** Telegram's limit on a button's callback data, in bytes. */
export const MAX_CALLBACK_BYTES = 64;
/** Marks callback data that is a token for a longer choice id. */
const TOKEN_PREFIX = '~';

/** One reply ready to send: its text parts in order, and the keyboard for the last part. */
export interface RenderedReply {
  parts: string[];
  keyboard: InlineKeyboard | undefined;
}

/** Turns choice ids into callback data and back. */
export interface CallbackCodec {
  /** Callback data for a choice id: the id itself when it fits, else a stored short token. */
  encode(choiceId: string): Promise<string>;
  /** The choice id for callback data; unknown tokens come back unchanged (the engine calls them expired). */
  decode(callbackData: string): string;
}

const CallbackRecord = z.object({ id: z.string(), choice: z.string(), createdAt: z.string() });
type CallbackRecord = z.infer<typeof CallbackRecord>;

/** The store collection that keeps long choice ids, so old buttons still work after a restart. */
export const CALLBACK_COLLECTION = 'telegram-callbacks';

/**
 * A codec whose tokens live in the state store. Declares its collection, so make it before the
 * store opens (in the adapter factory). Tokens are a hash of the id: the same choice always
 * gets the same token, and the collection grows only with distinct long ids.
 */
export function createCallbackCodec(store: StateStore, now: () => Date = () => new Date()): CallbackCodec {
  const tokens = store.collection<CallbackRecord>(CALLBACK_COLLECTION, CallbackRecord);
  return {
    async encode(choiceId) {
      if (Buffer.byteLength(choiceId, 'utf8') <= MAX_CALLBACK_BYTES && !choiceId.startsWith(TOKEN_PREFIX)) return choiceId;
      const token = TOKEN_PREFIX + createHash('sha256').update(choiceId).digest('base64url').slice(0, 24);
      if (tokens.get(token)?.choice !== choiceId) await tokens.put({ id: token, choice: choiceId, createdAt: now().toISOString() });
      return token;
    },
    decode(callbackData) {
      if (!callbackData.startsWith(TOKEN_PREFIX)) return callbackData;
      return tokens.get(callbackData)?.choice ?? callbackData;
    },
  };
}

/** Renders one reply; choices become one button per row, under the last text part. */
export async function renderReply(reply: Reply, codec: CallbackCodec): Promise<RenderedReply> {
  // Telegram refuses blank text, and a reply may be only choices.
  const parts = renderParts(reply, TELEGRAM_CAPABILITIES).map((part) => (part.trim() === '' ? '…' : part));
  const choices = reply.choices ?? [];
  if (choices.length === 0) return { parts, keyboard: undefined };
  const keyboard: InlineKeyboard = [];
  for (const choice of choices) keyboard.push([{ text: choice.label, callback_data: await codec.encode(choice.id) }]);
  return { parts, keyboard };
}
