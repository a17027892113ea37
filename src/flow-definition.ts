/**
 * How a scripted flow is written: data plus small functions. The runtime (`flow-runtime.ts`)
 * asks, validates, re-asks, goes back and resumes; a flow only says what to ask and what to do
 * with the answers.
 *
 * Words live in data/locales/<lang>/<flow id>.json by convention:
 * - `<flow>.title`: the flow's name in menus
 * - `<flow>.steps.<step>.prompt`: the question
 * - `<flow>.steps.<step>.options.<option>`: an option's label (single and multiple choice)
 * - `<flow>.steps.<step>.words.<option>` (optional): phrases that name the option in a person's
 *   own words ("i study", "学生"); taken only when they name one option, and shown back
 */
import type { z } from 'zod';
import type { Json } from './store/records.ts';
import type { Reply } from './message.ts';
import type { Turn } from './turn.ts';

export type StepKind = 'single' | 'multi' | 'yesno' | 'text' | 'number' | 'date';

/** Answers collected so far, by step name; values are what the step's schema produced. */
export type Answers = Record<string, Json>;

export interface StepDefinition<S extends string> {
  kind: StepKind;
  /** Option ids for 'single' and 'multi' (labels come from the locale), fixed or from earlier answers. */
  options?: readonly string[] | ((answers: Answers) => readonly string[]);
  /**
   * Validates and converts the recognised answer. Defaults by kind: option id(s) for choices,
   * boolean for yes/no, trimmed non-empty text, a finite number, an ISO date (YYYY-MM-DD).
   * An error message may be an i18n key (for example 'consult.errors.severity').
   */
  schema?: z.ZodType<Json>;
  /** The step that follows; a function sees the answers including this one. Absent: the flow ends. */
  next?: S | ((answers: Answers) => S | undefined);
  /**
   * For 'single': reads an answer that no label or phrase names, such as a length of time for
   * "how long will you stay?", as an option id. The option is shown back to the person, as an
   * answer in their own words is.
   */
  read?: (text: string, turn: Turn) => string | undefined;
  /**
   * For 'text' whose answer is a name (a city): text that asks by its words ("why do you need my
   * city?") is never taken as the answer. It is answered aside when the knowledge base can, and
   * the step is asked again. Leave it off where a question can be the answer itself ("what
   * would you like to ask the doctor?").
   */
  refusesQuestions?: boolean;
  /**
   * For 'text' that may itself hold a question (symptoms, medicines): the text goes to `aside`
   * first; when a plugin is sure it is a question it can answer ("which hospital is open now?"),
   * a thanks or a greeting ("hi again" after a restart), its reply comes first and the step is
   * asked again, so none of these ends up in the doctor's brief. Otherwise the text is the
   * answer ("headache, is it the flu?" stays a symptom).
   */
  questionsAside?: boolean;
  /** The person may answer "skip" and the answer is stored as null. */
  optional?: boolean;
  /** A number step that asks for a rating (0 to 10), not an amount: "2 weeks" is refused, not read as 2. */
  rating?: boolean;
  /** True when this answer is a red flag: the emergency guidance is sent at once. */
  redFlag?: (value: Json, answers: Answers) => boolean;
}

export interface FlowDefinition<S extends string = string> {
  /** Stable id, also the locale file name and the `start:<id>` choice. */
  id: string;
  /** Bump when steps change meaning: saved state of another version restarts politely. */
  version: number;
  start: S;
  steps: Record<S, StepDefinition<S>>;
  /** Shown in the menu unless false (a flow reached only from another place). */
  inMenu?: boolean;
  /** Asks about health: in a group chat it does not start, and the person is asked to write privately. */
  privateOnly?: boolean;
  /** Before the first question: may return replies to send first, or consent text. */
  intro?: (turn: Turn) => Reply[];
  /** Turns the answers into the result. The runtime adds the closing choices. */
  finish: (answers: Answers, turn: Turn) => Reply[] | Promise<Reply[]>;
  /**
   * False when, given the answers, what the person typed in the flow must not stay in their
   * recent messages either (consent refused: "I have not kept any of your health details").
   * Leaving with cancel always drops them. Kept when absent.
   */
  keepsWords?: (answers: Answers) => boolean;
}

/**
 * Declares a flow with its step names checked by the compiler.
 * @example export const visaFlow = defineFlow({ id: 'visa', version: 1, start: 'purpose', steps: {…}, finish })
 */
export function defineFlow<S extends string>(flow: FlowDefinition<S>): FlowDefinition<S> {
  return flow;
}
