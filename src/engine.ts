/**
 * The conversation engine: one message in, replies out, in the order DESIGN.md fixes:
 * duplicate drop, emergency check, plugin intercepts (handoff), commands, choices, the active
 * flow's step, plugin answers (knowledge), fallback. State is saved before replies are returned.
 */
import type { EmergencyGuide } from './emergency.ts';
import { AppError } from './errors.ts';
import type { FlowDefinition } from './flow-definition.ts';
import { FlowRuntime } from './flow-runtime.ts';
import type { I18n } from './i18n.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { LANGS, langFromHint, langFromScript } from './lang.ts';
import type { Logger } from './log.ts';
import { type Address, AttachmentKind, type Choice, conversationKey, Incoming, type Lang, type Platform, type Reply } from './message.ts';
import { createCoreCommands, otherLanguageReply } from './core-commands.ts';
import { inOtherLanguage } from './other-language.ts';
import { readRussianLatin } from './russian-latin.ts';
import { readSimplified } from './traditional-chinese.ts';
import type { CantoneseReader } from './cantonese.ts';
import { saysOneOf } from './said-words.ts';
import { type Conversation } from './store/records.ts';
import type { StateStore } from './store/state-store.ts';
import { matchOption, normalize, parseOrdinal } from './text-match.ts';
import type { Action, Capabilities, Command, EnginePlugin, EngineServices, Outbound, Turn } from './turn.ts';

/** How much of a conversation is kept for a human who takes over. */
const TRANSCRIPT_LINES = 20;
/** What people wrote is kept nearly whole. */
const PERSON_LINE_CHARS = 1000;
/**
 * The bot's own lines only as far as a ticket card shows them: a whole checklist or article in
 * every stored line would make each conversation, and each write of it, several times larger.
 */
const BOT_LINE_CHARS = 200;
const SEEN_IDS = 200;
/** Longer messages are declined politely rather than searched or stored. */
export const MAX_TEXT = 4000;
/**
 * A message that is only a list number ("2", "２", "#2") is meant as a pick, never searched as a
 * question. From 100 up it is left to the search: 110, 119 and 120 are emergency numbers.
 */
const MAX_PICK = 99;
/** Misses older than this are forgotten: a new visit starts with a clean slate. */
const FAILURES_FORGOTTEN_MS = 30 * 60_000;
/**
 * A list shown longer ago than this, outside a questionnaire, no longer takes typed numbers: a
 * person back the next day who types "2" means the menu, not yesterday's "👎 Not helpful".
 */
const LIST_FORGOTTEN_MS = 6 * 60 * 60_000;
/** How long the person's last message still gives context to a red flag ("she's bleeding" after "31 weeks pregnant"). */
const EMERGENCY_CONTEXT_MS = 30 * 60_000;

export interface EngineOptions {
  store: StateStore;
  i18n: I18n;
  log: Logger;
  emergency: EmergencyGuide;
  /** Reads Cantonese as Mandarin (data/language/cantonese.json); none: Chinese is read as written. */
  cantonese?: CantoneseReader;
  flows?: FlowDefinition[];
  plugins?: EnginePlugin[];
  now?: () => Date;
}

/** The engine as adapters and the app see it. */
export interface Engine {
  /** Handles one message; resolves with the replies to send (already saved). Never rejects. */
  handle(incoming: Incoming): Promise<Reply[]>;
  /** Makes a messenger available for proactive messages (staff replies, reminders). */
  register(outbound: Outbound): void;
  /** Sends to anyone on a registered messenger. */
  send(address: Address, replies: Reply[]): Promise<string[]>;
  /** The platform refused delivery (blocked): stop trying until the person writes again. */
  markUnreachable(address: Address): Promise<void>;
  /** Commands with descriptions, for a messenger's command menu. */
  commandList(lang: Lang): { command: string; description: string }[];
  readonly services: EngineServices;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A control character other than a line break or tab, or an invisible mark: what `clean` drops. */
function unwanted(code: number): boolean {
  return (code < 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d) || code === 0x7f || (code >= 0x200b && code <= 0x200f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/** Removes control characters (keeping line breaks and tabs) that some clients send. */
/** Faces and hearts of someone upset or in tears. */
const SAD_EMOJI = /[😭😢😞😔😟😥😰😿💔😩😫🥺😖😣]/u;

/** Only question marks ("?", "??", "？"): a sign of not following, not a question in words. */
function isPuzzled(text: string): boolean {
  return /^[?？¿]+$/u.test(text.replace(/\s+/gu, ''));
}

function clean(text: string | undefined): string {
  if (!text) return '';
  // Most messages have nothing to remove: skip building a copy character by character.
  let found = false;
  for (let i = 0; i < text.length && !found; i++) found = unwanted(text.charCodeAt(i));
  if (!found) return text.trim();
  let out = '';
  for (const ch of text) if (!unwanted(ch.charCodeAt(0))) out += ch;
  return out.trim();
}

export function createEngine(options: EngineOptions): Engine {
  const { store, i18n, log, emergency } = options;
  const plugins = options.plugins ?? [];
  const now = options.now ?? (() => new Date());
  const flows = new Map((options.flows ?? []).map((f) => [f.id, f]));
  const runtime = new FlowRuntime(flows);
  const queue = new KeyedQueue();
  /**
   * A person's words as the lists and articles are written: Russian in Latin letters in Cyrillic,
   * traditional Chinese characters as simplified, Cantonese as Mandarin.
   */
  const readAsWeWrite = (text: string): string => {
    const simplified = readSimplified(readRussianLatin(text));
    return options.cantonese ? options.cantonese.read(simplified) : simplified;
  };
  const outbounds = new Map<Platform, Outbound>();
  /** Keys forgotten during the current turn: nothing of theirs is written back. */
  const forgotten = new Set<string>();

  const isStaff = (incoming: Incoming): boolean => plugins.some((p) => p.isStaffMessage?.(incoming));

  const capabilitiesOf = (platform: Platform): Capabilities | undefined => outbounds.get(platform)?.capabilities;

  const helpChoices = (turn: Turn): Choice[] => plugins.flatMap((p) => p.helpChoices?.(turn) ?? []);

  const menu = (turn: Turn, intro?: string): Reply => {
    const choices: Choice[] = [];
    const active = runtime.activeFlow(turn);
    if (active) choices.push({ id: 'cmd:continue', label: turn.t('menu.continue', { title: turn.t(`${active.id}.title`) }) });
    for (const flow of flows.values()) if (flow.inMenu !== false) choices.push({ id: `start:${flow.id}`, label: turn.t(`${flow.id}.title`) });
    for (const plugin of plugins) choices.push(...(plugin.menuItems?.(turn) ?? []));
    choices.push({ id: 'cmd:language', label: turn.t('menu.language') });
    choices.push(...helpChoices(turn));
    return { text: [intro, turn.t('menu.title')].filter(Boolean).join('\n\n'), choices };
  };

  const services: EngineServices = {
    store,
    i18n,
    log,
    flows,
    startFlow: async (turn, flowId) => runtime.start(turn, flowId),
    menu,
    emergency: async (turn, match) => {
      const replies = emergency.replies(turn.t, match);
      // The crisis words are answered by the mental health article afterwards, not by "call 120".
      if (match?.reply !== 'crisis') turn.conversation.emergencyAt = turn.now.toISOString();
      // Which red flag it was stays out of the log: it is health data.
      log.warn('engine.emergency', { conv: turn.key });
      for (const plugin of plugins) {
        try {
          const extra = await plugin.onEmergency?.(turn);
          if (extra) replies.push(...extra);
        } catch (error) {
          log.error('plugin.emergency_failed', { conv: turn.key, plugin: plugin.name, error });
        }
      }
      return replies;
    },
    send: async (address, replies) => {
      const outbound = outbounds.get(address.platform);
      if (!outbound) throw new AppError('NO_ADAPTER', `No ${address.platform} adapter is running, so nothing can be sent there.`);
      const stored = await store.conversations.get(conversationKey(address)).catch(() => undefined);
      if (stored?.unreachable) {
        // They blocked the bot: every attempt would be refused again until they write.
        log.info('engine.send_skipped_unreachable', { conv: stored.key });
        return [];
      }
      const lang = stored?.lang ?? outbound.capabilities.defaultLang;
      return outbound.send(address, withHints(replies, i18n.t(lang, 'common.replyWithNumber')));
    },
    capabilities: capabilitiesOf,
  };

  const coreCommands = createCoreCommands({
    runtime,
    plugins,
    forget: async (turn) => {
      for (const plugin of plugins) await plugin.onForget?.(turn.key, turn.incoming.address);
      await store.conversations.delete(turn.key);
      forgotten.add(turn.key);
    },
  });
  const commands = new Map<string, Command>();
  for (const command of [...coreCommands.commands, ...plugins.flatMap((p) => p.commands ?? [])]) {
    commands.set(command.name, command);
    for (const alias of command.aliases ?? []) if (!commands.has(alias)) commands.set(alias, command);
  }
  const actions = new Map<string, Action>();
  for (const action of [...coreCommands.actions, ...plugins.flatMap((p) => p.actions ?? [])]) actions.set(action.verb, action);

  // Each command's words, lowercased, per language: looked up once per message instead of
  // listing every command's words in every language. Rebuilt when locale resources change.
  const commandOrder = [...new Set(commands.values())];
  const wordIndexes = new Map<Lang, Map<string, number>>();
  i18n.instance.store.on('added', () => wordIndexes.clear());
  i18n.instance.store.on('removed', () => wordIndexes.clear());
  const wordIndex = (lang: Lang): Map<string, number> => {
    let index = wordIndexes.get(lang);
    if (!index) {
      index = new Map();
      for (const [position, command] of commandOrder.entries()) {
        if (!command.words) continue;
        for (const word of i18n.list(lang, command.words)) {
          const folded = word.toLowerCase();
          if (!index.has(folded)) index.set(folded, position);
        }
      }
      wordIndexes.set(lang, index);
    }
    return index;
  };

  /** The command a whole message names: "/name args", "/name@bot", or one of its words. */
  const findCommand = (turn: Turn): { command: Command | undefined; args: string; slash: boolean } | undefined => {
    const slash = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(turn.text);
    if (slash) {
      const name = (slash[1] ?? '').toLowerCase();
      return { command: commands.get(name), args: (slash[2] ?? '').trim(), slash: true };
    }
    if (turn.text.length > 40) return undefined;
    const text = turn.text.toLowerCase().replace(/[!?.。！？,，]+$/u, '').trim();
    // The first command, in registration order, with this word in the person's language or any other.
    let best: number | undefined;
    for (const lang of new Set<Lang>([turn.lang, 'en', 'zh', 'ru'])) {
      const index = wordIndex(lang).get(text);
      if (index !== undefined && (best === undefined || index < best)) best = index;
    }
    const command = (best === undefined ? undefined : commandOrder[best]) ?? commandOrder.find((c) => c.recognise?.(text, turn));
    return command ? { command, args: '', slash: false } : undefined;
  };

  /**
   * The attachment a text stands for when it is only a messenger's placeholder for one, such as
   * "[voice message]", "[语音]" or "[фото]" (copied or forwarded chats, some WeChat clients):
   * in any language, by the locale's names of attachments or their ids.
   */
  const placeholderKind = (text: string): AttachmentKind | undefined => {
    const inner = /^\s*[[【(（]([^\]】)）]{1,40})[\]】)）]\s*$/u.exec(text)?.[1];
    if (inner === undefined) return undefined;
    const said = normalize(inner);
    return AttachmentKind.options.find((kind) => kind === said || LANGS.some((lang) => normalize(i18n.t(lang, `attachments.${kind}`)) === said));
  };

  const runCommand = async (turn: Turn, command: Command | undefined, args: string): Promise<Reply[]> => {
    if (!command || (command.allowed && !command.allowed(turn))) {
      turn.failed();
      return [{ text: turn.t('errors.unknownCommand'), choices: menu(turn).choices ?? [] }];
    }
    return command.run(turn, args);
  };

  /** The person's previous message, while it is recent enough to say what this one is about. */
  const saidJustBefore = (turn: Turn): string | undefined => {
    const line = turn.conversation.transcript.findLast((l) => l.from === 'person');
    return line && now().getTime() - Date.parse(line.at) < EMERGENCY_CONTEXT_MS ? line.text : undefined;
  };

  const route = async (turn: Turn): Promise<Reply[]> => {
    const { incoming } = turn;
    const raised = turn.text && !isStaff(incoming) ? emergency.detect(turn.text, saidJustBefore(turn)) : undefined;
    if (raised) {
      // Typed as the symptoms, the words that raised it are the answer the doctor must read: kept.
      runtime.keepRedFlagAnswer(turn);
      return services.emergency(turn, raised);
    }

    for (const plugin of plugins) {
      const replies = await plugin.intercept?.(turn);
      if (replies) return replies;
    }

    const attachment = incoming.attachment && !turn.text ? incoming.attachment : placeholderKind(turn.text);
    if (attachment) {
      return [{ text: turn.t('errors.attachment', { kind: turn.t(`attachments.${attachment}`) }), choices: menu(turn).choices ?? [] }];
    }
    if (turn.text.length > MAX_TEXT) {
      turn.failed();
      return [{ text: turn.t('errors.tooLong', { max: MAX_TEXT }) }];
    }
    if (!turn.choice && !turn.text) return [{ text: turn.t('errors.empty') }, menu(turn)];

    if (turn.choice) {
      const [verb = '', ...rest] = turn.choice.split(':');
      const argument = rest.join(':');
      if (verb === 'cmd') return runCommand(turn, commands.get(argument), '');
      const action = actions.get(verb);
      if (action) return action.run(turn, argument);
      if (verb !== 'ans') return [{ text: turn.t('errors.expired') }, menu(turn)];
    } else {
      const found = findCommand(turn);
      if (found && (found.command || found.slash)) return runCommand(turn, found.command, found.args);
      if (isPuzzled(turn.text)) return puzzled(turn);
      // "are you a real person?": a plain answer, and the questionnaire's place kept.
      if (saysOneOf(turn.text, services.i18n, 'identity.words')) {
        return runtime.activeFlow(turn) ? runtime.ask(turn, turn.t('identity.reply')) : [menu(turn, turn.t('identity.reply'))];
      }
      if (!/[\p{L}\p{N}]/u.test(turn.text)) {
        // "👍" or "🙏" after an answer is a reaction, as a sticker is: not an attempt that failed.
        if (!/\p{Extended_Pictographic}/u.test(turn.text)) turn.failed();
        // 😭 from someone upset deserves a kind word and the emergency number, not "I only understand words".
        if (SAD_EMOJI.test(turn.text)) return [{ text: turn.t('errors.sadEmoji') }, menu(turn)];
        return [{ text: turn.t('errors.noWords') }, menu(turn)];
      }
    }

    const flowReplies = await runtime.answer(turn, aside);
    if (flowReplies) return flowReplies;
    if (turn.choice) return [{ text: turn.t('errors.expired') }, menu(turn)];
    // "je ne peux pas respirer", 숨을 쉴 수 없어요: no search in our languages would help, and the number must not wait for a second miss.
    if (inOtherLanguage(turn.text)) {
      log.info('engine.other_language', { conv: turn.key });
      return otherLanguageReply(turn);
    }
    const pick = parseOrdinal(turn.text);
    if (pick !== undefined && pick <= MAX_PICK) return numberNotOffered(turn);

    for (const plugin of plugins) {
      const replies = await plugin.answer?.(turn);
      if (replies) return replies;
    }
    turn.failed();
    return [{ text: turn.t('fallback.notSure'), choices: menu(turn).choices ?? [] }];
  };

  /**
   * "?" alone: the person did not follow what was last asked. Asking it again, explained, keeps
   * their place (a question of the flow, or the /forget confirmation) instead of dropping it.
   */
  const puzzled = async (turn: Turn): Promise<Reply[]> => {
    // Still a miss: two in a row bring the offer of other help.
    turn.failed();
    const pending = turn.conversation.confirm;
    if (pending) return [{ text: turn.t('errors.puzzledConfirm') }, ...(await runCommand(turn, commands.get(pending), ''))];
    if (runtime.activeFlow(turn)) return runtime.ask(turn, turn.t('errors.puzzledFlow'));
    return [menu(turn, turn.t('errors.puzzled'))];
  };

  /** What a flow step could not read (a question, a "thanks"), answered by the first plugin sure of an answer. */
  const aside = async (turn: Turn): Promise<Reply[] | undefined> => {
    for (const plugin of plugins) {
      const replies = await plugin.aside?.(turn);
      if (replies) return replies;
    }
    return undefined;
  };

  /**
   * "是", "да, удалить", "keep it" typed at a question such as /forget's "Delete?": its
   * `<confirm>:yes` or `:no` choice, from the words in `<confirm>.words`; undefined for anything else.
   */
  const confirmAnswer = (confirm: string, text: string): string | undefined => {
    const answer = ['yes', 'no'].find((a) => saysOneOf(text, i18n, `${confirm}.words.${a}`));
    return answer === undefined ? undefined : `${confirm}:${answer}`;
  };

  /**
   * Adds "it looks like I am not helping" to a turn's replies, so that a typed "1" reaches what
   * the person saw last. A turn that ends with a list of its own (a questionnaire's step asked
   * again, the closest topics) keeps it: the offer's choices join it. After the plain menu the
   * offer follows as before (its "Main menu" leads to the same list). At a step with no list (how bad,
   * 0 to 10?) a typed "1" is the answer: the words go before the question, and "menu" is typed.
   */
  const stillStuck = (replies: Reply[], inFlow: boolean, stuck: Reply[], menuIds: ReadonlySet<string>): void => {
    const at = replies.findLastIndex((r) => r.choices && r.choices.length > 0);
    const list = replies[at];
    if (inFlow && at < 0 && replies.length > 0) {
      replies.splice(replies.length - 1, 0, ...stuck.map(({ text }) => ({ text })));
      return;
    }
    if (at < 0 || !list?.choices || at !== replies.length - 1) {
      replies.push(...stuck);
      return;
    }
    // The plain menu: a typed "1" after the offer only shows the menu again, so the offer follows it.
    if (!inFlow && list.choices.every((c) => menuIds.has(c.id))) {
      replies.push(...stuck);
      return;
    }
    const ids = new Set(list.choices.map((c) => c.id));
    const extra = stuck.flatMap((r) => r.choices ?? []).filter((c) => !ids.has(c.id));
    replies.splice(at, 1, ...stuck.map(({ text }) => ({ text })), { ...list, choices: [...list.choices, ...extra] });
  };

  /** A number that picks nothing: the list it was meant for again, or the menu when none is open. */
  const numberNotOffered = (turn: Turn): Reply[] => {
    const offered = turn.conversation.lastChoices;
    if (offered.length > 0) return [{ text: turn.t('errors.notInList', { number: turn.text }), choices: offered }];
    return [{ text: turn.t('errors.nothingToPick'), choices: menu(turn).choices ?? [] }];
  };

  /**
   * The reply language: one chosen with /language stays; otherwise what the person clearly writes
   * in wins over the platform's hint (a student whose phone is set to Chinese but who writes
   * English reads English best), then the language already known, the hint, and a weak reading.
   */
  const resolveLang = (conversation: Conversation, incoming: Incoming, text: string): Lang => {
    if (conversation.langSource === 'chosen' && conversation.lang) return conversation.lang;
    const hint = langFromHint(incoming.languageHint);
    // A command ("/help") says nothing about the person's language.
    const readable = text.startsWith('/') ? '' : text;
    const clear = readable ? langFromScript(readable, { strong: true }) : undefined;
    // "上海" or "学生" typed as an answer in an English questionnaire is a name or a word the
    // person knows in Chinese, not a wish to read Chinese: a few Han characters mid-flow keep the language.
    const shortHan = clear === 'zh' && conversation.flow !== undefined && conversation.lang !== undefined && conversation.lang !== 'zh' && /^[\p{Script=Han}\s]{1,4}$/u.test(readable);
    // An answer typed at a free-text step is content (a medicine's English name, a question for the
    // doctor in English): it does not switch a language the person has been writing in.
    const answering = conversation.langSource === 'script' && runtime.wantsRawInput(conversation.flow);
    // "insurance покрывает dentist?" in a Russian chat: mostly English words, still a Russian reader.
    const mixed = clear === 'en' && ((conversation.lang === 'ru' && /\p{Script=Cyrillic}{2,}/u.test(readable)) || (conversation.lang === 'zh' && /\p{Script=Han}/u.test(readable)));
    if (clear && !shortHan && !answering && !mixed) {
      conversation.lang = clear;
      conversation.langSource = 'script';
      return clear;
    }
    if (conversation.lang && (conversation.langSource === 'script' || !hint)) return conversation.lang;
    if (hint) {
      conversation.lang = hint;
      conversation.langSource = 'hint';
      return hint;
    }
    const weak = readable && !conversation.lang ? langFromScript(readable) : undefined;
    if (weak) {
      conversation.lang = weak;
      conversation.langSource = 'script';
      return weak;
    }
    return conversation.lang ?? capabilitiesOf(incoming.address.platform)?.defaultLang ?? 'en';
  };

  const newConversation = (key: string, incoming: Incoming): Conversation => {
    const at = now().toISOString();
    return { key, address: incoming.address, lastChoices: [], failures: 0, transcript: [], seen: [], extras: {}, createdAt: at, updatedAt: at };
  };

  const handleOne = async (key: string, incoming: Incoming): Promise<Reply[]> => {
    let conversation: Conversation;
    try {
      conversation = (await store.conversations.get(key)) ?? newConversation(key, incoming);
    } catch (error) {
      log.error('store.read_failed', { conv: key, error });
      return [{ text: i18n.t(langFromHint(incoming.languageHint) ?? 'en', 'errors.generic') }];
    }
    if (incoming.messageId) {
      if (conversation.seen.includes(incoming.messageId)) {
        log.debug('engine.duplicate', { conv: key });
        return [];
      }
      conversation.seen = [...conversation.seen, incoming.messageId].slice(-SEEN_IDS);
    }
    // Russian in Latin letters is read in Cyrillic, so 120 and the articles reach it; staff words pass as written.
    const text = isStaff(incoming) ? clean(incoming.text) : readAsWeWrite(clean(incoming.text));
    // Misses from last night do not make this morning's first message a "still stuck".
    const away = now().getTime() - Date.parse(conversation.updatedAt);
    if (conversation.failures > 0 && away > FAILURES_FORGOTTEN_MS) conversation.failures = 0;
    if (!conversation.flow && away > LIST_FORGOTTEN_MS) conversation.lastChoices = [];
    let lang = resolveLang(conversation, incoming, text);
    if (incoming.displayName) conversation.displayName = incoming.displayName;
    conversation.unreachable = undefined;

    // Typed text that names an offered choice ("2", the label, a close spelling) selects it.
    let choice = incoming.choice ?? (text && conversation.confirm ? confirmAnswer(conversation.confirm, text) : undefined);
    // "/language" is the command, whatever the list shows ("Language help at hospitals").
    if (!choice && text && !text.startsWith('/') && conversation.lastChoices.length > 0) {
      // Only the step's own list is read raw: after /forget or /brief at a text step, "1" picks from what was just shown.
      if (runtime.wantsRawInput(conversation.flow) && conversation.lastChoices.some((c) => c.id.startsWith('ans:'))) {
        // The step reads "2" or "1, 3" itself; only a control's exact label (Done, Skip) is a press.
        const controls = conversation.lastChoices.filter((c) => !c.id.startsWith('ans:') || runtime.isControl(c.id));
        const index = exactLabel(text, controls.map((c) => c.label));
        if (index !== undefined) choice = controls[index]?.id;
        // "1" under "1. Skip" at a medicines question is the button, not a medicine called "1".
        const typedNumber = /^\d{1,2}$/.test(text) ? Number(text) : undefined;
        const only = conversation.lastChoices[0];
        if (choice === undefined && typedNumber === 1 && conversation.lastChoices.length === 1 && only && runtime.isControl(only.id) && runtime.readsText(conversation.flow)) choice = only.id;
      } else {
        const index = matchOption(text, conversation.lastChoices.map((c) => c.label));
        if (index !== undefined) choice = conversation.lastChoices[index]?.id;
        // "👍" typed under "👍 Helpful" (WeChat, the terminal) is that button.
        const emoji = choice === undefined && /^\p{Extended_Pictographic}\uFE0F?$/u.test(text) ? conversation.lastChoices.filter((c) => c.label.startsWith(text)) : [];
        if (emoji.length === 1) choice = emoji[0]?.id;
      }
    }
    // A confirmation holds for the next message only: a "yes" much later, to another question, must not delete anything.
    if (conversation.confirm && !choice?.startsWith(`${conversation.confirm}:`) && !isPuzzled(text)) conversation.confirm = undefined;

    let failed = false;
    const turn: Turn = {
      incoming,
      key,
      conversation,
      get lang() {
        return lang;
      },
      get t() {
        return i18n.fixed(lang);
      },
      text,
      choice,
      now: now(),
      services,
      setLang(next) {
        lang = next;
        conversation.lang = next;
        conversation.langSource = 'chosen';
      },
      failed() {
        failed = true;
      },
      helpChoices: () => helpChoices(turn),
    };

    // What a failed turn keeps besides the stored state: the message was seen, and who sent it.
    const settled = { seen: conversation.seen, lang: conversation.lang, langSource: conversation.langSource, displayName: conversation.displayName };
    let replies: Reply[];
    try {
      replies = await route(turn);
      if (failed) {
        conversation.failures += 1;
        if (conversation.failures >= 2) {
          conversation.failures = 0;
          let extra: Reply[] | undefined;
          for (const plugin of plugins) extra ??= await plugin.onRepeatedFailure?.(turn);
          const human = helpChoices(turn);
          const menuIds = new Set([...(menu(turn).choices ?? []).map((c) => c.id), 'cmd:menu']);
          stillStuck(replies, conversation.flow !== undefined, extra ?? [{ text: turn.t(human.length > 0 ? 'fallback.stillStuck' : 'fallback.stillStuckNoHuman'), choices: [...human, { id: 'cmd:menu', label: turn.t('menu.back') }] }], menuIds);
        }
      } else if (text || choice) {
        conversation.failures = 0;
      }
    } catch (error) {
      log.error('engine.handler_failed', { conv: key, error });
      const userKey = error instanceof AppError && error.userMessageKey ? error.userMessageKey : 'errors.generic';
      replies = [{ text: turn.t(userKey), choices: [{ id: 'cmd:menu', label: turn.t('menu.back') }] }];
      // Keep what was stored: a half-finished change is not written. Read again rather than
      // copied before every turn, since turns fail rarely and the copy would cost every message.
      let stored: Conversation | undefined;
      try {
        stored = await store.conversations.get(key);
      } catch (readError) {
        log.error('store.read_failed', { conv: key, error: readError });
        return withHints(replies, turn.t('common.replyWithNumber'));
      }
      conversation = withSettled(stored ?? newConversation(key, incoming), settled);
    }

    if (forgotten.delete(key)) return withHints(replies, turn.t('common.replyWithNumber'));

    const at = now().toISOString();
    const personLine = text || (incoming.attachment ? `[${incoming.attachment}]` : choice ? `[${choiceLabel(conversation.lastChoices, choice)}]` : '');
    const lines = [
      ...(personLine ? [{ from: 'person' as const, text: personLine.slice(0, PERSON_LINE_CHARS), at }] : []),
      ...replies.map((r) => ({ from: 'bot' as const, text: cut(r.text, BOT_LINE_CHARS), at })),
    ];
    // Staff chatter in a staff room is nobody's case history.
    conversation.transcript = isStaff(incoming) ? [] : [...conversation.transcript, ...lines].slice(-TRANSCRIPT_LINES);
    const offered = [...replies].reverse().find((r) => r.choices && r.choices.length > 0);
    conversation.lastChoices = offered?.choices ?? [];
    conversation.updatedAt = at;
    try {
      await store.conversations.put(conversation);
    } catch (error) {
      log.error('store.write_failed', { conv: key, error });
      const urgent = replies.filter((r) => r.urgent);
      return [...urgent, { text: turn.t('errors.saveFailed') }];
    }
    log.info('engine.replied', { conv: key, lang, replies: replies.length, flow: conversation.flow?.id, step: conversation.flow?.step });
    return withHints(replies, turn.t('common.replyWithNumber'));
  };

  return {
    services,
    handle(raw) {
      const parsed = Incoming.safeParse(raw);
      if (!parsed.success) {
        log.warn('engine.bad_incoming', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
        return Promise.resolve([{ text: i18n.t('en', 'errors.generic') }]);
      }
      const key = conversationKey(parsed.data.address);
      return queue.run(key, () => handleOne(key, parsed.data)).catch((error: unknown) => {
        log.error('engine.failed', { conv: key, error });
        return [{ text: i18n.t('en', 'errors.generic') }];
      });
    },
    register(outbound) {
      outbounds.set(outbound.platform, outbound);
    },
    send: services.send,
    async markUnreachable(address) {
      const key = conversationKey(address);
      await queue.run(key, async () => {
        const conversation = await store.conversations.get(key);
        if (!conversation) return;
        conversation.unreachable = true;
        await store.conversations.put(conversation);
      });
      log.warn('engine.unreachable', { conv: key });
    },
    commandList(lang) {
      return [...new Set(commands.values())]
        .filter((c) => c.describe && !c.allowed)
        .map((c) => ({ command: c.name, description: i18n.t(lang, c.describe as string) }));
    },
    async start() {
      for (const plugin of plugins) await plugin.start?.(services);
    },
    async stop() {
      for (const plugin of plugins) await plugin.stop?.();
    },
  };
}

function exactLabel(text: string, labels: string[]): number | undefined {
  const index = labels.map(normalize).indexOf(normalize(text));
  return index >= 0 ? index : undefined;
}

/** `stored` with what a turn settles before it runs (seen ids, language, name). */
function withSettled(stored: Conversation, settled: Pick<Conversation, 'seen' | 'lang' | 'langSource' | 'displayName'>): Conversation {
  const next: Conversation = { ...stored, seen: settled.seen, unreachable: undefined };
  if (settled.lang) next.lang = settled.lang;
  if (settled.langSource) next.langSource = settled.langSource;
  if (settled.displayName) next.displayName = settled.displayName;
  return next;
}

/** The first `max` characters, marked with "…" when something was cut. */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function choiceLabel(choices: Choice[], id: string): string {
  return choices.find((c) => c.id === id)?.label ?? id;
}

/** Adds the "reply with a number" hint to replies that offer choices. */
function withHints(replies: Reply[], hint: string): Reply[] {
  return replies.map((r) => (r.choices && r.choices.length > 0 && !r.hint ? { ...r, hint } : r));
}
