/**
 * The few Bot API calls the adapter makes, as one small interface each driver implements
 * (grammY and Telegraf), plus the shapes of updates it reads. Keeping this narrow is what lets
 * the rest of the adapter be shared and tested once.
 */
import type { Lang } from '../../src/message.ts';

/** An inline keyboard button that sends `callback_data` back when pressed. */
export interface InlineButton {
  text: string;
  callback_data: string;
}

/** Rows of inline buttons under a message. */
export type InlineKeyboard = InlineButton[][];

/** The bot itself, as getMe returns it. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** A Bot API chat id: a number, or "@channelname". */
export type ChatId = number | string;

/** A command for the menu next to the message field. */
export interface BotCommand {
  command: string;
  description: string;
}

/** What the adapter asks of a Bot API client; each driver maps these onto its library. */
export interface TelegramApi {
  /** Sends plain text; `urgent` messages skip pacing (emergency guidance). */
  sendMessage(chatId: ChatId, text: string, options: { keyboard?: InlineKeyboard; urgent?: boolean }): Promise<{ message_id: number }>;
  editMessageText(chatId: ChatId, messageId: number, text: string, keyboard?: InlineKeyboard): Promise<void>;
  sendChatAction(chatId: ChatId, action: 'typing'): Promise<void>;
  answerCallbackQuery(callbackQueryId: string): Promise<void>;
  /** Sets the command menu; without a language code it is the default for everyone. */
  setMyCommands(commands: BotCommand[], languageCode?: Lang): Promise<void>;
  /** Points Telegram at the webhook, asking for ALLOWED_UPDATES only. */
  setWebhook(url: string, secretToken: string): Promise<void>;
  deleteWebhook(): Promise<void>;
}

/** The update kinds the adapter asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

// The shapes below are the parts of Bot API objects the adapter reads. grammY's and Telegraf's
// own types are assignable to them, so the translation code does not depend on either library.

export interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: string;
}

export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: TgUser;
}

/** A message as far as a reply-to reference goes. */
export interface TgMessageRef {
  message_id: number;
  chat?: TgChat;
  from?: TgUser;
}

export interface TgMessage extends TgMessageRef {
  chat: TgChat;
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  reply_to_message?: TgMessageRef;
  photo?: unknown;
  voice?: unknown;
  audio?: unknown;
  video?: unknown;
  video_note?: unknown;
  animation?: unknown;
  sticker?: unknown;
  document?: unknown;
  location?: unknown;
  venue?: unknown;
  contact?: unknown;
  poll?: unknown;
  dice?: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  data?: string;
  message?: { message_id?: number; chat?: TgChat };
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
}

/** A failed Bot API call, reduced to what decides what to do next. */
export interface ApiFailure {
  /** The Bot API error code (403, 429…); undefined when the request never got an answer. */
  code: number | undefined;
  description: string;
  /** Seconds Telegram asked to wait (429). */
  retryAfter: number | undefined;
  /** The connection failed or dropped: the call may be retried. */
  network: boolean;
}

const NETWORK_NAMES = new Set(['HttpError', 'FetchError']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Reads a grammY (GrammyError, HttpError) or Telegraf (TelegramError, FetchError) failure. */
export function apiFailure(error: unknown): ApiFailure {
  if (typeof error !== 'object' || error === null) return { code: undefined, description: String(error), retryAfter: undefined, network: false };
  const fields = error as { name?: unknown; error_code?: unknown; code?: unknown; description?: unknown; message?: unknown; parameters?: unknown };
  const code = typeof fields.error_code === 'number' ? fields.error_code : typeof fields.code === 'number' ? fields.code : undefined;
  const parameters = typeof fields.parameters === 'object' && fields.parameters !== null ? (fields.parameters as { retry_after?: unknown }) : {};
  const description = typeof fields.description === 'string' ? fields.description : typeof fields.message === 'string' ? fields.message : 'unknown error';
  const network = code === undefined && ((typeof fields.name === 'string' && NETWORK_NAMES.has(fields.name)) || (typeof fields.code === 'string' && NETWORK_CODES.has(fields.code)));
  return { code, description, retryAfter: typeof parameters.retry_after === 'number' ? parameters.retry_after : undefined, network };
}

/** Telegram refuses delivery for good: the person blocked the bot or deleted their account. */
export function isUnreachable(failure: ApiFailure): boolean {
  return failure.code === 403;
}

/** Address chat ids are strings; the Bot API wants numbers for numeric ids. */
export function toChatId(chatId: string): ChatId {
  return /^-?\d{1,16}$/.test(chatId) ? Number(chatId) : chatId;
}
