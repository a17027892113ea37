/**
 * Runs scripted flows: asks a step's question, recognises and validates the answer, re-asks with
 * the reason when it is wrong, goes back, cancels, resumes, and restarts a flow whose version
 * changed. Re-prompting lives here once; flows never repeat it.
 */
import { z } from 'zod';
import { readDays, readNumberWord } from './duration.ts';
import type { Answers, FlowDefinition, StepDefinition } from './flow-definition.ts';
import { LANGS } from './lang.ts';
import type { Choice, Lang, Reply } from './message.ts';
import type { FlowState, Json } from './store/records.ts';
import { saysOneOf } from './said-words.ts';
import { asciiDigits, asksWithWords, matchOption, optionsNamed, normalize, parseOrdinal } from './text-match.ts';
import type { Stage, Turn } from './turn.ts';

/**
 * Choice ids the runtime offers: `ans:<option>`, plus these special options. Those every step
 * could offer (yes, no, skip, done) name their step after `@`: `ans:yes@consent`.
 */
const ANSWER = 'ans';
const DONE = '__done';
const SKIP = '__skip';
const STEP_TAG = '@';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const defaultSchemas: Record<StepDefinition<string>['kind'], z.ZodType<Json>> = {
  single: z.string(),
  multi: z.array(z.string()).min(1, { error: 'flow.errors.pickOne' }),
  yesno: z.boolean(),
  text: z.string().trim().min(1, { error: 'flow.errors.empty' }).max(2000, { error: 'flow.errors.tooLong' }),
  number: z.number().finite(),
  date: z.string().regex(ISO_DATE),
};

/** `understood`: the option labels an answer in the person's own words was read as, to show them. */
type Recognised = { ok: true; value: Json; understood?: string } | { ok: false; reason: string; vars?: Record<string, unknown> };


/** `ans:<option>@<step>`, for an option any step could offer. */
function tagged(option: string, step: string): string {
  return `${ANSWER}:${option}${STEP_TAG}${step}`;
}

/** The choice id without its step: `ans:yes@consent` is `ans:yes`. */
function untagged(choiceId: string): string {
  const at = choiceId.indexOf(STEP_TAG);
  return at < 0 ? choiceId : choiceId.slice(0, at);
}

/**
 * Drops the recent messages (kept for a person from the support team) written since the flow
 * began. A flow saved before `startedAt` existed keeps them: there is no telling where it began.
 */
function forgetWordsSince(turn: Turn, state: FlowState): void {
  const since = state.startedAt;
  if (since === undefined) return;
  turn.conversation.transcript = turn.conversation.transcript.filter((line) => line.at < since);
}

export class FlowRuntime {
  constructor(readonly flows: ReadonlyMap<string, FlowDefinition>) {}

  /** The active flow's definition, or undefined when none runs (or it no longer exists). */
  activeFlow(turn: Turn): FlowDefinition | undefined {
    const state = turn.conversation.flow;
    return state ? this.flows.get(state.id) : undefined;
  }

  /**
   * True when the current step reads typed text itself (a number, date, free text, or several
   * options like "1, 3"), so "2" must not be taken as the second listed button.
   */
  wantsRawInput(state: FlowState | undefined): boolean {
    const step = state && this.#step(state);
    return step !== undefined && step.kind !== 'single' && step.kind !== 'yesno';
  }

  /** True when the current step takes typed text (not a number or a date), so a lone "1" is no answer of its own. */
  readsText(state: FlowState | undefined): boolean {
    const step = state && this.#step(state);
    return step?.kind === 'text';
  }

  /**
   * At a text step that takes red-flag words as its answer (the symptoms: "кашель и одышка" is
   * what the doctor must read), keeps the typed words and moves to the next step without asking
   * it: the emergency guidance is the reply, and the next message answers the next question.
   * False, keeping nothing, anywhere else.
   */
  keepRedFlagAnswer(turn: Turn): boolean {
    const state = turn.conversation.flow;
    const step = state && this.#step(state);
    if (!state || !step || step.kind !== 'text' || !step.redFlag || turn.choice !== undefined || !turn.text) return false;
    const parsed = (step.schema ?? defaultSchemas.text).safeParse(turn.text);
    if (!parsed.success || !step.redFlag(parsed.data, state.answers)) return false;
    const next = nextOf(step, { ...state.answers, [state.step]: parsed.data });
    if (next === undefined) return false;
    this.#keep(state, parsed.data);
    state.history.push(state.step);
    state.step = next;
    return true;
  }

  /** Stores the current step's answer and clears what the step was collecting. */
  #keep(state: FlowState, value: Json): void {
    state.answers[state.step] = value;
    state.pending = undefined;
    state.attempts = 0;
  }

  /** True for choice ids the runtime treats as controls rather than options (Done, Skip). */
  isControl(choiceId: string): boolean {
    const id = untagged(choiceId);
    return id === `${ANSWER}:${DONE}` || id === `${ANSWER}:${SKIP}`;
  }

  /** Begins a flow from its first step (a restart when it already runs). */
  start(turn: Turn, flowId: string): Reply[] {
    const flow = this.flows.get(flowId);
    if (!flow) return [{ text: turn.t('flow.unknown') }];
    // Every member of a group would read the symptoms, and later the brief.
    if (flow.privateOnly && turn.incoming.chatType === 'group') return [{ text: turn.t('flow.privateOnly', { title: turn.t(`${flow.id}.title`) }) }];
    turn.conversation.flow = { id: flow.id, version: flow.version, step: flow.start, answers: {}, history: [], attempts: 0, startedAt: turn.now.toISOString() };
    return [...(flow.intro?.(turn) ?? []), ...this.ask(turn)];
  }

  /** The current question, with progress and the choices it offers. */
  ask(turn: Turn, lead?: string): Reply[] {
    const state = turn.conversation.flow;
    const flow = this.activeFlow(turn);
    const step = state && this.#step(state);
    if (!state || !flow || !step) return [];
    const { index, total, about } = this.progress(turn);
    const prefix = `${flow.id}.steps.${state.step}`;
    const lines = [
      ...(lead ? [lead, ''] : []),
      turn.t(about ? 'flow.progressAbout' : 'flow.progress', { title: turn.t(`${flow.id}.title`), step: index, total }),
      turn.t(`${prefix}.prompt`),
    ];
    // A numbered list is no buttons: "1" is a tap there only once it is sent, and at a number step it is the number.
    const buttons = turn.services.capabilities(turn.incoming.address.platform)?.buttons ?? true;
    const typedSkip = step.kind === 'number' && step.optional === true && !buttons;
    const hint =
      step.kind === 'multi' ? (buttons ? 'flow.hints.multi' : 'flow.hints.multiList')
      : step.kind === 'date' ? 'flow.hints.date'
      : step.kind === 'number' ? (typedSkip ? 'flow.hints.numberOrSkip' : 'flow.hints.number')
      : undefined;
    if (hint) lines.push(turn.t(hint));
    // In a group the bot reads only replies to it and mentions of it: a typed answer needs saying so.
    if (turn.incoming.chatType === 'group' && step.kind !== 'single' && step.kind !== 'yesno') lines.push(turn.t('flow.hints.groupReply'));
    lines.push(turn.t(state.history.length > 0 ? 'flow.hints.backCancel' : 'flow.hints.cancel'));
    const choices: Choice[] = [];
    if (step.kind === 'single' || step.kind === 'multi') {
      const picked = new Set(state.pending ?? []);
      for (const option of this.#options(step, state.answers)) {
        const label = turn.t(`${prefix}.options.${option}`);
        choices.push({ id: `${ANSWER}:${option}`, label: step.kind === 'multi' && picked.has(option) ? `✓ ${label}` : label });
      }
      if (step.kind === 'multi') choices.push({ id: tagged(DONE, state.step), label: turn.t('flow.done') });
    } else if (step.kind === 'yesno') {
      choices.push({ id: tagged('yes', state.step), label: turn.t('flow.yes') }, { id: tagged('no', state.step), label: turn.t('flow.no') });
    }
    // Typed "1" at "how bad, 0 to 10?" is 1/10, so there Skip is a word to type, not list item 1.
    if (step.optional && !typedSkip) choices.push({ id: tagged(SKIP, state.step), label: turn.t('flow.skip') });
    return [{ text: lines.join('\n'), ...(choices.length ? { choices } : {}), ...(step.kind === 'multi' ? { key: `flow-${flow.id}-${state.step}` } : {}) }];
  }

  /**
   * Step N of M, where M follows the path the answers so far lead along. `about` is true when an
   * answer not yet given can still change M (a visitor skips the city question), so the person is
   * not promised a count that later jumps.
   */
  progress(turn: Turn): { index: number; total: number; about: boolean } {
    const state = turn.conversation.flow;
    const flow = this.activeFlow(turn);
    if (!state || !flow) return { index: 0, total: 0, about: false };
    let remaining = 0;
    let about = false;
    let step: string | undefined = state.step;
    const seen = new Set<string>();
    while (step !== undefined && !seen.has(step) && remaining < 100) {
      seen.add(step);
      remaining++;
      const def: StepDefinition<string> | undefined = (flow.steps as Record<string, StepDefinition<string>>)[step];
      if (!def) break;
      if (!about && typeof def.next === 'function' && !(step in state.answers)) about = this.#branches(def, step, state.answers);
      step = nextOf(def, state.answers);
    }
    return { index: state.history.length + 1, total: state.history.length + remaining, about };
  }

  /**
   * Whether the step's answer, not yet given, decides which step comes next. Choices are tried
   * one by one (an answer that ends the flow, consent refused, does not count as another path);
   * for typed answers, reading one that is not there yet is enough.
   */
  #branches(def: StepDefinition<string>, step: string, answers: Answers): boolean {
    const next = def.next;
    if (typeof next !== 'function') return false;
    const values: Json[] | undefined = def.kind === 'yesno' ? [true, false] : def.kind === 'single' ? [...this.#options(def, answers)] : undefined;
    if (values) {
      const targets = new Set(values.map((value) => next({ ...answers, [step]: value })).filter((target) => target !== undefined));
      return targets.size > 1;
    }
    let readsMissing = false;
    const watched = new Proxy(answers, {
      get: (target, key) => {
        if (typeof key === 'string' && !(key in target)) readsMissing = true;
        return Reflect.get(target, key) as unknown;
      },
    });
    next(watched);
    return readsMissing;
  }

  /**
   * Handles the person's answer to the current step. Returns undefined when no flow is active.
   * A saved state from another version of the flow restarts it with one sentence of explanation.
   * Text the step cannot read as an answer ("do I need insurance?" or "thanks" at a choice) goes
   * to `aside`; when that answers it, the answer comes first and the same step is asked again,
   * without counting as a wrong answer.
   */
  async answer(turn: Turn, aside?: Stage): Promise<Reply[] | undefined> {
    const state = turn.conversation.flow;
    if (!state) return undefined;
    const flow = this.flows.get(state.id);
    if (!flow) {
      turn.conversation.flow = undefined;
      return undefined;
    }
    if (state.version !== flow.version) return this.#restartChanged(turn, flow);
    const step = this.#step(state);
    if (!step) return this.#restartChanged(turn, flow);

    const pressed = turn.choice?.startsWith(`${ANSWER}:`) ? turn.choice.slice(ANSWER.length + 1) : undefined;
    if (turn.choice !== undefined && pressed === undefined) return undefined;
    // An old Yes (or Skip, or Done) from another question: "Already in China? Yes" must not consent to keeping health details.
    const [choice, from] = pressed?.split(STEP_TAG, 2) ?? [];
    if (from !== undefined && from !== state.step) return this.#expired(turn);
    if (choice === undefined && !turn.text) return this.ask(turn);

    if (choice === SKIP || (choice === undefined && step.optional && this.#isWord(turn, 'flow.words.skip'))) {
      if (!step.optional) return this.#reject(turn, { ok: false, reason: 'flow.errors.required' });
      return this.#advance(turn, flow, step, null);
    }

    // "完成" typed after a typed list of picks had already ended that step: no wrong answer here.
    if (choice === undefined && step.kind !== 'multi' && this.#afterMulti(state) && normalize(turn.text) === normalize(turn.t('flow.done'))) {
      return this.ask(turn, turn.t('flow.alreadyDone'));
    }

    if (step.kind === 'multi' && choice !== undefined) {
      if (choice === DONE) return this.#validateAndAdvance(turn, flow, step, { ok: true, value: state.pending ?? [] });
      if (!this.#options(step, state.answers).includes(choice)) return this.#expired(turn);
      const pending = new Set(state.pending ?? []);
      if (pending.has(choice)) pending.delete(choice);
      else pending.add(choice);
      state.pending = [...pending];
      return this.ask(turn);
    }

    // Every text goes to `aside` first: a plugin answers only a question it is sure of, a thanks or a greeting.
    if (choice === undefined && step.kind === 'text' && step.questionsAside && aside) {
      const answered = await aside(turn);
      if (answered) return [...answered, ...this.ask(turn, turn.t('flow.afterAside'))];
    }
    const recognised = choice !== undefined ? this.#fromChoice(turn, step, choice) : this.#fromText(turn, step);
    if (recognised === 'expired') return this.#expired(turn);
    if (!recognised.ok && choice === undefined && aside) {
      const answered = await aside(turn);
      if (answered) return [...answered, ...this.ask(turn, turn.t('flow.afterAside'))];
    }
    return this.#validateAndAdvance(turn, flow, step, recognised);
  }

  /** Returns to the previous step, keeping its earlier answer until it is answered again. */
  back(turn: Turn): Reply[] {
    const state = turn.conversation.flow;
    if (!state) return [];
    const previous = state.history.pop();
    if (previous === undefined) return this.ask(turn, turn.t('flow.atStart'));
    state.step = previous;
    state.pending = undefined;
    state.attempts = 0;
    // "назад" showed the question without the answer already given: onset was overwritten unseen.
    const given = this.#givenAnswer(turn, previous, state.answers[previous]);
    return this.ask(turn, given === undefined ? undefined : turn.t('flow.previousAnswer', { answer: given }));
  }

  /** An answer already given to `step`, as the person reads it (their words, or the options' labels). */
  #givenAnswer(turn: Turn, step: string, value: Json | undefined): string | undefined {
    const state = turn.conversation.flow;
    const def = state && (this.flows.get(state.id)?.steps as Record<string, StepDefinition<string>> | undefined)?.[step];
    if (value === undefined || value === null || !state || !def) return undefined;
    const label = (option: Json) => (typeof option === 'string' && (def.kind === 'single' || def.kind === 'multi') ? turn.t(`${state.id}.steps.${step}.options.${option}`) : String(option));
    if (typeof value === 'boolean') return turn.t(value ? 'flow.yes' : 'flow.no');
    if (Array.isArray(value)) return value.length > 0 ? value.map(label).join(turn.t('flow.listSeparator')) : undefined;
    if (typeof value === 'object') return undefined;
    return label(value);
  }

  /** Leaves the active flow; its answers are dropped. */
  cancel(turn: Turn): string | undefined {
    const flow = this.activeFlow(turn);
    const state = turn.conversation.flow;
    turn.conversation.flow = undefined;
    // "Your answers to it are not kept": nor the words typed for them, in the recent messages.
    if (flow && state) forgetWordsSince(turn, state);
    return flow ? turn.t('flow.cancelled', { title: turn.t(`${flow.id}.title`) }) : undefined;
  }

  #step(state: FlowState): StepDefinition<string> | undefined {
    const flow = this.flows.get(state.id);
    return flow ? (flow.steps as Record<string, StepDefinition<string>>)[state.step] : undefined;
  }

  /** The step before this one was a several-answers step. */
  #afterMulti(state: FlowState): boolean {
    const previous = state.history.at(-1);
    const flow = this.flows.get(state.id);
    return previous !== undefined && flow !== undefined && (flow.steps as Record<string, StepDefinition<string>>)[previous]?.kind === 'multi';
  }

  #options(step: StepDefinition<string>, answers: Answers): readonly string[] {
    const { options } = step;
    return typeof options === 'function' ? options(answers) : (options ?? []);
  }

  #isWord(turn: Turn, key: string, said = turn.text): boolean {
    const text = normalize(said);
    return turn.services.i18n.folded(turn.lang, key).has(text);
  }

  /** The text asks by its words (a question word first, or a Chinese one anywhere). */
  /** Yes or no from the first one or two words of a longer answer, when the rest holds no word of the other. */
  #openingAnswer(turn: Turn, text: string): boolean | undefined {
    const words = normalize(text).split(' ');
    if (words.length < 2) return undefined;
    // In any of our languages, as buttons' words are: "ya bro" in a chat that turned Russian.
    const said = (key: string, w: string) => saysOneOf(w, turn.services.i18n, key);
    // "no idea, my son books everything" is no "no".
    if ([2, 3].some((n) => said('flow.words.skip', words.slice(0, n).join(' ')))) return undefined;
    for (const n of [2, 1]) {
      const head = words.slice(0, n).join(' ');
      const rest = words.slice(n);
      if (said('flow.words.yes', head) && !rest.some((w) => said('flow.words.no', w))) return true;
      if (said('flow.words.no', head) && !rest.some((w) => said('flow.words.yes', w))) return false;
    }
    return undefined;
  }

  /** "3 hours", "20min", "两个小时": a length of time in the units below a day (days and up are `readDays`'). */
  #isLength(turn: Turn, text: string): boolean {
    const said = normalize(asciiDigits(text));
    const tokens = said.split(' ');
    const units = LANGS.flatMap((lang) => [...turn.services.i18n.folded(lang, 'flow.words.shortUnits')]);
    return units.some((unit) =>
      /\p{Script=Han}/u.test(unit) ? said.includes(unit) : /\d/.test(said) && tokens.some((t) => t === unit || (/^\d/.test(t) && t.replace(/^\d+(?:\.\d+)?/, '') === unit)),
    );
  }

  #asks(turn: Turn, text: string): boolean {
    const { i18n } = turn.services;
    return asksWithWords(text, i18n.list(turn.lang, 'flow.words.question'), i18n.list(turn.lang, 'flow.words.questionLead'));
  }

  /** The current step's option labels in the person's language. */
  #labels(turn: Turn, options: readonly string[]): string[] {
    const state = turn.conversation.flow;
    return options.map((o) => turn.t(`${state?.id}.steps.${state?.step}.options.${o}`));
  }

  /** The options the text names through the step's phrases (`steps.<step>.words.<option>`). */
  #named(turn: Turn, text: string, options: readonly string[]): number[] {
    const state = turn.conversation.flow;
    // The reply language's words first; then the others, for "I am 学生" or "学校 insurance" in an English chat.
    for (const lang of new Set<Lang>([turn.lang, ...LANGS])) {
      const phrases = options.map((o) => turn.services.i18n.list(lang, `${state?.id}.steps.${state?.step}.words.${o}`));
      const named = phrases.some((p) => p.length > 0) ? optionsNamed(text, phrases) : [];
      if (named.length > 0) return named;
    }
    return [];
  }

  #fromChoice(turn: Turn, step: StepDefinition<string>, choice: string): Recognised | 'expired' {
    if (step.kind === 'yesno') return choice === 'yes' || choice === 'no' ? { ok: true, value: choice === 'yes' } : 'expired';
    if (step.kind === 'single') return this.#options(step, turn.conversation.flow?.answers ?? {}).includes(choice) ? { ok: true, value: choice } : 'expired';
    return 'expired';
  }

  #fromText(turn: Turn, step: StepDefinition<string>): Recognised {
    const text = turn.text;
    const answers = turn.conversation.flow?.answers ?? {};
    switch (step.kind) {
      case 'single': {
        const options = this.#options(step, answers);
        const labels = this.#labels(turn, options);
        const unknown: Recognised = { ok: false, reason: 'flow.errors.unknownChoice' };
        const index = matchOption(text, labels);
        if (index !== undefined && options[index] !== undefined) return { ok: true, value: options[index] };
        // "does a work permit count?" names an option but asks about it: that goes to aside.
        if (this.#asks(turn, text)) return unknown;
        // In their own words, only when the words name one option and no other.
        const named = this.#named(turn, text, options);
        const [own] = named;
        if (named.length === 1 && own !== undefined && options[own] !== undefined) return { ok: true, value: options[own], understood: labels[own] };
        const read = step.read?.(text, turn);
        const readIndex = read === undefined ? -1 : options.indexOf(read);
        if (read !== undefined && readIndex >= 0) return { ok: true, value: read, understood: labels[readIndex] };
        // "7" at a list of five: say so plainly, as the menu does, not "could not match".
        const number = parseOrdinal(text);
        const shown = options.length + (step.optional ? 1 : 0);
        return number !== undefined && number > shown ? { ok: false, reason: 'flow.errors.noSuchNumber', vars: { number, max: shown } } : unknown;
      }
      case 'multi': {
        const options = this.#options(step, answers);
        const labels = this.#labels(turn, options);
        const parts = text.split(/[,，、;；/]+|\s+(?=\d)|(?<=\d)\s+/u).map((p) => p.trim()).filter(Boolean);
        const picked = new Set<number>();
        let inOwnWords = false;
        for (const part of parts) {
          const index = matchOption(part, labels);
          // "blood tests and an MRI": one part may name several options; a question names none.
          const named = index !== undefined ? [index] : this.#asks(turn, part) ? [] : this.#named(turn, part, options);
          if (named.length === 0) return { ok: false, reason: 'flow.errors.unknownChoice' };
          if (index === undefined) inOwnWords = true;
          for (const i of named) picked.add(i);
        }
        const value = [...picked].flatMap((i) => options[i] ?? []);
        if (!inOwnWords) return { ok: true, value };
        return { ok: true, value, understood: [...picked].map((i) => labels[i]).join(turn.t('flow.listSeparator')) };
      }
      case 'yesno': {
        if (this.#isWord(turn, 'flow.words.yes')) return { ok: true, value: true };
        if (this.#isWord(turn, 'flow.words.no')) return { ok: true, value: false };
        // "No, we are still at home", "是的，我在上海": the answer, then why.
        const [lead = ''] = text.split(/[,.!;:，。！；：]/u);
        if (lead !== text && this.#isWord(turn, 'flow.words.yes', lead)) return { ok: true, value: true, understood: turn.t('flow.yes') };
        if (lead !== text && this.#isWord(turn, 'flow.words.no', lead)) return { ok: true, value: false, understood: turn.t('flow.no') };
        // The same without a comma ("нет мы еще в новосибирске", "yes pls"), unless the other answer is in it too ("да нет").
        const opening = this.#openingAnswer(turn, text);
        if (opening !== undefined) return { ok: true, value: opening, understood: turn.t(opening ? 'flow.yes' : 'flow.no') };
        return { ok: false, reason: 'flow.errors.yesNo' };
      }
      case 'number': {
        // "what does 10 mean?" is a question about the scale, not the answer 10.
        if (this.#asks(turn, text)) return { ok: false, reason: 'flow.errors.notNumber' };
        // "2 weeks" at "how bad, 0 to 10?" tells how long: 2/10 in the brief would mislead the doctor.
        if (step.rating && (LANGS.some((lang) => readDays(text, turn.services.i18n, lang) !== undefined) || this.#isLength(turn, text))) return { ok: false, reason: 'flow.errors.lengthNotNumber' };
        const value = readNumber(text) ?? readNumberWord(text, turn.services.i18n, turn.lang);
        // "7-8": asked again rather than guessed, saying that one number is wanted.
        if (value === undefined && /^\s*\d{1,3}\s*(?:-|–|—|~|to|до|到|至)\s*\d{1,3}\s*$/iu.test(asciiDigits(text))) return { ok: false, reason: 'flow.errors.oneNumber' };
        return value === undefined ? { ok: false, reason: 'flow.errors.notNumber' } : { ok: true, value };
      }
      case 'date': {
        const iso = parseDate(text);
        return iso ? { ok: true, value: iso } : { ok: false, reason: 'flow.errors.notDate' };
      }
      case 'text':
        return step.refusesQuestions && this.#asks(turn, text) ? { ok: false, reason: 'flow.errors.questionNotAnswer' } : { ok: true, value: text };
    }
  }

  async #validateAndAdvance(turn: Turn, flow: FlowDefinition, step: StepDefinition<string>, recognised: Recognised): Promise<Reply[]> {
    if (!recognised.ok) return this.#reject(turn, recognised);
    const schema = step.schema ?? defaultSchemas[step.kind];
    const parsed = schema.safeParse(recognised.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.#reject(turn, { ok: false, reason: issueKey(issue), vars: issueVars(issue) });
    }
    // Read from the person's own words: say how, so a misreading is seen (and "back" mends it).
    const lead = recognised.understood === undefined ? undefined : turn.t('flow.understood', { answer: recognised.understood });
    return this.#advance(turn, flow, step, parsed.data, lead);
  }

  async #advance(turn: Turn, flow: FlowDefinition, step: StepDefinition<string>, value: Json, lead?: string): Promise<Reply[]> {
    const state = turn.conversation.flow;
    if (!state) return [];
    this.#keep(state, value);
    if (value !== null && step.redFlag?.(value, state.answers)) {
      // Keep the answer and the place: the person can come back to the flow once safe.
      return turn.services.emergency(turn);
    }
    const next = nextOf(step, state.answers);
    if (next !== undefined) {
      state.history.push(state.step);
      state.step = next;
      return this.ask(turn, lead);
    }
    const answers = state.answers;
    turn.conversation.flow = undefined;
    if (flow.keepsWords?.(answers) === false) forgetWordsSince(turn, state);
    const result = await flow.finish(answers, turn);
    const closing: Choice[] = [...turn.helpChoices(), { id: 'cmd:menu', label: turn.t('menu.back') }];
    const last = result.at(-1);
    if (!last) return [{ text: turn.t('flow.finished'), choices: closing }];
    return [...result.slice(0, -1), { ...last, choices: [...(last.choices ?? []), ...closing.filter((c) => !last.choices?.some((o) => o.id === c.id))] }];
  }

  #reject(turn: Turn, recognised: Extract<Recognised, { ok: false }>): Reply[] {
    const state = turn.conversation.flow;
    if (state) state.attempts += 1;
    turn.failed();
    const reason = turn.services.i18n.has(turn.lang, recognised.reason) || turn.services.i18n.has('en', recognised.reason)
      ? turn.t(recognised.reason, recognised.vars)
      : turn.t('flow.errors.invalid');
    return this.ask(turn, `⚠️ ${reason}`);
  }

  #expired(turn: Turn): Reply[] {
    // Sent as a new message: editing the keyed question in place, maybe far up the chat, would go unseen.
    return this.ask(turn, turn.t('flow.expired')).map(({ key: _key, ...reply }) => reply);
  }

  #restartChanged(turn: Turn, flow: FlowDefinition): Reply[] {
    turn.conversation.flow = undefined;
    const replies = this.start(turn, flow.id);
    return [{ text: turn.t('flow.versionChanged', { title: turn.t(`${flow.id}.title`) }) }, ...replies];
  }
}

function nextOf(step: StepDefinition<string>, answers: Answers): string | undefined {
  return typeof step.next === 'function' ? step.next(answers) : step.next;
}

function issueKey(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'flow.errors.invalid';
  if (issue.message.includes('.') && !issue.message.includes(' ')) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number' ? 'flow.errors.tooSmall' : 'flow.errors.empty';
    case 'too_big':
      return issue.origin === 'number' ? 'flow.errors.tooBig' : 'flow.errors.tooLong';
    case 'invalid_format':
      return 'flow.errors.notDate';
    default:
      return 'flow.errors.invalid';
  }
}

function issueVars(issue: z.core.$ZodIssue | undefined): Record<string, unknown> {
  if (issue?.code === 'too_small') return { min: Number(issue.minimum) };
  if (issue?.code === 'too_big') return { max: Number(issue.maximum) };
  return {};
}

/** A number, however written: "7", "７", "7,5". */
const NUMBER = /[-+]?\d+(?:[.,]\d+)?/g;
/** A scale after the number ("7/10", "7 out of 10", "7 из 10"): the scale is not the answer. */
const SCALE = /\s*(?:\/|out of|of|из)\s*10\s*$/iu;

/**
 * The one number in a typed answer, with words around it allowed ("about 6", "7/10", "3 days",
 * "39度", "大概6"), so the step's own range check can answer; undefined when there is none or
 * more than one ("6-7" is asked again rather than guessed).
 */
function readNumber(text: string): number | undefined {
  const digits = asciiDigits(text).replace(SCALE, '');
  const found = digits.match(NUMBER);
  if (!found || found.length !== 1) return undefined;
  const [only = ''] = found;
  return Number(only.replace(',', '.'));
}

/** Reads 2025-03-07, 2025/3/7, 7.3.2025, 07/03/2025 (day first) and 2025年3月7日 as an ISO date. */
export function parseDate(text: string): string | undefined {
  const t = asciiDigits(text.trim());
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
