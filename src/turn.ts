/**
 * The engine's extension points: what a handler sees of one message (a Turn), and what a
 * plugin (knowledge, handoff, checklist…) and an adapter (console, Telegram, WeChat) provide.
 */
import type { EmergencyMatch } from './emergency.ts';
import type { FlowDefinition } from './flow-definition.ts';
import type { I18n, Translate } from './i18n.ts';
import type { Logger } from './log.ts';
import type { Address, Choice, Incoming, Lang, Platform, Reply } from './message.ts';
import type { Conversation } from './store/records.ts';
import type { StateStore } from './store/state-store.ts';

/** One message being handled: the person's conversation, their language, and the engine's services. */
export interface Turn {
  readonly incoming: Incoming;
  /** The conversation key (platform:chat:user). */
  readonly key: string;
  /** The person's record; changes are saved when the turn ends, before replies go out. */
  readonly conversation: Conversation;
  /** The person's language for this turn; setting it (via `setLang`) switches replies. */
  readonly lang: Lang;
  /** Translate into the person's language. */
  readonly t: Translate;
  /** The message text, trimmed; '' when there is none. */
  readonly text: string;
  /** The chosen action id: a pressed button, or typed text that matched an offered choice. */
  readonly choice: string | undefined;
  readonly now: Date;
  readonly services: EngineServices;
  setLang(lang: Lang): void;
  /** Marks this message as one the bot could not help with (two in a row offer a human). */
  failed(): void;
  /** Choices added to results and fallbacks, such as "talk to a person" when staff are set up. */
  helpChoices(): Choice[];
}

/** What handlers can use beyond their own turn. */
export interface EngineServices {
  readonly store: StateStore;
  readonly i18n: I18n;
  readonly log: Logger;
  readonly flows: ReadonlyMap<string, FlowDefinition>;
  /** Starts a flow for this person and returns its first question. */
  startFlow(turn: Turn, flowId: string): Promise<Reply[]>;
  /** The main menu in the person's language. */
  menu(turn: Turn, intro?: string): Reply;
  /**
   * The emergency guidance (120 first) in the person's language, or the crisis words when `match`
   * asks for them; also tells plugins (urgent ticket).
   */
  emergency(turn: Turn, match?: EmergencyMatch): Promise<Reply[]>;
  /** Sends to anyone, on any registered messenger (staff replies, reminders). */
  send(address: Address, replies: Reply[]): Promise<string[]>;
  /** The capabilities of a registered messenger, if one is registered. */
  capabilities(platform: Platform): Capabilities | undefined;
}

/** A handler stage: returns replies when it handled the message, undefined to pass it on. */
export type Stage = (turn: Turn) => Promise<Reply[] | undefined> | Reply[] | undefined;

/** A global command: "/name", its words in each language, or the choice id `cmd:name`. */
export interface Command {
  name: string;
  /** Other slash names it answers to ("/lang" for /language), short forms people type; never listed. */
  aliases?: readonly string[];
  /** i18n key of a list of words that trigger the command when they are the whole message. */
  words?: string;
  /** i18n key of a one-line description (help text, Telegram command menu); absent: not listed. */
  describe?: string;
  /** When false the command behaves exactly as an unknown one (staff commands). */
  allowed?: (turn: Turn) => boolean;
  /** Recognises a short sentence no word list can hold ("can you speak Russian?"). */
  recognise?: (text: string, turn: Turn) => boolean;
  run(turn: Turn, args: string): Promise<Reply[]> | Reply[];
}

/** Handles choices whose id is `verb:argument`. */
export interface Action {
  verb: string;
  run(turn: Turn, argument: string): Promise<Reply[]> | Reply[];
}

/** A feature plugged into the engine; every part is optional. */
export interface EnginePlugin {
  name: string;
  commands?: Command[];
  actions?: Action[];
  /**
   * True for messages from support staff in their own channels: the engine then skips the
   * emergency check (staff quoting a patient is not an emergency of theirs) and keeps no transcript.
   */
  isStaffMessage?: (incoming: Incoming) => boolean;
  /** Sees every message after the emergency check and before commands (handoff relay). */
  intercept?: Stage;
  /** Answers free text that no command or flow took (knowledge search). */
  answer?: Stage;
  /**
   * Answers what a person types in the middle of a flow that the step could not read as an
   * answer: a question, or a "thanks". Replies only when sure, with no choices of its own (the
   * step's choices follow); when it passes, the step says what it expected.
   */
  aside?: Stage;
  /** Entries for the main menu (for example "my checklist"). */
  menuItems?: (turn: Turn) => Choice[];
  /** i18n key of a paragraph for /privacy: what this plugin stores and why. */
  privacy?: string;
  /** Choices to add to results and fallbacks. */
  helpChoices?: (turn: Turn) => Choice[];
  /** An emergency was detected; the person already gets the guidance. */
  onEmergency?: (turn: Turn) => Promise<Reply[] | void> | Reply[] | void;
  /** The bot failed to help twice in a row. */
  onRepeatedFailure?: (turn: Turn) => Promise<Reply[] | undefined> | Reply[] | undefined;
  /** The person asked to forget them: delete what this plugin keeps about `key`. */
  onForget?: (key: string, address: Address) => Promise<void>;
  /** Called when the app starts and stops (timers, reminders). */
  start?: (services: EngineServices) => Promise<void> | void;
  stop?: () => Promise<void> | void;
}

/** What a messenger can show; rendering decides from these, never from the platform's name. */
export interface Capabilities {
  /** Choices can be buttons; otherwise a numbered list. */
  buttons: boolean;
  /** Longest text one message may carry. */
  maxText: number;
  /** A sent message can be edited (checklist ticks update in place). */
  editInPlace: boolean;
  /** Language for people whose language is not yet known. */
  defaultLang: Lang;
}

/** The sending half of an adapter, registered with the engine by platform. */
export interface Outbound {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  /** Sends replies in order; returns the platform ids of the messages sent. */
  send(address: Address, replies: Reply[]): Promise<string[]>;
}

/** A messenger adapter: translates platform events to `engine.handle` and replies back. */
export interface Adapter extends Outbound {
  start(): Promise<void>;
  stop(): Promise<void>;
}
