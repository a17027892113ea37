/**
 * The medical-treatment visa checklist. Four questions (whose treatment, how long, already in
 * China or not, where you stay) lead to a route (an S2 visa or a residence permit) and a
 * personal list of documents and steps that the person ticks off, kept in their conversation
 * record across sessions. The facts and their sources live in data/facts/visa.json, the words
 * in data/locales/<lang>/visa.json, both keyed by the same ids.
 */
import { z } from 'zod';
import rawFacts from '../data/facts/visa.json' with { type: 'json' };
import { readDays } from '../src/duration.ts';
import { defineFlow } from '../src/flow-definition.ts';
import type { Answers } from '../src/flow-definition.ts';
import { Lang, type Choice, type Reply } from '../src/message.ts';
import type { I18n } from '../src/i18n.ts';
import { checkSourceNames, FactSource, SourceNames, sourcesLine } from '../src/sources.ts';
import type { Conversation } from '../src/store/records.ts';
import type { Action, Command, EnginePlugin, Turn } from '../src/turn.ts';

const ROLES = ['self', 'companion'] as const;
const STAYS = ['short', 'long', 'unsure'] as const;
const LODGINGS = ['hotel', 'rented', 'friends', 'hospital'] as const;
const WHERE = ['abroad', 'inChina'] as const;
/** Notes the result always reads from the facts file. */
const NOTES = ['consulateDecides', 'inChina'] as const;
/** Where the checklist sits in `conversation.extras`. */
const EXTRAS_KEY = 'checklist';

// ---- Facts: checked once at start-up, so a broken data file stops the bot with a clear message.

const Fact = z.object({
  /** The fact in plain English, for reviewers; people read the locale texts. */
  statement: z.string().min(1),
  /** As in shared/domain-facts.md: '2+' state it, '1' hedge it in the words, '!' never state it as fact. */
  trust: z.enum(['2+', '1', '!']),
  /** Written in full: a public address, or the name of a seed file in shared/seeds. */
  sources: z.array(FactSource).min(1),
  reviewed: z.iso.date(),
  /** Numbers the locale texts must show, so words and facts cannot drift apart (checked by a test). */
  figures: z.array(z.number()).default([]),
});

/** A condition matches when every field it names matches the person's answers. */
const Condition = z.strictObject({
  routes: z.array(z.string()).min(1).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  where: z.array(z.enum(WHERE)).min(1).optional(),
  lodging: z.array(z.enum(LODGINGS)).min(1).optional(),
});

const Item = Fact.extend({
  // Item ids travel in choice ids (`tick:<id>`) and locale keys, so keep them plain.
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  /** The item is on the list when any one condition matches; absent: for everyone. */
  when: z.array(Condition).min(1).optional(),
});
type Item = z.infer<typeof Item>;

const Route = Fact.extend({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  stays: z.array(z.enum(STAYS)).min(1),
  /** The longest stay the route allows, in days; the route for "short" stays must give it. */
  maxStayDays: z.number().int().positive().optional(),
});
type Route = z.infer<typeof Route>;

const VisaFacts = z
  .object({
    routes: z.array(Route).min(1),
    notes: z.array(Fact.extend({ id: z.string() })),
    items: z.array(Item).min(1),
    /** Names a person can read for seed files: a seed file without one is not shown. */
    sourceNames: SourceNames.default({}),
  })
  .superRefine((facts, ctx) => {
    for (const stay of STAYS) {
      const routes = facts.routes.filter((r) => r.stays.includes(stay));
      if (routes.length !== 1) ctx.addIssue({ code: 'custom', message: `stay "${stay}" must lead to exactly one route, not ${routes.length}` });
    }
    // A typed length of stay ("3 months") is sorted into short or long by this figure.
    const short = facts.routes.find((r) => r.stays.includes('short'));
    if (!short?.maxStayDays) ctx.addIssue({ code: 'custom', message: 'the route for "short" stays must give maxStayDays' });
    else if (!short.figures.includes(short.maxStayDays)) ctx.addIssue({ code: 'custom', message: `maxStayDays ${short.maxStayDays} must be one of the route's figures` });
    const ids = facts.items.map((i) => i.id);
    for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) ctx.addIssue({ code: 'custom', message: `item "${id}" appears twice` });
    const routeIds = new Set(facts.routes.map((r) => r.id));
    for (const item of facts.items) {
      for (const route of (item.when ?? []).flatMap((c) => c.routes ?? [])) {
        if (!routeIds.has(route)) ctx.addIssue({ code: 'custom', message: `item "${item.id}" names unknown route "${route}"` });
      }
    }
    for (const note of NOTES) {
      if (!facts.notes.some((n) => n.id === note)) ctx.addIssue({ code: 'custom', message: `note "${note}" is missing` });
    }
    checkSourceNames(facts.sourceNames, [...facts.routes, ...facts.notes, ...facts.items], ctx);
  });

function loadFacts(raw: unknown): z.infer<typeof VisaFacts> {
  const parsed = VisaFacts.safeParse(raw);
  if (!parsed.success) throw new Error(`data/facts/visa.json is not valid, fix it before starting:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const facts = loadFacts(rawFacts);

// ---- The person's answers and their checklist record.

const VisaAnswers = z.object({
  purpose: z.enum(ROLES),
  stay: z.enum(STAYS),
  inChina: z.boolean(),
  lodging: z.enum(LODGINGS),
});
type VisaAnswers = z.infer<typeof VisaAnswers>;

/** What is kept: the answers and the ticked ids; the list itself is rebuilt from today's facts. */
const Checklist = z.object({
  version: z.literal(1),
  answers: VisaAnswers,
  done: z.array(z.string()),
  updatedAt: z.string(),
});
type Checklist = z.infer<typeof Checklist>;

function readChecklist(conversation: Conversation): Checklist | undefined {
  const parsed = Checklist.safeParse(conversation.extras[EXTRAS_KEY]);
  return parsed.success ? parsed.data : undefined;
}

function writeChecklist(turn: Turn, answers: VisaAnswers, done: readonly string[]): Checklist {
  const checklist: Checklist = { version: 1, answers, done: [...done], updatedAt: turn.now.toISOString() };
  turn.conversation.extras[EXTRAS_KEY] = checklist;
  return checklist;
}

function routeOf(stay: VisaAnswers['stay']): Route {
  const route = facts.routes.find((r) => r.stays.includes(stay));
  // loadFacts guarantees one route per stay.
  if (!route) throw new Error(`no route for stay "${stay}" in data/facts/visa.json`);
  return route;
}

/** The person's items, in the order the facts file lists them. */
function itemsFor(answers: VisaAnswers): Item[] {
  const route = routeOf(answers.stay).id;
  const where = answers.inChina ? 'inChina' : 'abroad';
  return facts.items.filter(
    (item) =>
      !item.when ||
      item.when.some(
        (c) =>
          (!c.routes || c.routes.includes(route)) &&
          (!c.roles || c.roles.includes(answers.purpose)) &&
          (!c.where || c.where.includes(where)) &&
          (!c.lodging || c.lodging.includes(answers.lodging)),
      ),
  );
}

// ---- What the person sees.

const menuBack = (turn: Turn): Choice => ({ id: 'cmd:menu', label: turn.t('menu.back') });
const showChecklist = (turn: Turn): Choice => ({ id: 'cmd:checklist', label: turn.t('visa.result.showChecklist') });

/** The route, the caveats and every item with what it means. */
function resultText(turn: Turn, answers: VisaAnswers, extra: string[]): string {
  const route = routeOf(answers.stay);
  const items = itemsFor(answers);
  const note = (id: (typeof NOTES)[number]) => facts.notes.filter((n) => n.id === id);
  // The facts behind what is shown, in the order they are shown.
  const shown = [route, ...(answers.inChina ? note('inChina') : []), ...note('consulateDecides'), ...items];
  const parts = [
    turn.t('visa.result.route', { route: turn.t(`visa.routes.${route.id}.name`) }),
    turn.t(`visa.routes.${route.id}.text`),
    ...(answers.inChina ? [turn.t('visa.notes.inChina')] : []),
    ...(answers.stay === 'unsure' ? [turn.t('visa.result.unsure')] : []),
    // A daughter arranging her father's papers sees only her own list otherwise.
    ...(answers.purpose === 'companion' ? [turn.t('visa.result.patientToo', { self: turn.t('visa.steps.purpose.options.self') })] : []),
    `⚠️ ${turn.t('visa.notes.consulateDecides')}`,
    turn.t('visa.result.listHeading', { total: items.length }),
    ...items.map((item, i) => `${i + 1}. ${turn.t(`visa.items.${item.id}.label`)}\n${turn.t(`visa.items.${item.id}.details`)}`),
    `${sourcesLine(turn, shown, facts.sourceNames)}\n${turn.t('visa.result.finalWord')}`,
    ...extra,
  ];
  return parts.join('\n\n');
}

/** The tickable list; its `key` lets messengers that can edit update the one message in place. */
function checklistReply(turn: Turn, checklist: Checklist, lead?: string): Reply {
  const items = itemsFor(checklist.answers);
  const done = new Set(checklist.done);
  const ticked = items.filter((i) => done.has(i.id)).length;
  const route = routeOf(checklist.answers.stay);
  const lines = [
    ...(lead ? [lead, ''] : []),
    turn.t(checklist.answers.purpose === 'companion' ? 'visa.checklist.titleCompanion' : 'visa.checklist.title', { route: turn.t(`visa.routes.${route.id}.short`) }),
    turn.t('visa.checklist.progress', { done: ticked, total: items.length }),
    '',
    ...items.map((item, i) => `${done.has(item.id) ? '✅' : '☐'} ${i + 1}. ${turn.t(`visa.items.${item.id}.label`)}`),
    '',
    turn.t(ticked === items.length ? 'visa.checklist.allDone' : 'visa.checklist.howTo'),
  ];
  // Exactly one choice per item, in list order, so a typed "3" picks item 3.
  const choices: Choice[] = items.map((item) => {
    const short = turn.t(`visa.items.${item.id}.short`);
    return done.has(item.id)
      ? { id: `untick:${item.id}`, label: turn.t('visa.checklist.untickButton', { item: short }) }
      : { id: `tick:${item.id}`, label: turn.t('visa.checklist.tickButton', { item: short }) };
  });
  choices.push({ id: 'checklist:details', label: turn.t('visa.checklist.details') }, menuBack(turn));
  return { text: lines.join('\n'), choices, key: 'checklist' };
}

function noChecklist(turn: Turn): Reply[] {
  return [{ text: turn.t('visa.checklist.none'), choices: [{ id: 'start:visa', label: turn.t('visa.checklist.build') }, menuBack(turn)] }];
}

// ---- Ticking.

/** Sets one item's mark and says what happened, in one line. */
function mark(turn: Turn, checklist: Checklist, item: Item, done: boolean): { checklist: Checklist; line: string } {
  const name = turn.t(`visa.items.${item.id}.short`);
  const has = checklist.done.includes(item.id);
  if (has === done) return { checklist, line: turn.t(done ? 'visa.checklist.alreadyDone' : 'visa.checklist.notTicked', { item: name }) };
  const ids = new Set(itemsFor(checklist.answers).map((i) => i.id));
  // Keep only ids that are on today's list, so the record never grows stale entries.
  const next = done ? [...checklist.done, item.id] : checklist.done.filter((id) => id !== item.id);
  const saved = writeChecklist(turn, checklist.answers, next.filter((id) => ids.has(id)));
  return { checklist: saved, line: turn.t(done ? 'visa.checklist.ticked' : 'visa.checklist.unticked', { item: name }) };
}

function markById(turn: Turn, id: string, done: boolean): Reply[] {
  const checklist = readChecklist(turn.conversation);
  if (!checklist) return noChecklist(turn);
  const item = itemsFor(checklist.answers).find((i) => i.id === id);
  // A button from before the answers changed: the item is gone, so show the list as it is now.
  if (!item) return [checklistReply(turn, checklist, turn.t('visa.checklist.stale'))];
  const result = mark(turn, checklist, item, done);
  return [checklistReply(turn, result.checklist, result.line)];
}

/** Lowercase, width-folded and with single spaces, so "Done 3", "ＤＯＮＥ ３" and "done  3" compare equal. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** "3", "#3", "第3项", "три", "three", "三" → 3; anything else → undefined. */
function itemNumber(token: string, words: ReadonlyMap<string, number>): number | undefined {
  const m = /^[#№第]?(\d{1,3})[项条号]?$/u.exec(token);
  return m ? Number(m[1]) : words.get(token.replace(/^第|[项条号]$/gu, ''));
}

/** What typed ticks are read with, folded: the undo and done words, number words and the words for "and". */
interface ChecklistWords {
  /** Undo words first ("not done 3" must not read as "done"), each list longest first. */
  marks: readonly (readonly [readonly string[], boolean])[];
  /** "три", "three", 三 → 3: `duration.numbers`, whole numbers only. */
  numbers: ReadonlyMap<string, number>;
  and: readonly string[];
}

/** Made once per app until the locales change. */
const checklistWordsOf = new WeakMap<I18n, ChecklistWords | undefined>();

function checklistWords(i18n: I18n): ChecklistWords {
  let found = checklistWordsOf.get(i18n);
  if (!found) {
    const words = (key: string) =>
      Lang.options
        .flatMap((lang) => i18n.list(lang, key))
        .map(fold)
        .filter(Boolean)
        .sort((a, b) => b.length - a.length);
    const numbers = new Map<string, number>();
    for (const lang of Lang.options) {
      const table = i18n.instance.t('duration.numbers', { lng: lang, returnObjects: true }) as unknown;
      if (!table || typeof table !== 'object') continue;
      for (const [value, list] of Object.entries(table)) {
        // "a", "an" and "a couple of" count in a duration, not as an item's number.
        if (!Number.isInteger(Number(value)) || !Array.isArray(list)) continue;
        for (const w of list) if (typeof w === 'string' && !/^an?\b/.test(w)) numbers.set(fold(w), Number(value));
      }
    }
    found = {
      marks: [
        [words('visa.checklist.undoWords'), false],
        [words('visa.checklist.doneWords'), true],
      ],
      numbers,
      and: words('visa.checklist.andWords'),
    };
    // Locales added at run time bring new words, as the engine's own word index knows.
    if (!checklistWordsOf.has(i18n)) {
      const forget = () => checklistWordsOf.set(i18n, undefined);
      i18n.instance.store.on('added', forget);
      i18n.instance.store.on('removed', forget);
    }
    checklistWordsOf.set(i18n, found);
  }
  return found;
}

/**
 * Reads "done 3", "готово 1, 4", "完成3", "3 done" or "undo 3" in any of our languages; with no
 * number, the words left ("паспорт готов", "insurance done") are returned as `name`.
 */
function parseMarkWords(turn: Turn): { done: boolean; numbers: number[]; name?: string } | undefined {
  const text = fold(turn.text).replace(/[.。!！]+$/u, '');
  const { marks, numbers: numberWords, and } = checklistWords(turn.services.i18n);
  for (const [words, done] of marks) {
    for (const word of words) {
      const rest = text.startsWith(word) ? text.slice(word.length) : text.endsWith(word) ? text.slice(0, -word.length) : undefined;
      if (rest === undefined) continue;
      // "готово 2 и 4", "完成2和4": the word for "and" separates numbers like a comma.
      const spaced = and.reduce((t, w) => (/\p{Script=Han}/u.test(w) ? t.split(w).join(' ') : t), rest);
      const tokens = spaced.split(/[\s,，、;；]+/u).filter((t) => t && !and.includes(t));
      const numbers = tokens.map((t) => itemNumber(t, numberWords));
      if (tokens.length > 0 && numbers.every((n) => n !== undefined)) return { done, numbers: numbers as number[] };
      const name = rest.trim();
      if (tokens.length > 0 && tokens.length <= 4 && /\p{L}/u.test(name) && numbers.every((n) => n === undefined)) return { done, numbers: [], name };
    }
  }
  return undefined;
}

/** Word stems long enough to tell "анкету" for "анкета" and "билеты" for "билетов". */
function stems(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 4).map((w) => w.slice(0, 5));
}

/**
 * The one item that a name typed with a done word ("паспорт готов", "visa form done", "护照好了")
 * names: its short label in full, or a stem only that item's label has. Several or none: undefined.
 */
function itemNamed(turn: Turn, items: readonly Item[], name: string): Item | undefined {
  const typed = fold(name);
  // "документы готовы", "材料好了": every paper is a document, so such a word names none.
  const vague = new Set(Lang.options.flatMap((lang) => turn.services.i18n.list(lang, 'visa.checklist.vagueWords')).map(fold));
  if (typed.split(/\s+/).every((word) => vague.has(word))) return undefined;
  const label = (item: Item) => fold(turn.t(`visa.items.${item.id}.short`));
  const exact = items.filter((item) => label(item) === typed);
  if (exact.length === 1) return exact[0];
  const han = /\p{Script=Han}/u.test(typed);
  const typedStems = new Set(stems(typed));
  const named = items.filter((item) => (han ? label(item).includes(typed) || typed.includes(label(item)) : stems(label(item)).some((stem) => typedStems.has(stem))));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Ticks by words. A command's words only match whole messages, so "done 3" is caught here; it
 * reacts only to that strict pattern and only when the person has a checklist.
 */
function markByWords(turn: Turn): Reply[] | undefined {
  if (turn.incoming.choice !== undefined || !turn.text || turn.text.length > 60) return undefined;
  const typed = parseMarkWords(turn);
  if (!typed) return undefined;
  let checklist = readChecklist(turn.conversation);
  if (!checklist) return undefined;
  const items = itemsFor(checklist.answers);
  if (typed.name !== undefined) {
    const item = itemNamed(turn, items, typed.name);
    if (!item) return undefined;
    typed.numbers = [items.indexOf(item) + 1];
  }
  const lines: string[] = [];
  for (const n of new Set(typed.numbers)) {
    const item = items[n - 1];
    if (!item) {
      lines.push(turn.t('visa.checklist.noSuchNumber', { n, total: items.length }));
      continue;
    }
    const result = mark(turn, checklist, item, typed.done);
    checklist = result.checklist;
    lines.push(result.line);
  }
  return [checklistReply(turn, checklist, lines.join('\n'))];
}

// ---- The flow.

function finish(answers: Answers, turn: Turn): Reply[] {
  const parsed = VisaAnswers.safeParse(answers);
  if (!parsed.success) {
    // Only a step change without a version bump gets here; say so without echoing answers.
    turn.services.log.error('visa.bad_answers', { conv: turn.key, issues: parsed.error.issues.map((i) => i.path.join('.')) });
    return [{ text: turn.t('errors.generic') }];
  }
  const ids = new Set(itemsFor(parsed.data).map((i) => i.id));
  // Answering again keeps the ticks of items that are still on the list, for the same person:
  // the patient's passport ticked is not her husband's passport as companion.
  const before = readChecklist(turn.conversation);
  const kept = before && before.answers.purpose === parsed.data.purpose ? before.done.filter((id) => ids.has(id)) : [];
  writeChecklist(turn, parsed.data, kept);
  const extra = [...(kept.length > 0 ? [turn.t('visa.result.kept', { n: kept.length })] : []), turn.t('visa.result.tickHint')];
  return [{ text: resultText(turn, parsed.data, extra), choices: [showChecklist(turn)] }];
}

/** "3 months", "半年", "две недели": short or long by the short route's longest stay. */
function readStay(text: string, turn: Turn): VisaAnswers['stay'] | undefined {
  const days = readDays(text, turn.services.i18n, turn.lang);
  const limit = routeOf('short').maxStayDays;
  if (days === undefined || limit === undefined) return undefined;
  return days <= limit ? 'short' : 'long';
}

/** The visa checklist questionnaire: whose treatment, how long, already in China, where you stay. */
export const visaFlow = defineFlow({
  id: 'visa',
  version: 1,
  start: 'purpose',
  // Finishing replaces the checklist: say so before the first question, while cancel still keeps it.
  intro: (turn) => {
    const checklist = readChecklist(turn.conversation);
    if (!checklist) return [];
    const items = itemsFor(checklist.answers);
    const done = items.filter((i) => checklist.done.includes(i.id)).length;
    return [{ text: turn.t('visa.result.replaces', { done, total: items.length }) }];
  },
  steps: {
    purpose: { kind: 'single', options: ROLES, next: 'stay' },
    stay: { kind: 'single', options: STAYS, read: readStay, next: 'inChina' },
    inChina: { kind: 'yesno', next: 'lodging' },
    lodging: { kind: 'single', options: LODGINGS },
  },
  finish,
});

// ---- The plugin: /checklist, tick buttons, "done 3", the menu entry and the privacy note.

const checklistCommand: Command = {
  name: 'checklist',
  words: 'visa.commands.checklist.words',
  describe: 'visa.commands.checklist.describe',
  run: (turn) => {
    const checklist = readChecklist(turn.conversation);
    return checklist ? [checklistReply(turn, checklist)] : noChecklist(turn);
  },
};

const actions: Action[] = [
  { verb: 'tick', run: (turn, id) => markById(turn, id, true) },
  {
    verb: 'untick',
    // A typed number means "done" even on a ticked item; only the button itself undoes a tick.
    run: (turn, id) => markById(turn, id, turn.incoming.choice === undefined),
  },
  {
    verb: 'checklist',
    run: (turn) => {
      const checklist = readChecklist(turn.conversation);
      if (!checklist) return noChecklist(turn);
      const choices = [showChecklist(turn), { id: 'start:visa', label: turn.t('visa.checklist.rerun') }, ...turn.helpChoices(), menuBack(turn)];
      return [{ text: resultText(turn, checklist.answers, []), choices }];
    },
  },
];

/** The person's visa checklist: shows it, ticks items by button, number or "done 3", and lists it in the menu. */
export const checklistPlugin: EnginePlugin = {
  name: 'checklist',
  commands: [checklistCommand],
  actions,
  intercept: markByWords,
  menuItems: (turn) => (readChecklist(turn.conversation) ? [{ id: 'cmd:checklist', label: turn.t('visa.menu.checklist') }] : []),
  privacy: 'visa.privacy',
};
