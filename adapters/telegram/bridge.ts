/**
 * The driver-neutral half of the Telegram adapter: an update in → `engine.handle` → replies out
 * through whichever driver's TelegramApi. Both drivers share it, so rendering, edits in place,
 * "typing…", callback answers and the blocked-bot rule behave the same on either.
 */
import type { Engine } from '../../src/engine.ts';
import { AdapterError } from '../../src/errors.ts';
import { LANGS } from '../../src/lang.ts';
import type { Logger } from '../../src/log.ts';
import { type Address, conversationKey, type Reply } from '../../src/message.ts';
import { apiFailure, type BotIdentity, type ChatId, type InlineKeyboard, isUnreachable, type TelegramApi, type TgUpdate, toChatId } from './bot-api.ts';
import { translateUpdate } from './incoming.ts';
import { type CallbackCodec, renderReply } from './telegram-render.ts';

export interface BridgeOptions {
  engine: Engine;
  log: Logger;
  api: TelegramApi;
  codec: CallbackCodec;
  /** The bot's identity, known once the driver has started. */
  me: () => BotIdentity;
  /** "typing…" shows when a reply takes longer than this. Default 500 ms. */
  typingAfterMs?: number;
}

/** What the adapter does with updates and replies, whichever driver carries them. */
export interface Bridge {
  /** Handles one update to the end (replies sent); never rejects. */
  handleUpdate(update: TgUpdate): Promise<void>;
  /** Sends replies in order; returns `${chat}:${message}` ids. Rejects with AdapterError when Telegram refuses. */
  send(address: Address, replies: Reply[]): Promise<string[]>;
  /** Sets the command menu in each language (English as the default). */
  setCommands(): Promise<void>;
  /** Waits (at most `ms`) for updates being handled. */
  drain(ms: number): Promise<void>;
}

/** Telegram keeps "typing…" for 5 s; renew it a little before. */
const TYPING_RENEW_MS = 4500;
/** Messages remembered for edits in place, across all chats. */
const KEYED_LIMIT = 5000;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

/** Makes the bridge for one bot. */
export function createBridge(options: BridgeOptions): Bridge {
  const { engine, log, api, codec } = options;
  const typingAfterMs = options.typingAfterMs ?? 500;
  /** The last message sent with a reply key, per chat and person. */
  const keyed = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();

  const remember = (name: string, messageId: number) => {
    keyed.delete(name);
    keyed.set(name, messageId);
    if (keyed.size > KEYED_LIMIT) {
      const oldest = keyed.keys().next().value;
      if (oldest !== undefined) keyed.delete(oldest);
    }
  };

  /** Telegram said no: a blocked bot marks the conversation unreachable; either way the send stops. */
  const refused = async (address: Address, method: string, error: unknown): Promise<never> => {
    const failure = apiFailure(error);
    const conv = conversationKey(address);
    if (isUnreachable(failure)) {
      await engine.markUnreachable(address).catch((markError: unknown) => log.error('telegram.mark_unreachable_failed', { conv, error: markError }));
      throw new AdapterError('TELEGRAM_UNREACHABLE', `Telegram will not deliver to ${conv} (${failure.code}: ${failure.description}).`, { cause: error });
    }
    throw new AdapterError('TELEGRAM_SEND_FAILED', `Telegram ${method} failed for ${conv} (${failure.code ?? 'network'}: ${failure.description}).`, { cause: error });
  };

  /** Edits a message in place; false when it cannot be edited and a new one should be sent. */
  const edit = async (address: Address, chatId: ChatId, messageId: number, text: string, keyboard: InlineKeyboard | undefined): Promise<boolean> => {
    try {
      await api.editMessageText(chatId, messageId, text, keyboard);
      return true;
    } catch (error) {
      const failure = apiFailure(error);
      // Telegram refuses an edit that changes nothing; the message already shows this.
      if (/message is not modified/i.test(failure.description)) return true;
      if (isUnreachable(failure)) return refused(address, 'editMessageText', error);
      log.debug('telegram.edit_fell_back', { conv: conversationKey(address), code: failure.code });
      return false;
    }
  };

  const send = async (address: Address, replies: Reply[]): Promise<string[]> => {
    const chatId = toChatId(address.chatId);
    const ids: string[] = [];
    for (const reply of replies) {
      const { parts, keyboard } = await renderReply(reply, codec);
      const keyName = reply.key === undefined ? undefined : `${address.chatId}\u0000${address.userId}\u0000${reply.key}`;
      const previous = keyName === undefined ? undefined : keyed.get(keyName);
      const [only] = parts;
      if (keyName !== undefined && previous !== undefined && parts.length === 1 && only !== undefined) {
        if (await edit(address, chatId, previous, only, keyboard)) {
          remember(keyName, previous);
          ids.push(`${address.chatId}:${previous}`);
          continue;
        }
      }
      let last: number | undefined;
      for (const [index, part] of parts.entries()) {
        const isLast = index === parts.length - 1;
        try {
          const sent = await api.sendMessage(chatId, part, { ...(isLast && keyboard ? { keyboard } : {}), ...(reply.urgent ? { urgent: true } : {}) });
          last = sent.message_id;
          ids.push(`${address.chatId}:${sent.message_id}`);
        } catch (error) {
          return refused(address, 'sendMessage', error);
        }
      }
      if (keyName !== undefined && last !== undefined) remember(keyName, last);
    }
    return ids;
  };

  /** Shows "typing…" if the reply takes a while; returns the function that stops it. */
  const typing = (chatId: ChatId): (() => void) => {
    let renew: NodeJS.Timeout | undefined;
    const show = () => void api.sendChatAction(chatId, 'typing').catch((error: unknown) => log.debug('telegram.typing_failed', { code: apiFailure(error).code }));
    const first = setTimeout(() => {
      show();
      renew = setInterval(show, TYPING_RENEW_MS);
    }, typingAfterMs);
    return () => {
      clearTimeout(first);
      clearInterval(renew);
    };
  };

  const handleOne = async (update: TgUpdate): Promise<void> => {
    const translated = translateUpdate(update, options.me(), codec.decode);
    // Answer every button press at once, so the client stops its spinner whatever happens next.
    const answered =
      translated.kind === 'message' || translated.callbackQueryId === undefined
        ? Promise.resolve()
        : api.answerCallbackQuery(translated.callbackQueryId).catch((error: unknown) => log.debug('telegram.callback_answer_failed', { code: apiFailure(error).code }));
    if (translated.kind === 'ignored') {
      log.debug('telegram.update_ignored', { update: update.update_id, reason: translated.reason });
      await answered;
      return;
    }
    const { address } = translated.incoming;
    const stopTyping = typing(toChatId(address.chatId));
    let replies: Reply[];
    try {
      replies = await engine.handle(translated.incoming);
    } finally {
      stopTyping();
    }
    if (replies.length > 0) {
      await send(address, replies).catch((error: unknown) => {
        const code = error instanceof AdapterError ? error.code : 'TELEGRAM_SEND_FAILED';
        log.warn('telegram.reply_not_delivered', { conv: conversationKey(address), code, error });
      });
    }
    await answered;
  };

  return {
    send,
    handleUpdate(update) {
      const work = handleOne(update).catch((error: unknown) => log.error('telegram.update_failed', { update: update.update_id, error }));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return work;
    },
    async setCommands() {
      for (const lang of LANGS) {
        const commands = engine
          .commandList(lang)
          .filter((c) => COMMAND_NAME.test(c.command) && c.description.trim().length > 0)
          .map((c) => ({ command: c.command, description: c.description.slice(0, 256) }))
          .slice(0, 100);
        // English is the menu for every language Telegram has no menu of ours for.
        const languageCode = lang === 'en' ? undefined : lang;
        try {
          await api.setMyCommands(commands, languageCode);
        } catch (error) {
          log.warn('telegram.commands_not_set', { lang, code: apiFailure(error).code });
        }
      }
    },
    async drain(ms) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    },
  };
}
