/**
 * Consultation prep: with the person's consent, collects symptoms, onset, severity, medicines,
 * allergies, conditions, records at hand, interpreter need and questions, and turns them into a
 * brief a doctor can read (fixed labels in the person's language and in Chinese, answers in the
 * person's own words), followed by preparation tips from data/facts/consultation.json.
 * The bot is not a doctor: nothing here assesses the answers.
 */
import { z } from 'zod';
import consultationFacts from '../data/facts/consultation.json' with { type: 'json' };
import { createEmergencyGuide } from '../src/emergency.ts';
import { type Answers, defineFlow } from '../src/flow-definition.ts';
import type { Choice, Reply } from '../src/message.ts';
import { checkSourceNames, FactSource, SourceNames, sourcesLine } from '../src/sources.ts';
import type { Command, EnginePlugin, Turn } from '../src/turn.ts';

const RECORDS = ['previousDiagnoses', 'labResults', 'imaging', 'medicationList', 'insuranceCard', 'none'] as const;

/** Only the top of the scale, with chest or breathing words, counts as a red flag by itself. */
const TOP_SEVERITY = 10;

const Fact = z.object({
  id: z.string(),
  trust: z.enum(['2+', '1', '!']),
  /** Written in full: a public address, or the name of a seed file in shared/seeds. */
  sources: z.array(FactSource).min(1),
  reviewed: z.iso.date(),
  /** Word stems (any language) that name chest or breathing trouble. */
  chestOrBreathing: z.array(z.string().min(1)).optional(),
});
type Fact = z.infer<typeof Fact>;

const FACT_IDS = [
  'prepRecords',
  'prepSymptoms',
  'prepMedicines',
  'prepPlace',
  'prepDevice',
  'prepPhotosVitals',
  'prepInterpreter',
  'bigCityLanguageHelp',
  'onlineFollowUp',
  'nonEmergencyOnly',
  'redFlags',
  'pingAnGoodDoctor',
  'checkOwnPolicy',
] as const;
type FactId = (typeof FACT_IDS)[number];

/** Names a person can read for seed files: a seed file without one is not shown. */
const ConsultationFacts = z.object({ facts: z.array(Fact), sourceNames: SourceNames.default({}) }).superRefine((file, ctx) => checkSourceNames(file.sourceNames, file.facts, ctx));
const consultation = ConsultationFacts.parse(consultationFacts);
const facts = new Map(consultation.facts.map((f) => [f.id, f]));
// Fail at start-up, not in front of a person, when the data lost a fact this flow names.
for (const id of FACT_IDS) if (!facts.has(id)) throw new Error(`data/facts/consultation.json has no fact "${id}", which flows/consultation-prep.ts uses.`);
const fact = (id: FactId): Fact => facts.get(id) as Fact;

const chestOrBreathing = (fact('redFlags').chestOrBreathing ?? []).map((w) => w.toLowerCase());
const mentionsChestOrBreathing = (text: unknown): boolean =>
  typeof text === 'string' && chestOrBreathing.some((stem) => text.toLowerCase().includes(stem));

// The engine checks every message first; the flow's own check keeps the symptoms step safe by itself.
const emergency = createEmergencyGuide();

const severity = z
  .number()
  .int({ error: 'consult.errors.severity' })
  .min(0, { error: 'consult.errors.severity' })
  .max(10, { error: 'consult.errors.severity' });

const records = z
  .array(z.enum(RECORDS))
  .min(1, { error: 'flow.errors.pickOne' })
  .refine((picked) => !picked.includes('none') || picked.length === 1, { error: 'consult.errors.recordsNone' });

/** The answers a brief is made of, as stored. */
const BriefAnswers = z.object({
  symptoms: z.string(),
  onset: z.string(),
  /** Null when skipped: a 0-10 scale fits pain, not every reason to see a doctor (infertility). */
  severity: z.number().nullable(),
  medicines: z.string().nullable(),
  allergies: z.string().nullable(),
  conditions: z.string().nullable(),
  records: z.array(z.enum(RECORDS)),
  interpreter: z.boolean(),
  questions: z.string().nullable(),
});
type BriefAnswers = z.infer<typeof BriefAnswers>;

/** `conversation.extras.brief`: the answers, and the text as first shown (for support staff). */
const StoredBrief = z.object({ format: z.literal(1), createdAt: z.string(), text: z.string(), answers: BriefAnswers });
type StoredBrief = z.infer<typeof StoredBrief>;

/** The consultation prep flow (id 'consult'): consent, then the answers that make a doctor's brief. */
export const consultFlow = defineFlow({
  id: 'consult',
  version: 1,
  start: 'consent',
  privateOnly: true,
  steps: {
    consent: { kind: 'yesno', next: (a) => (a.consent === false ? undefined : 'symptoms') },
    // A question typed here ("which hospital is open now?") is answered, not put in the brief.
    symptoms: { kind: 'text', questionsAside: true, next: 'onset', redFlag: (value) => typeof value === 'string' && emergency.detect(value) !== undefined },
    // Free text: "3 days ago" or "since the weekend" is kinder than a date format.
    // "why do you ask?" is never a date of onset: asked again, not put in the brief.
    onset: { kind: 'text', questionsAside: true, refusesQuestions: true, next: 'severity' },
    severity: {
      kind: 'number',
      rating: true,
      optional: true,
      schema: severity,
      next: 'medicines',
      redFlag: (value, answers) => value === TOP_SEVERITY && mentionsChestOrBreathing(answers.symptoms),
    },
    // Lists of things: "what medicine can I give her?" or "does his insurance cover online doctors?" is none of them.
    medicines: { kind: 'text', optional: true, questionsAside: true, refusesQuestions: true, next: 'allergies' },
    allergies: { kind: 'text', optional: true, questionsAside: true, refusesQuestions: true, next: 'conditions' },
    conditions: { kind: 'text', optional: true, questionsAside: true, refusesQuestions: true, next: 'records' },
    records: { kind: 'multi', options: RECORDS, schema: records, next: 'interpreter' },
    interpreter: { kind: 'yesno', next: 'questions' },
    questions: { kind: 'text', optional: true },
  },
  finish: (answers, turn) => (answers.consent === true ? briefResult(answers, turn) : declined(turn)),
  // "I have not kept any of your health details": nor the symptoms typed before going back to say no.
  keepsWords: (answers) => answers.consent === true,
});

function briefResult(answers: Answers, turn: Turn): Reply[] {
  const brief = BriefAnswers.parse(answers);
  const createdAt = turn.now.toISOString();
  const text = renderBrief(brief, createdAt, turn);
  const stored: StoredBrief = { format: 1, createdAt, text, answers: brief };
  turn.conversation.extras.brief = stored;
  return [
    { text },
    {
      text: [turn.t('consult.result.afterBrief'), tips(turn, brief.interpreter)].join('\n\n'),
      choices: [{ id: 'cmd:brief', label: turn.t('consult.next.brief') }, ...insuranceChoice(turn)],
    },
  ];
}

/** Consent refused: the general tips, and nothing about the person is kept. */
function declined(turn: Turn): Reply[] {
  return [{ text: [turn.t('consult.result.declined'), tips(turn, true)].join('\n\n'), choices: insuranceChoice(turn) }];
}

function insuranceChoice(turn: Turn): Choice[] {
  return turn.services.flows.has('insurance') ? [{ id: 'start:insurance', label: turn.t('consult.next.insurance') }] : [];
}

function tips(turn: Turn, interpreter: boolean): string {
  const prep: FactId[] = ['prepRecords', 'prepSymptoms', 'prepMedicines', 'prepPhotosVitals'];
  if (interpreter) prep.push('prepInterpreter', 'bigCityLanguageHelp');
  // A quiet room and a tested camera are for a video call, not for a night at the emergency department.
  const online: FactId[] = ['prepPlace', 'prepDevice', 'onlineFollowUp', 'pingAnGoodDoctor', 'checkOwnPolicy'];
  const safety: FactId[] = ['nonEmergencyOnly', 'redFlags'];
  const bullets = (ids: FactId[]) => ids.map((id) => `• ${turn.t(`consult.facts.${id}`)}`);
  return [
    [turn.t('consult.tips.prepTitle'), ...bullets(prep)].join('\n'),
    [turn.t('consult.tips.onlineTitle'), ...bullets(online)].join('\n'),
    safety.map((id) => `⚠️ ${turn.t(`consult.facts.${id}`)}`).join('\n'),
    sourcesLine(turn, [...prep, ...online, ...safety].map(fact), consultation.sourceNames),
  ].join('\n\n');
}

/**
 * The brief a doctor reads: every label in the person's language and in Chinese, every answer
 * exactly as the person typed it, and a note in both languages that nothing was translated.
 */
function renderBrief(brief: BriefAnswers, createdAt: string, turn: Turn): string {
  const zh = (key: string) => turn.services.i18n.t('zh', key);
  const both = (key: string) => (turn.lang === 'zh' ? zh(key) : `${turn.t(key)} / ${zh(key)}`);
  const note = (key: string) => (turn.lang === 'zh' ? zh(key) : `${turn.t(key)}\n${zh(key)}`);
  const colon = turn.lang === 'zh' ? '：' : ': ';
  const field = (label: string, value: string) => `${both(`consult.brief.labels.${label}`)}${colon}${value}`;
  const ownWords = (text: string | null) => text ?? `(${both('consult.brief.notAnswered')})`;
  return [
    `📋 ${both('consult.brief.heading')}`,
    note('consult.brief.ownWords'),
    '',
    field('symptoms', brief.symptoms),
    field('onset', brief.onset),
    field('severity', brief.severity === null ? `(${both('consult.brief.notAnswered')})` : `${brief.severity}/10`),
    field('medicines', ownWords(brief.medicines)),
    field('allergies', ownWords(brief.allergies)),
    field('conditions', ownWords(brief.conditions)),
    field('records', brief.records.map((r) => both(`consult.steps.records.options.${r}`)).join('; ')),
    field('interpreter', both(brief.interpreter ? 'flow.yes' : 'flow.no')),
    field('questions', ownWords(brief.questions)),
    field('date', chinaDate(createdAt)),
    '',
    note('consult.brief.noDiagnosis'),
  ].join('\n');
}

/** The brief is shown to a doctor in China: its date is China's (a father at 2 a.m. there is on the next UTC day's side). */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function chinaDate(iso: string): string {
  return CHINA_DATE.format(new Date(iso));
}

function storedBrief(turn: Turn): StoredBrief | undefined {
  const parsed = StoredBrief.safeParse(turn.conversation.extras.brief);
  return parsed.success ? parsed.data : undefined;
}

const briefCommand: Command = {
  name: 'brief',
  words: 'consult.brief.words',
  describe: 'consult.brief.describe',
  run: (turn) => {
    const menu: Choice = { id: 'cmd:menu', label: turn.t('menu.back') };
    const stored = storedBrief(turn);
    if (!stored) {
      // Halfway through the questions, the brief is what they are making: say so, and go on.
      if (turn.conversation.flow?.id === 'consult') return [{ text: turn.t('consult.brief.inProgress'), choices: [{ id: 'cmd:continue', label: turn.t('consult.brief.continue') }, menu] }];
      const start: Choice[] = turn.services.flows.has('consult') ? [{ id: 'start:consult', label: turn.t('consult.title') }] : [];
      return [{ text: turn.t('consult.brief.none'), choices: [...start, menu] }];
    }
    // Drawn again from the answers, so a person who changed language reads it in the new one.
    return [{ text: renderBrief(stored.answers, stored.createdAt, turn) }, { text: turn.t('consult.brief.kept'), choices: [menu] }];
  },
};

/** Shows the last consultation brief again (/brief, "My consultation brief") and explains it in /privacy. */
export const briefPlugin: EnginePlugin = {
  name: 'consult-brief',
  commands: [briefCommand],
  privacy: 'consult.privacy',
  menuItems: (turn) => (storedBrief(turn) ? [{ id: 'cmd:brief', label: turn.t('consult.brief.menu') }] : []),
};
