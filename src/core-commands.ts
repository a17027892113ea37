/**
 * The global commands every person has, in every state and language: start, menu, help,
 * language, cancel, back, continue, privacy, forget; and the choices they offer.
 */
import type { FlowRuntime } from './flow-runtime.ts';
import { langFromScript, LANGS } from './lang.ts';
import { type Choice, Lang, type Reply } from './message.ts';
import { normalize } from './text-match.ts';
import type { Action, Command, EnginePlugin, Turn } from './turn.ts';

export interface CoreCommandDeps {
  runtime: FlowRuntime;
  plugins: EnginePlugin[];
  /** Deletes everything stored about the turn's person. */
  forget: (turn: Turn) => Promise<void>;
}

const HAN = /\p{Script=Han}/u;

/** One button per language, each named in its own language. */
function languageChoices(turn: Turn): Choice[] {
  return LANGS.map((lang) => ({ id: `lang:${lang}`, label: turn.services.i18n.t(lang, 'language.self') }));
}

/**
 * For a message in a language the bot does not speak: which languages it does, and the
 * emergency number, in all three, since none may be the person's.
 */
export function otherLanguageReply(turn: Turn): Reply[] {
  return [{ text: LANGS.map((lang) => turn.services.i18n.t(lang, 'language.other')).join('\n\n'), choices: languageChoices(turn) }];
}

/** From this many answers a questionnaire's /cancel asks first: fewer are quickly given again. */
const CANCEL_ASKS_FROM = 3;

export function createCoreCommands({ runtime, plugins, forget }: CoreCommandDeps): { commands: Command[]; actions: Action[] } {
  const menuBack = (turn: Turn) => ({ id: 'cmd:menu', label: turn.t('menu.back') });

  const setLanguage = (turn: Turn, lang: Lang): Reply[] => {
    turn.setLang(lang);
    const replies: Reply[] = [{ text: turn.t('language.set') }];
    // Carry on where the person was, now in the new language.
    if (runtime.activeFlow(turn)) replies.push(...runtime.ask(turn));
    else replies.push(turn.services.menu(turn));
    return replies;
  };

  /** "ru", "Русский", "中文", "english" → a language. */
  const langNamed = (turn: Turn, words: string): Lang | undefined => {
    const text = normalize(words);
    if (!text) return undefined;
    const code = Lang.safeParse(text);
    if (code.success) return code.data;
    return LANGS.find((lang) => turn.services.i18n.folded(lang, 'language.names').has(text));
  };

  /**
   * "can you speak Russian?", "English please", "说中文", "можно по-английски?" → a language: the
   * words of asking (`language.request`, every language's) taken away, a language's name must be
   * all that is left, so "I don't speak Chinese" or "russian visa" ask for nothing.
   */
  const langRequested = (turn: Turn, said: string): Lang | undefined => {
    const request = LANGS.map((lang) => turn.services.i18n.folded(lang, 'language.request'));
    // Words that may stand beside a request ("for my wife", "hello", "sorry") but make none:
    // "sorry my english" asks for nothing.
    const beside = LANGS.map((lang) => turn.services.i18n.folded(lang, 'language.requestBeside'));
    let text = normalize(said);
    let asked = false;
    // Chinese has no spaces: its words are cut out wherever they stand.
    if (HAN.test(text)) {
      for (const [sets, asking] of [[request, true], [beside, false]] as const) {
        for (const word of sets.flatMap((set) => [...set])) {
          if (!HAN.test(word) || !text.includes(word)) continue;
          text = text.split(word).join(' ');
          asked ||= asking;
        }
      }
    }
    const words = text.split(' ').filter(Boolean);
    asked ||= words.some((w) => request.some((r) => r.has(w)));
    const rest = words.filter((w) => !request.some((r) => r.has(w)) && !beside.some((b) => b.has(w)));
    return asked && rest.length > 0 ? langNamed(turn, rest.join(' ')) : undefined;
  };

  /**
   * "sorry I cannot read chinese", "я не понимаю по-китайски", "看不懂英文" while the bot speaks
   * that language: the language the message is written in (`language.cannotRead` phrases, a
   * language's name, a short message); undefined otherwise. "I can't read Chinese, what do I do
   * at the hospital?" in an English chat is a question, not a request.
   */
  const langRefused = (turn: Turn, said: string): Lang | undefined => {
    if (said.length > 60) return undefined;
    const written = langFromScript(said, { strong: true });
    if (!written || written === turn.lang) return undefined;
    const text = ` ${normalize(said)} `;
    const has = (phrase: string) => (HAN.test(phrase) ? text.includes(phrase) : text.includes(` ${phrase} `));
    if (!LANGS.some((lang) => [...turn.services.i18n.folded(lang, 'language.cannotRead')].some(has))) return undefined;
    return [...turn.services.i18n.folded(turn.lang, 'language.names')].some(has) ? written : undefined;
  };

  const commands: Command[] = [
    {
      name: 'start',
      words: 'commands.start.words',
      describe: 'commands.start.describe',
      run: async (turn, args) => {
        // A Telegram deep link (t.me/<bot>?start=consult_zh, shared by a hospital or a school)
        // arrives as "/start consult_zh": a flow to open and a language to speak, either or both.
        const words = args.toLowerCase().split(/[_\-\s]+/u).filter(Boolean);
        const lang = words.map((w) => Lang.safeParse(w)).find((r) => r.success)?.data;
        const flow = words.find((w) => turn.services.flows.has(w));
        if (lang) turn.setLang(lang);
        const name = { name: turn.conversation.displayName ?? '' };
        if (flow) return [{ text: turn.t('start.welcome', name) }, ...(await turn.services.startFlow(turn, flow))];
        return [turn.services.menu(turn, turn.t(runtime.activeFlow(turn) ? 'start.welcomeBack' : 'start.welcome', name))];
      },
    },
    {
      name: 'menu',
      words: 'commands.menu.words',
      describe: 'commands.menu.describe',
      run: (turn) => [turn.services.menu(turn)],
    },
    {
      name: 'help',
      words: 'commands.help.words',
      describe: 'commands.help.describe',
      run: (turn) => [{ text: turn.t('help.text') }, turn.services.menu(turn)],
    },
    {
      name: 'language',
      aliases: ['lang'],
      words: 'commands.language.words',
      describe: 'commands.language.describe',
      run: (turn, args) => {
        const named = langNamed(turn, args);
        if (named) return setLanguage(turn, named);
        return [{ text: turn.t('language.pick'), choices: languageChoices(turn) }];
      },
    },
    {
      // Typing a language's own name ("中文", "Русский"), or asking for it, switches to it.
      name: 'language-name',
      words: 'language.names',
      recognise: (text, turn) => langRequested(turn, text) !== undefined || langRefused(turn, text) !== undefined,
      run: (turn) => {
        const lang = langNamed(turn, turn.text) ?? langRequested(turn, turn.text) ?? langRefused(turn, turn.text);
        return lang ? setLanguage(turn, lang) : [turn.services.menu(turn)];
      },
    },
    {
      name: 'cancel',
      words: 'commands.cancel.words',
      describe: 'commands.cancel.describe',
      run: (turn) => {
        const asked = turn.conversation.confirm === 'cancel';
        turn.conversation.confirm = undefined;
        // Several answers given: one slip must not lose them. "cancel" again, or Yes, stops.
        const flow = runtime.activeFlow(turn);
        const given = Object.keys(turn.conversation.flow?.answers ?? {}).length;
        if (flow && given >= CANCEL_ASKS_FROM && !asked) {
          turn.conversation.confirm = 'cancel';
          return [
            {
              text: turn.t('cancel.confirm', { title: turn.t(`${flow.id}.title`), count: given }),
              choices: [
                { id: 'cancel:yes', label: turn.t('cancel.yes') },
                { id: 'cancel:no', label: turn.t('cancel.no') },
              ],
            },
          ];
        }
        const left = runtime.cancel(turn);
        return [turn.services.menu(turn, left ?? turn.t('flow.nothingToCancel'))];
      },
    },
    {
      name: 'back',
      words: 'commands.back.words',
      run: (turn) => (runtime.activeFlow(turn) ? runtime.back(turn) : [turn.services.menu(turn)]),
    },
    {
      name: 'continue',
      words: 'commands.continue.words',
      run: (turn) => (runtime.activeFlow(turn) ? runtime.ask(turn) : [turn.services.menu(turn, turn.t('flow.nothingToContinue'))]),
    },
    {
      name: 'privacy',
      words: 'commands.privacy.words',
      describe: 'commands.privacy.describe',
      run: (turn) => {
        const parts = [turn.t('privacy.core'), ...plugins.flatMap((p) => (p.privacy ? [turn.t(p.privacy)] : [])), turn.t('privacy.forget')];
        return [{ text: parts.join('\n\n'), choices: [{ id: 'cmd:forget', label: turn.t('privacy.forgetButton') }, menuBack(turn)] }];
      },
    },
    {
      name: 'forget',
      words: 'commands.forget.words',
      describe: 'commands.forget.describe',
      run: (turn) => {
        turn.conversation.confirm = 'forget';
        return [
          {
            text: turn.t('forget.confirm'),
            choices: [
              { id: 'forget:yes', label: turn.t('forget.yes') },
              { id: 'forget:no', label: turn.t('forget.no') },
            ],
          },
        ];
      },
    },
  ];

  const actions: Action[] = [
    {
      verb: 'start',
      run: (turn, flowId) => {
        if (!turn.services.flows.has(flowId)) return [{ text: turn.t('errors.expired') }, turn.services.menu(turn)];
        return turn.services.startFlow(turn, flowId);
      },
    },
    {
      verb: 'lang',
      run: (turn, code) => {
        const lang = Lang.safeParse(code);
        return lang.success ? setLanguage(turn, lang.data) : [{ text: turn.t('errors.expired') }];
      },
    },
    {
      verb: 'cancel',
      run: (turn, answer) => {
        const confirmed = answer === 'yes' && turn.conversation.confirm === 'cancel';
        turn.conversation.confirm = undefined;
        if (!runtime.activeFlow(turn)) return [turn.services.menu(turn, turn.t('flow.nothingToCancel'))];
        if (!confirmed) return runtime.ask(turn, turn.t(answer === 'yes' ? 'errors.expired' : 'cancel.kept'));
        return [turn.services.menu(turn, runtime.cancel(turn) ?? turn.t('flow.nothingToCancel'))];
      },
    },
    {
      verb: 'forget',
      run: async (turn, answer) => {
        const confirmed = answer === 'yes' && turn.conversation.confirm === 'forget';
        turn.conversation.confirm = undefined;
        if (!confirmed) return [turn.services.menu(turn, turn.t(answer === 'yes' ? 'errors.expired' : 'forget.kept'))];
        await forget(turn);
        return [{ text: turn.t('forget.done') }];
      },
    },
  ];

  return { commands, actions };
}
