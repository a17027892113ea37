/**
 * The knowledge feature as an engine plugin: free text that no command or flow took is answered
 * from the shared knowledge store, with the article's sources and review date, helpful /
 * not-helpful buttons and the related flow. Unsure answers offer the closest topics and are
 * recorded (without who asked) for staff.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Choice, Lang, Reply } from '../message.ts';
import { formatReviewed } from '../sources.ts';
import { looksLikeQuestion } from '../text-match.ts';
import type { StateStore } from '../store/state-store.ts';
import type { EnginePlugin, EngineServices, Turn } from '../turn.ts';
import { saysYes } from '../said-words.ts';
import { type AnswerPolicy, decide, DEFAULT_POLICY } from './answer-policy.ts';
import type { Article, Source } from './article.ts';
import type { KnowledgeStore } from './knowledge-store.ts';
import { tokenize } from './tokenizer.ts';
import { declareKnowledgeCollections, recordFeedback, recordUnanswered, UNANSWERED_CAP } from './knowledge-records.ts';

/** Options for `createKnowledgePlugin`. */
export interface KnowledgePluginOptions {
  /**
   * The app's state store, to declare the plugin's collections at once. Pass it when the plugin
   * is built before the store opens (as `createApp` does), so existing files are loaded, not
   * overwritten.
   */
  stateStore?: StateStore;
  /** Thresholds for a confident answer; defaults are what the quality test checks. */
  policy?: Partial<AnswerPolicy>;
  /** Most unanswered questions kept (default 5,000). */
  unansweredCap?: number;
  /** Most helpful/not-helpful presses kept (default 20,000). */
  feedbackCap?: number;
  /** Most sources named under an answer (default 2). */
  maxSources?: number;
}

/** The choice verb this plugin handles: `kb:up:<id>`, `kb:down:<id>`, `kb:open:<id>`. */
export const KNOWLEDGE_VERB = 'kb';

/** Votes already counted for this person, so pressing an old button again counts once. */
const Votes = z.record(z.string(), z.enum(['up', 'down']));
const EXTRAS_KEY = 'knowledgeVotes';
const MAX_REMEMBERED_VOTES = 50;
/**
 * Ids of the unanswered questions this person asked, kept in their own conversation only: the
 * questions carry no id of the person, and /forget still finds and deletes them.
 */
const ASKED_KEY = 'knowledgeAsked';
const Asked = z.array(z.string());
const MAX_REMEMBERED_ASKED = 200;

/** Public pages first (a person can open them), seed files only when nothing else backs the article. */
function shownSources(sources: readonly Source[], max: number): Source[] {
  const withUrl = sources.filter((s) => s.url);
  return (withUrl.length > 0 ? withUrl : sources).slice(0, max);
}

/**
 * Builds the knowledge plugin over one shared knowledge store.
 * @example createKnowledgePlugin(await openKnowledgeStore(), { stateStore: store })
 */
export function createKnowledgePlugin(store: KnowledgeStore, options: KnowledgePluginOptions = {}): EnginePlugin {
  const policy: AnswerPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const cap = options.unansweredCap ?? UNANSWERED_CAP;
  const maxSources = options.maxSources ?? 2;
  if (options.stateStore) declareKnowledgeCollections(options.stateStore);

  const menuChoice = (turn: Turn): Choice => ({ id: 'cmd:menu', label: turn.t('knowledge.menu') });

  const byTitle = new Map<Lang, Map<string, Article>>();
  /** The article the bot's last message showed, if it showed one. */
  const lastArticle = (turn: Turn): Article | undefined => {
    const answered = turn.conversation.transcript.at(-1);
    if (answered?.from !== 'bot') return undefined;
    let known = byTitle.get(turn.lang);
    if (!known) byTitle.set(turn.lang, (known = new Map(store.all().map((a) => [a[turn.lang].title, a]))));
    return known.get(answered.text.split('\n', 1)[0] ?? '');
  };

  /** The message reads as a question (a question mark, or a question word). */
  const asks = (turn: Turn): boolean => looksLikeQuestion(turn.text, turn.services.i18n.list(turn.lang, 'flow.words.question'), turn.services.i18n.list(turn.lang, 'flow.words.questionLead'));

  /** The questionnaire the bot's last message offered for a situation being told, if it did. */
  const toldFlow = (turn: Turn): string | undefined => {
    const said = turn.conversation.transcript.at(-1);
    if (said?.from !== 'bot') return undefined;
    // The transcript keeps a bot line's first 200 characters; 120 hold the offer up to and
    // into the questionnaire's title in every language.
    for (const flow of turn.services.flows.keys()) {
      const offer = turn.t('knowledge.tellInFlow', { flow: turn.t(`${flow}.title`) });
      if (said.text.startsWith(offer.slice(0, 120))) return flow;
    }
    return undefined;
  };

  /**
   * What the person asked just before, when the bot's last message answered it with an article:
   * the context of a follow-up ("how much does it cost?" after "how do I call an ambulance?").
   */
  const previousQuestion = (turn: Turn): string | undefined => {
    const asked = turn.conversation.transcript.at(-2);
    return asked?.from === 'person' && lastArticle(turn) ? asked.text : undefined;
  };

  /** The emergency guidance was given within `minutes` (an hour by default). */
  const justAfterEmergency = (turn: Turn, minutes = 60): boolean => {
    const at = turn.conversation.emergencyAt;
    return at !== undefined && turn.now.getTime() - Date.parse(at) < minutes * 60_000;
  };

  const articleReply = (turn: Turn, article: Article, also: readonly Article[] = []): Reply => {
    const locale = article[turn.lang];
    const sources = shownSources(article.sources, maxSources)
      .map((s) => s.name)
      .join(turn.t('knowledge.sourceSeparator'));
    const choices: Choice[] = [
      { id: `${KNOWLEDGE_VERB}:up:${article.id}`, label: turn.t('knowledge.helpful') },
      { id: `${KNOWLEDGE_VERB}:down:${article.id}`, label: turn.t('knowledge.notHelpful') },
      ...also.map((a) => ({ id: `${KNOWLEDGE_VERB}:open:${a.id}`, label: turn.t('knowledge.also', { title: a[turn.lang].title }) })),
    ];
    const flow = article.relatedFlow;
    // A button to a flow that is not registered would only answer "expired".
    if (flow && turn.services.flows.has(flow)) choices.push({ id: `start:${flow}`, label: turn.t(`${flow}.title`) });
    choices.push(...turn.helpChoices());
    const source = turn.t('knowledge.source', { sources, date: formatReviewed(article.reviewed, turn.lang) });
    return { text: `${locale.title}\n\n${locale.answer}\n\n${source}`, choices };
  };

  /** Unanswered questions still being written; stop() waits for them. */
  const recording = new Set<Promise<void>>();
  let started: EngineServices | undefined;

  /**
   * Keeps a question with no good answer for staff, not for this person: the reply does not wait
   * for the write (a whole file of questions), and losing one statistic must not cost the person their reply.
   */
  const recordQuestion = (turn: Turn): void => {
    const { key, services } = turn;
    const id = randomUUID();
    const asked = Asked.safeParse(turn.conversation.extras[ASKED_KEY]);
    turn.conversation.extras[ASKED_KEY] = [...(asked.success ? asked.data : []), id].slice(-MAX_REMEMBERED_ASKED);
    const write = recordUnanswered(declareKnowledgeCollections(services.store).unanswered, { id, text: turn.text, lang: turn.lang, at: turn.now }, cap).catch((error: unknown) =>
      services.log.warn('knowledge.unanswered_not_saved', { conv: key, error }),
    );
    recording.add(write);
    void write.finally(() => recording.delete(write));
  };

  /**
   * No good answer. `situationFlow`: the person seems to be telling their situation ("для мамы",
   * "месяца на два", "she is 3" right after an article), as if asked; that article's
   * questionnaire is what asks for it, so it comes first. That is an offer, not a miss, and no
   * question for staff: counted as a miss, the second one brought "It looks like I am not
   * helping", whose menu button took the place of the questionnaire's.
   */
  const unsure = async (turn: Turn, suggestions: readonly Article[], situationFlow?: string): Promise<Reply[]> => {
    const telling = situationFlow !== undefined && turn.services.flows.has(situationFlow);
    if (!telling) {
      turn.failed();
      recordQuestion(turn);
    }
    turn.services.log.info('knowledge.unsure', { conv: turn.key, lang: turn.lang, suggestions: suggestions.length, ...(telling ? { offered: situationFlow } : {}) });
    const lead = telling ? turn.t('knowledge.tellInFlow', { flow: turn.t(`${situationFlow}.title`) }) : turn.t('knowledge.unsure');
    const after = suggestions.length > 0 ? turn.t('knowledge.closest') : telling ? '' : turn.t('knowledge.noTopics');
    const text = after ? `${lead}\n${after}` : lead;
    const choices: Choice[] = suggestions.map((a) => ({ id: `${KNOWLEDGE_VERB}:open:${a.id}`, label: a[turn.lang].title }));
    // "insurance", "I'm pregnant, which insurance covers birth?": the closest topic's questionnaire
    // asks what the articles cannot guess.
    const flow = telling ? situationFlow : suggestions[0]?.relatedFlow;
    if (flow && turn.services.flows.has(flow)) choices[telling ? 'unshift' : 'push']({ id: `start:${flow}`, label: turn.t(`${flow}.title`) });
    // A question the articles do not answer is what staff are for: one tap away, not two misses.
    return [{ text, choices: [...choices, ...turn.helpChoices(), menuChoice(turn)] }];
  };

  /**
   * "insurance", "страховка", 签证: one or two words that name a questionnaire's topic (most of
   * the closest articles belong to it) rather than a question; undefined otherwise.
   */
  const topicFlow = (turn: Turn, suggestions: readonly Article[]): string | undefined => {
    if (tokenize(turn.text, { bigrams: false }).filter((t) => !t.bonus).length > 2) return undefined;
    const flow = suggestions[0]?.relatedFlow;
    if (!flow || !turn.services.flows.has(flow)) return undefined;
    return suggestions.filter((a) => a.relatedFlow === flow).length >= 2 ? flow : undefined;
  };

  /** The questionnaire first, then the topics: a request, not a miss. */
  const topicReply = (turn: Turn, flow: string, suggestions: readonly Article[]): Reply[] => {
    turn.services.log.info('knowledge.topic', { conv: turn.key, lang: turn.lang, offered: flow });
    const choices: Choice[] = [
      { id: `start:${flow}`, label: turn.t(`${flow}.title`) },
      ...suggestions.map((a) => ({ id: `${KNOWLEDGE_VERB}:open:${a.id}`, label: a[turn.lang].title })),
      ...turn.helpChoices(),
      menuChoice(turn),
    ];
    return [{ text: turn.t('knowledge.topicFlow', { flow: turn.t(`${flow}.title`) }), choices }];
  };

  /**
   * Someone tells how they or their child feel ("she is limp", "temp is 41") and no article
   * answers: where to go, not "ask in other words" (no diagnosis, no judging how serious). Said
   * again after that article, the consultation prep is offered to write it down for the doctor.
   */
  const symptomReply = (turn: Turn, article: Article): Reply[] => {
    turn.services.log.info('knowledge.symptoms', { conv: turn.key, lang: turn.lang, article: article.id });
    if (lastArticle(turn)?.id === article.id) {
      const flow = article.relatedFlow && turn.services.flows.has(article.relatedFlow) ? article.relatedFlow : undefined;
      const choices: Choice[] = [...(flow ? [{ id: `start:${flow}`, label: turn.t(`${flow}.title`) }] : []), ...turn.helpChoices(), menuChoice(turn)];
      return [{ text: turn.t('knowledge.symptomsAgain', { title: article[turn.lang].title }), choices }];
    }
    return [{ text: turn.t('knowledge.symptoms') }, articleReply(turn, article)];
  };

  const vote = async (turn: Turn, article: Article, direction: 'up' | 'down'): Promise<Reply[]> => {
    const parsed = Votes.safeParse(turn.conversation.extras[EXTRAS_KEY]);
    const votes = parsed.success ? parsed.data : {};
    if (votes[article.id] !== direction) {
      await recordFeedback(declareKnowledgeCollections(turn.services.store).feedback, { article: article.id, vote: direction, at: turn.now }, options.feedbackCap);
      const { [article.id]: _previous, ...others } = votes;
      const kept = Object.entries({ ...others, [article.id]: direction }).slice(-MAX_REMEMBERED_VOTES);
      turn.conversation.extras[EXTRAS_KEY] = Object.fromEntries(kept);
      turn.services.log.info('knowledge.feedback', { conv: turn.key, article: article.id, vote: direction });
    }
    if (direction === 'up') return [{ text: turn.t('knowledge.thanksUp') }];
    return [{ text: turn.t('knowledge.thanksDown'), choices: [...turn.helpChoices(), menuChoice(turn)] }];
  };

  return {
    name: 'knowledge',
    privacy: 'knowledge.privacy',
    start(services) {
      declareKnowledgeCollections(services.store);
      started = services;
    },
    async onForget(key) {
      if (!started) return;
      // A question still being written would otherwise land after the delete.
      await Promise.allSettled([...recording]);
      const asked = Asked.safeParse((await started.store.conversations.get(key))?.extras[ASKED_KEY]);
      if (asked.success && asked.data.length > 0) await declareKnowledgeCollections(started.store).unanswered.deleteMany(asked.data);
    },
    async stop() {
      await Promise.allSettled([...recording]);
    },
    actions: [
      {
        verb: KNOWLEDGE_VERB,
        async run(turn, argument) {
          const separator = argument.indexOf(':');
          const action = argument.slice(0, separator);
          const article = separator > 0 ? store.get(argument.slice(separator + 1)) : undefined;
          if (!article || !['up', 'down', 'open'].includes(action)) return [{ text: turn.t('knowledge.gone'), choices: [menuChoice(turn)] }];
          if (action === 'open') {
            turn.services.log.info('knowledge.opened', { conv: turn.key, article: article.id });
            return [articleReply(turn, article)];
          }
          return vote(turn, article, action === 'up' ? 'up' : 'down');
        },
      },
    ],
    aside(turn) {
      if (!turn.text) return undefined;
      // "thanks" after "✓ I read that as …": a kind word back, then the step waits, no miss counted.
      // Not "write any time you need anything else": mid-questionnaire that reads as goodbye.
      const kind = store.smalltalk(turn.text);
      if (kind === 'thanks') return [{ text: turn.t(justAfterEmergency(turn) ? 'knowledge.thanksAfterEmergency' : 'knowledge.thanksInFlow') }];
      // "hi again" after a restart is no date of onset nor a symptom: the step is asked again.
      if (kind === 'greeting') return [{ text: turn.t('knowledge.greetingInFlow') }];
      // Only a question is searched: "my uncle" at "who is the treatment for?" is a wrong answer.
      if (!asks(turn)) return undefined;
      const decision = decide(store, turn.text, turn.lang, policy);
      // The step asks again; the question still tells staff what an article should answer
      // (when it has words: "1?" typed at a list is no question for staff).
      if (decision.kind === 'unsure' && /\p{L}\p{L}|\p{Script=Han}/u.test(turn.text)) recordQuestion(turn);
      if (decision.kind !== 'answer') return undefined;
      turn.services.log.info('knowledge.answered_aside', { conv: turn.key, article: decision.hit.article.id });
      // Only the article: its buttons, numbered on a list messenger, would clash with the step's list below it.
      return [{ text: articleReply(turn, decision.hit.article).text }];
    },
    async answer(turn) {
      if (!turn.text) return undefined;
      // "yes" under an article that offers its questionnaire ("prepare for doctor", then "yes"):
      // start it. "ok" and "好的" there are thanks, not a yes to a questionnaire.
      const offered = lastArticle(turn)?.relatedFlow;
      if (offered && turn.services.flows.has(offered) && saysYes(turn.text, turn.services.i18n) && store.smalltalk(turn.text) !== 'thanks') {
        return turn.services.startFlow(turn, offered);
      }
      // Told just after the 120 card ("he stopped shaking now", "ambulance is here", "he is very
      // sleepy"): no article answers that; the person needs the emergency kept in front of them.
      if (justAfterEmergency(turn, 30) && !asks(turn) && store.smalltalk(turn.text) === undefined) {
        // Said once, the long form; after that a short one, not the same paragraph again and again.
        const long = turn.t('knowledge.afterEmergency');
        const short = turn.t('knowledge.afterEmergencyAgain');
        const last = turn.conversation.transcript.findLast((l) => l.from === 'bot')?.text ?? '';
        const again = last === short || (last.length > 0 && long.startsWith(last.replace(/…$/u, '')));
        return [{ text: again ? short : long, choices: [menuChoice(turn)] }];
      }
      const decision = decide(store, turn.text, turn.lang, policy, previousQuestion(turn));
      // "is a fever of 39 dangerous?" asks for a judgement; "which hospital for a fever?" does not.
      const seriousness = decision.kind === 'greeting' || decision.kind === 'thanks' ? undefined : store.seriousnessArticle(turn.text);
      if (seriousness && !store.medicineArticle(turn.text)) return symptomReply(turn, seriousness);
      switch (decision.kind) {
        case 'greeting':
          return [turn.services.menu(turn, turn.t('knowledge.greeting'))];
        case 'thanks':
          // "ok" under the 120 card is no "thank you for the help": "glad to help" would sound flippant.
          return [{ text: turn.t(justAfterEmergency(turn) ? 'knowledge.thanksAfterEmergency' : 'knowledge.thanks'), choices: [menuChoice(turn)] }];
        case 'outOfScope':
          turn.services.log.info('knowledge.out_of_scope', { conv: turn.key, lang: turn.lang });
          return [{ text: turn.t('knowledge.outOfScope'), choices: [menuChoice(turn)] }];
        case 'answer': {
          // "my son is 4" right after "Need a doctor?" found that article again: the same text
          // twice answers nothing; it is a situation being told.
          const shown = lastArticle(turn);
          if (shown?.id === decision.hit.article.id && shown.relatedFlow && !asks(turn)) return unsure(turn, [], shown.relatedFlow);
          turn.services.log.info('knowledge.answered', {
            conv: turn.key,
            article: decision.hit.article.id,
            score: Math.round(decision.hit.score * 10) / 10,
            coverage: Math.round(decision.hit.coverage * 100) / 100,
          });
          const reply = articleReply(turn, decision.hit.article, decision.also.map((h) => h.article));
          // Three questions in one message: the first answered, and the person told to send the others.
          if (decision.several) return [{ ...reply, text: `${turn.t('knowledge.severalQuestions', { count: decision.several })}\n\n${reply.text}` }];
          // A follow-up ("а с ней можно в больницу?") that the article just shown answers: say so, rather than seem not to have listened.
          return [shown?.id === decision.hit.article.id ? { ...reply, text: `${turn.t('knowledge.sameArticle')}\n\n${reply.text}` } : reply];
        }
        case 'unsure': {
          // A dose question first: "fever 39, how much paracetamol?" asks about the medicine.
          const medicine = store.medicineArticle(turn.text);
          if (medicine) return [{ text: turn.t('knowledge.medicines') }, articleReply(turn, medicine)];
          const symptoms = store.symptomArticle(turn.text);
          if (symptoms) return symptomReply(turn, symptoms);
          // "What does my insurance cover?" asks about the whole topic, whatever came before.
          const broadFlow = decision.broad ? decision.suggestions[0]?.article.relatedFlow : undefined;
          if (broadFlow && turn.services.flows.has(broadFlow)) return topicReply(turn, broadFlow, decision.suggestions.map((h) => h.article));
          // "для мамы", then "месяца на два", then "мы ещё дома": each adds to the same situation.
          const situationFlow = asks(turn) ? undefined : (lastArticle(turn)?.relatedFlow ?? toldFlow(turn));
          const topic = situationFlow ? undefined : topicFlow(turn, decision.suggestions.map((h) => h.article));
          if (topic) return topicReply(turn, topic, decision.suggestions.map((h) => h.article));
          // Told, a topic must belong to the same questionnaire and share two of the person's
          // words: "I work for a small company in Chengdu" meets the employees' article; "мы ещё
          // дома" only a stray "дома", and "我儿子四岁" the Yiwu insurance pilot's 孩子.
          const topics = situationFlow ? decision.suggestions.filter((h) => h.matchedTerms >= 2 && h.article.relatedFlow === situationFlow) : decision.suggestions;
          return unsure(turn, topics.map((h) => h.article), situationFlow);
        }
      }
    },
  };
}
