/**
 * The visa checklist as a grammY developer would write it with @grammyjs/conversations, for the
 * comparison in section c: a conversation function that asks the four questions, a session
 * that keeps the checklist, handlers for ticking and showing it, and free text answered from
 * the same knowledge store. Same words (our locale files), same facts, same search, so the
 * difference measured is the plumbing. State lives in files written atomically (temp file and
 * rename), or in memory for the plugin's default.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Conversation, type ConversationData, type ConversationFlavor, conversations, createConversation, type VersionedState } from '@grammyjs/conversations';
import { Bot, type Context, session, type SessionFlavor } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { Writer } from 'steno';
import facts from '../data/facts/visa.json' with { type: 'json' };
import { decide } from '../src/knowledge/answer-policy.ts';
import type { KnowledgeStore } from '../src/knowledge/knowledge-store.ts';
import { createI18n } from '../src/i18n.ts';
import { langFromHint } from '../src/lang.ts';
import type { Lang } from '../src/message.ts';
import type { BenchBot } from './telegram-bots.ts';
import { BOT_INFO, BOT_TOKEN, type FakeTelegram } from './telegram-fake.ts';

const ROLES = ['self', 'companion'];
const STAYS = ['short', 'long', 'unsure'];
const LODGINGS = ['hotel', 'rented', 'friends', 'hospital'];

interface Answers {
  purpose: string;
  stay: string;
  inChina: boolean;
  lodging: string;
}

interface SessionData {
  checklist?: { answers: Answers; done: string[] };
}

type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData>>;

/** A grammY storage adapter: one JSON file per key, written with a temp file and a rename. */
function fileStorage<T>(dir: string) {
  const writers = new Map<string, Writer>();
  const path = (key: string) => join(dir, createHash('sha1').update(key).digest('hex') + '.json');
  return {
    async read(key: string): Promise<T | undefined> {
      try {
        return JSON.parse(await readFile(path(key), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async write(key: string, value: T): Promise<void> {
      let writer = writers.get(key);
      if (!writer) writers.set(key, (writer = new Writer(path(key))));
      await writer.write(JSON.stringify(value));
    },
    async delete(key: string): Promise<void> {
      await rm(path(key), { force: true });
    },
  };
}

const i18n = createI18n();
const langOf = (ctx: Context): Lang => langFromHint(ctx.from?.language_code) ?? 'en';
const keyboard = (rows: [string, string][]): { reply_markup: { inline_keyboard: InlineKeyboardButton[][] } } => ({
  reply_markup: { inline_keyboard: rows.map(([text, data]) => [{ text, callback_data: data }]) },
});

function routeOf(stay: string): string {
  return facts.routes.find((r) => r.stays.includes(stay))?.id ?? 's2';
}

/** The items on this person's list, as data/facts/visa.json says. */
function itemsFor(answers: Answers): string[] {
  const route = routeOf(answers.stay);
  const where = answers.inChina ? 'inChina' : 'abroad';
  type Condition = { routes?: string[]; roles?: string[]; where?: string[]; lodging?: string[] };
  return facts.items
    .filter((item) => {
      const when = (item as { when?: Condition[] }).when;
      return (
        !when ||
        when.some(
          (c) => (!c.routes || c.routes.includes(route)) && (!c.roles || c.roles.includes(answers.purpose)) && (!c.where || c.where.includes(where)) && (!c.lodging || c.lodging.includes(answers.lodging)),
        )
      );
    })
    .map((item) => item.id);
}

function checklistText(lang: Lang, list: { answers: Answers; done: string[] }): { text: string; rows: [string, string][] } {
  const t = (key: string, vars?: Record<string, unknown>) => i18n.t(lang, key, vars);
  const items = itemsFor(list.answers);
  const done = new Set(list.done);
  const lines = [
    t('visa.checklist.title', { route: t(`visa.routes.${routeOf(list.answers.stay)}.short`) }),
    t('visa.checklist.progress', { done: items.filter((i) => done.has(i)).length, total: items.length }),
    ...items.map((id, i) => `${done.has(id) ? '✅' : '☐'} ${i + 1}. ${t(`visa.items.${id}.label`)}`),
  ];
  const rows = items.map((id): [string, string] => [t('visa.checklist.tickButton', { item: t(`visa.items.${id}.short`) }), `tick:${id}`]);
  return { text: lines.join('\n'), rows };
}

/** Asks one question with buttons; takes a press, a number or (for yes/no) a word. */
async function choose(conversation: Conversation<BotContext, Context>, ctx: Context, step: string, options: string[], yesNo = false): Promise<string> {
  const lang = langOf(ctx);
  const t = (key: string, vars?: Record<string, unknown>) => i18n.t(lang, key, vars);
  const label = (o: string) => (yesNo ? t(`flow.${o}`) : t(`visa.steps.${step}.options.${o}`));
  await ctx.reply(t(`visa.steps.${step}.prompt`), keyboard(options.map((o) => [label(o), `ans:${o}`])));
  for (;;) {
    const answer = await conversation.wait();
    const data = answer.callbackQuery?.data;
    if (data !== undefined) await answer.answerCallbackQuery();
    const text = answer.message?.text?.trim().toLowerCase() ?? '';
    const byNumber = /^\d+$/.test(text) ? options[Number(text) - 1] : undefined;
    const byWord = yesNo ? (i18n.list(lang, 'flow.words.yes').includes(text) ? 'yes' : i18n.list(lang, 'flow.words.no').includes(text) ? 'no' : undefined) : undefined;
    const picked = data?.startsWith('ans:') ? data.slice(4) : (byNumber ?? byWord);
    if (picked !== undefined && options.includes(picked)) return picked;
    await answer.reply(t('flow.errors.unknownChoice', { count: options.length }));
  }
}

async function visa(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
  const purpose = await choose(conversation, ctx, 'purpose', ROLES);
  const stay = await choose(conversation, ctx, 'stay', STAYS);
  const inChina = (await choose(conversation, ctx, 'inChina', ['yes', 'no'], true)) === 'yes';
  const lodging = await choose(conversation, ctx, 'lodging', LODGINGS);
  const answers: Answers = { purpose, stay, inChina, lodging };
  await conversation.external((outside: BotContext) => {
    outside.session.checklist = { answers, done: [] };
  });
  const lang = langOf(ctx);
  const items = itemsFor(answers).map((id, i) => `${i + 1}. ${i18n.t(lang, `visa.items.${id}.label`)}\n${i18n.t(lang, `visa.items.${id}.details`)}`);
  const text = [i18n.t(lang, 'visa.result.route', { route: i18n.t(lang, `visa.routes.${routeOf(stay)}.name`) }), i18n.t(lang, `visa.routes.${routeOf(stay)}.text`), ...items].join('\n\n');
  await ctx.reply(text, keyboard([[i18n.t(lang, 'visa.result.showChecklist'), 'cmd:checklist']]));
}

/** Builds the conversations-plugin bot; `durable` keeps session and conversation state in files. */
export async function conversationsBot(fake: FakeTelegram, knowledge: KnowledgeStore, durable: boolean): Promise<BenchBot> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-conversations-'));
  await mkdir(join(dir, 'sessions'));
  await mkdir(join(dir, 'conversations'));
  const bot = new Bot<BotContext>(BOT_TOKEN, { botInfo: BOT_INFO });
  bot.api.config.use(fake.transformer);
  bot.use(session({ initial: (): SessionData => ({}), ...(durable ? { storage: fileStorage<SessionData>(join(dir, 'sessions')) } : {}) }));
  // Conversations build their own Api objects; the fake network is installed in each, as a plugin.
  const offline = (ctx: Context, next: () => Promise<void>) => {
    ctx.api.config.use(fake.transformer);
    return next();
  };
  bot.use(
    conversations<BotContext, Context>({
      plugins: [offline],
      ...(durable ? { storage: fileStorage<VersionedState<ConversationData>>(join(dir, 'conversations')) } : {}),
    }),
  );
  bot.use(createConversation(visa, 'visa'));

  const show = async (ctx: BotContext) => {
    const list = ctx.session.checklist;
    if (!list) return void (await ctx.reply(i18n.t(langOf(ctx), 'visa.checklist.none')));
    const { text, rows } = checklistText(langOf(ctx), list);
    await ctx.reply(text, keyboard(rows));
  };
  const tick = async (ctx: BotContext, id: string | undefined) => {
    const list = ctx.session.checklist;
    if (list && id && itemsFor(list.answers).includes(id) && !list.done.includes(id)) list.done = [...list.done, id];
    await show(ctx);
  };

  bot.command('start', (ctx) => ctx.reply(i18n.t(langOf(ctx), 'menu.title'), keyboard([[i18n.t(langOf(ctx), 'visa.title'), 'start:visa']])));
  bot.command('checklist', show);
  bot.callbackQuery('start:visa', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('visa');
  });
  bot.callbackQuery('cmd:checklist', async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });
  bot.callbackQuery(/^tick:(\w+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await tick(ctx, ctx.match[1]);
  });
  bot.hears(/^(?:done|完成|готово)\s*(\d+)$/i, async (ctx) => {
    const list = ctx.session.checklist;
    await tick(ctx, list ? itemsFor(list.answers)[Number(ctx.match[1]) - 1] : undefined);
  });
  bot.on('message:text', async (ctx) => {
    const lang = langOf(ctx);
    const decision = decide(knowledge, ctx.msg.text, lang);
    const text = decision.kind === 'answer' ? `${decision.hit.article[lang].title}\n\n${decision.hit.article[lang].answer}` : i18n.t(lang, 'knowledge.unsure');
    await ctx.reply(text);
  });

  return {
    handleUpdate: (update) => bot.handleUpdate(update),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
