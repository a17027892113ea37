/**
 * A minimal typed Turn for testing the knowledge plugin without the engine: real i18n and an
 * in-memory state store, fake menu and flows, and a record of what the plugin asked for.
 */
import type { FlowDefinition } from '../../src/flow-definition.ts';
import { createI18n, type I18n } from '../../src/i18n.ts';
import { type Article } from '../../src/knowledge/article.ts';
import { type KnowledgeStore, LowKnowledgeStore, openKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import { silentLogger } from '../../src/log.ts';
import type { Choice, Lang, Reply } from '../../src/message.ts';
import type { Conversation } from '../../src/store/records.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import type { StateStore } from '../../src/store/state-store.ts';
import type { EngineServices, Turn } from '../../src/turn.ts';

let i18n: I18n | undefined;
/** The product's locales, loaded once. */
export function productI18n(): I18n {
  i18n ??= createI18n();
  return i18n;
}

let knowledge: Promise<KnowledgeStore> | undefined;
/** The real articles, loaded once per test file. */
export function productKnowledge(): Promise<KnowledgeStore> {
  knowledge ??= openKnowledgeStore();
  return knowledge;
}

/** A store holding only the given articles (no small-talk lists). */
export function knowledgeOf(articles: Article[]): Promise<KnowledgeStore> {
  return LowKnowledgeStore.fromArticles(articles);
}

/** The menu the fake engine shows. */
export const FAKE_MENU: Reply = { text: 'MENU', choices: [{ id: 'start:visa', label: 'Visa' }] };
/** The help choice the fake engine adds ("talk to a person"). */
export const HELP_CHOICE: Choice = { id: 'cmd:human', label: 'Talk to a person' };

/** Options for one fake turn. */
export interface FakeTurnOptions {
  text?: string;
  lang?: Lang;
  /** Shared between turns to see what earlier turns stored. */
  store?: StateStore;
  /** Shared between turns of one person (feedback already given). */
  conversation?: Conversation;
  /** Flow ids the fake engine has registered (default insurance, visa, consult). */
  flows?: string[];
  now?: Date;
}

/** A fake turn and what the plugin did with it. */
export interface FakeTurn {
  turn: Turn;
  store: StateStore;
  conversation: Conversation;
  /** True once the plugin called `turn.failed()`. */
  failed(): boolean;
  /** Intros the plugin passed to `services.menu`. */
  menuIntros: (string | undefined)[];
}

function flowStub(id: string): FlowDefinition {
  return { id, version: 1, start: 'only', steps: { only: { kind: 'text' } }, finish: () => [] };
}

/** A new conversation record for the fake person. */
export function newConversation(): Conversation {
  const at = '2026-11-24T10:00:00.000Z';
  return {
    key: 'console:c1:u1',
    address: { platform: 'console', chatId: 'c1', userId: 'u1' },
    lastChoices: [],
    failures: 0,
    transcript: [],
    seen: [],
    extras: {},
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Builds one turn as the engine would hand it to the plugin.
 * @example const { turn, failed } = fakeTurn({ text: 'ambulance number', lang: 'en' })
 */
export function fakeTurn(options: FakeTurnOptions = {}): FakeTurn {
  const store = options.store ?? new MemoryStateStore();
  const conversation = options.conversation ?? newConversation();
  const lang = options.lang ?? 'en';
  const menuIntros: (string | undefined)[] = [];
  let failed = false;
  const i18nNow = productI18n();
  const services: EngineServices = {
    store,
    i18n: i18nNow,
    log: silentLogger,
    flows: new Map((options.flows ?? ['insurance', 'visa', 'consult']).map((id) => [id, flowStub(id)])),
    startFlow: async () => [],
    menu: (_turn, intro) => {
      menuIntros.push(intro);
      return { ...FAKE_MENU, text: [intro, FAKE_MENU.text].filter(Boolean).join('\n\n') };
    },
    emergency: async () => [],
    send: async () => [],
    capabilities: () => undefined,
  };
  const turn: Turn = {
    incoming: { address: conversation.address, text: options.text ?? '' },
    key: conversation.key,
    conversation,
    lang,
    t: i18nNow.fixed(lang),
    text: (options.text ?? '').trim(),
    choice: undefined,
    now: options.now ?? new Date('2026-11-24T10:00:00.000Z'),
    services,
    setLang: () => undefined,
    failed: () => {
      failed = true;
    },
    helpChoices: () => [HELP_CHOICE],
  };
  return { turn, store, conversation, failed: () => failed, menuIntros };
}
