/**
 * Telegram without the network, for section c: a fake Bot API that answers every call at once
 * with a plausible result (as our drivers' in-process transport, or a grammY transformer), the bot's preset identity, and the updates a
 * simulated person sends while walking the visa checklist (the same script as section a).
 */
import type { Transformer } from 'grammy';
import type { BotApiTransport } from '../adapters/telegram/driver.ts';
import type { Update, UserFromGetMe } from 'grammy/types';

export const BOT_TOKEN = '123456:BENCH-token-not-a-real-one-xxxxxxxxxxxxxxxx';

/** What getMe would say; preset so no bot calls Telegram at start. */
export const BOT_INFO: UserFromGetMe = {
  id: 123456,
  is_bot: true,
  first_name: 'Bench',
  username: 'BenchBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

interface Button {
  text: string;
  callback_data?: string;
}

/** A fake Bot API: counts calls and remembers, per chat, the last message id and its buttons. */
export class FakeTelegram {
  calls = 0;
  #messageId = 0;
  readonly #lastMessage = new Map<number, number>();
  readonly #lastButtons = new Map<number, Button[]>();

  /** Answers one call at once, as the Bot API would: for our drivers' `transport` option. */
  readonly transport: BotApiTransport = async (method, payload) => {
    this.calls += 1;
    const p = payload as { chat_id?: number | string; text?: string; reply_markup?: { inline_keyboard?: Button[][] } };
    const chatId = Number(p.chat_id);
    if (p.reply_markup?.inline_keyboard) this.#lastButtons.set(chatId, p.reply_markup.inline_keyboard.flat());
    if (method === 'getMe') return { ok: true, result: BOT_INFO };
    if (method === 'sendMessage') {
      const id = ++this.#messageId;
      this.#lastMessage.set(chatId, id);
      return { ok: true, result: { message_id: id, date: 0, chat: { id: chatId, type: 'private', first_name: 'Person' }, from: BOT_INFO, text: p.text ?? '' } };
    }
    return { ok: true, result: true };
  };

  /** The same answers as a grammY transformer, for bots built on grammY directly. */
  // The stub stands in for any method, so its result cannot be typed per method.
  readonly transformer: Transformer = async (_prev, method, payload) => (await this.transport(method, payload as Record<string, unknown>)) as never;

  lastMessageId(chatId: number): number {
    return this.#lastMessage.get(chatId) ?? 1;
  }

  /** The first offered button whose data starts with `prefix`. */
  button(chatId: number, prefix: string): string | undefined {
    return this.#lastButtons.get(chatId)?.find((b) => b.callback_data?.startsWith(prefix))?.callback_data;
  }
}

let updateId = 0;

const LANGS = ['en', 'zh', 'ru'] as const;
const YES = { en: 'yes', zh: '是', ru: 'да' };
const DONE = { en: 'done 1', zh: '完成 1', ru: 'готово 1' };
const QUESTIONS = {
  en: ['does my employer pay for my medical insurance', 'what documents do I need for a medical visa'],
  zh: ['外国人可以参加中国的医保吗', '看病签证需要什么材料'],
  ru: ['нужна ли страховка для медицинской визы', 'как вызвать скорую помощь в китае'],
};

function from(n: number, lang: string) {
  return { id: 1_000_000 + n, is_bot: false, first_name: `Person${n}`, language_code: lang };
}

function message(n: number, lang: string, text: string): Update {
  const chat = { id: 1_000_000 + n, type: 'private' as const, first_name: `Person${n}` };
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0]?.length ?? text.length }] : undefined;
  return { update_id: ++updateId, message: { message_id: updateId, date: 0, chat, from: from(n, lang), text, ...(entities ? { entities } : {}) } };
}

function press(n: number, lang: string, data: string, messageId: number): Update {
  const chat = { id: 1_000_000 + n, type: 'private' as const, first_name: `Person${n}` };
  return {
    update_id: ++updateId,
    callback_query: { id: String(++updateId), from: from(n, lang), chat_instance: '1', data, message: { message_id: messageId, date: 0, chat, from: BOT_INFO, text: '…' } },
  };
}

/** The updates one person sends, each built when it is due (a tick needs the last buttons). */
export function telegramScript(n: number): ((fake: FakeTelegram) => Update)[] {
  const lang = LANGS[n % LANGS.length] ?? 'en';
  const chatId = 1_000_000 + n;
  const tap = (data: string) => (f: FakeTelegram) => press(n, lang, data, f.lastMessageId(chatId));
  const say = (text: string) => () => message(n, lang, text);
  return [
    say('/start'),
    tap('start:visa'),
    n % 2 === 0 ? say('1') : tap('ans:companion'),
    tap(n % 3 === 0 ? 'ans:long' : 'ans:short'),
    n % 2 === 0 ? say(YES[lang]) : tap('ans:no'),
    tap('ans:hotel'),
    tap('cmd:checklist'),
    say(DONE[lang]),
    (f) => press(n, lang, f.button(chatId, 'tick:') ?? 'cmd:checklist', f.lastMessageId(chatId)),
    say(QUESTIONS[lang][0] ?? 'visa'),
    say(QUESTIONS[lang][1] ?? 'visa'),
    say('/checklist'),
  ];
}
