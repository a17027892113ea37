/**
 * Insurance advisor: who the person is in China, their city, their cover now and what matters to
 * them; then which public scheme applies and how to join, what to look for in private cover,
 * insurers with online doctors, and how to activate the electronic medical insurance certificate.
 * Every statement is a fact from data/facts/insurance.json; this file only picks which apply.
 */
import { z } from 'zod';
import insuranceFacts from '../data/facts/insurance.json' with { type: 'json' };
import { type Answers, defineFlow } from '../src/flow-definition.ts';
import type { Choice, Reply } from '../src/message.ts';
import { checkSourceNames, FactSource, SourceNames, sourcesLine } from '../src/sources.ts';
import type { Turn } from '../src/turn.ts';

const ROLES = ['employee', 'student', 'permanentResident', 'resident', 'visitor', 'medicalTraveller'] as const;
const COVERS = ['none', 'public', 'school', 'privateIntl', 'travel', 'notSure'] as const;
const NEEDS = ['outpatient', 'telemedicine', 'chronic', 'maternity'] as const;
type Role = (typeof ROLES)[number];

/** Public schemes do not take these people, so the city and public cover are not asked. */
const VISITING: readonly Role[] = ['visitor', 'medicalTraveller'];
const VISITOR_COVERS = COVERS.filter((c) => c !== 'public' && c !== 'school');
const RESIDENT_COVERS = COVERS.filter((c) => c !== 'school');

const Fact = z.object({
  id: z.string(),
  trust: z.enum(['2+', '1', '!']),
  /** Written in full: a public address, or the name of a seed file in shared/seeds. */
  sources: z.array(FactSource).min(1),
  reviewed: z.iso.date(),
  /** Figures the words interpolate, so a price change is a data change. */
  values: z.record(z.string(), z.number()).optional(),
  /** Ways people write a city's name (Yiwu). */
  names: z.array(z.string()).optional(),
});
type Fact = z.infer<typeof Fact>;

const FACT_IDS = [
  'employeeScheme',
  'secondedStaff',
  'sameReimbursement',
  'enrolledBenefits',
  'notFree',
  'prEmployed',
  'prNoEmployer',
  'residentNoEmployer',
  'studentRequired',
  'studentCityPolicy',
  'studentDefaultPlan',
  'studentPlanCover',
  'studentHomeInsurance',
  'yiwuPilot',
  'yiwuCount',
  'cityRulesVary',
  'publicNotForVisitors',
  'travellerInsurance',
  'telemedicineAddOn',
  'directBilling',
  'preAuthExample',
  'keepReceipts',
  'pingAnGoodDoctor',
  'aprilTeladoc',
  'eCertActivate',
  'eCertPassport',
  'eCertAlipay',
] as const;
type FactId = (typeof FACT_IDS)[number];

/** Names a person can read for seed files: a seed file without one is not shown. */
const InsuranceFacts = z.object({ facts: z.array(Fact), sourceNames: SourceNames.default({}) }).superRefine((file, ctx) => checkSourceNames(file.sourceNames, file.facts, ctx));
const insurance = InsuranceFacts.parse(insuranceFacts);
const facts = new Map(insurance.facts.map((f) => [f.id, f]));
// Fail at start-up, not in front of a person, when the data lost a fact this flow names.
for (const id of FACT_IDS) if (!facts.has(id)) throw new Error(`data/facts/insurance.json has no fact "${id}", which flows/insurance.ts uses.`);
const fact = (id: FactId): Fact => facts.get(id) as Fact;

const yiwuNames = (fact('yiwuPilot').names ?? []).map((n) => n.toLowerCase());

/** True when the typed city is Yiwu (Yiwu, 义乌, Иу…). */
function isYiwu(city: unknown): boolean {
  if (typeof city !== 'string') return false;
  const text = city.toLowerCase();
  const words = text.split(/[^\p{L}\p{N}]+/u);
  // Han names sit inside longer text ("浙江义乌市"); a short name such as "Иу" must be a whole word.
  return yiwuNames.some((name) => (/\p{Script=Han}/u.test(name) || name.length >= 4 ? text.includes(name) : words.includes(name)));
}

const isVisiting = (role: unknown): boolean => VISITING.includes(role as Role);

const InsuranceAnswers = z.object({
  role: z.enum(ROLES),
  city: z.string().optional(),
  permit: z.boolean().optional(),
  cover: z.enum(COVERS),
  needs: z.array(z.enum(NEEDS)).nullable().optional(),
});
type InsuranceAnswers = z.infer<typeof InsuranceAnswers>;

/** One bullet of the result: an i18n key and the values it fills in. */
interface Line {
  key: string;
  vars?: Record<string, unknown>;
}

/** The insurance advisor flow (id 'insurance'): role, city, cover and needs to personal insurance advice. */
export const insuranceFlow = defineFlow({
  id: 'insurance',
  version: 1,
  start: 'role',
  steps: {
    role: { kind: 'single', options: ROLES, schema: z.enum(ROLES), next: (a) => (isVisiting(a.role) ? 'cover' : 'city') },
    city: {
      kind: 'text',
      refusesQuestions: true,
      // A city has a name: "1" typed out of habit from the list before is not one.
      schema: z.string().trim().min(1, { error: 'flow.errors.empty' }).max(100, { error: 'insurance.errors.city' }).regex(/\p{L}/u, { error: 'insurance.errors.city' }),
      // The Yiwu pilot depends on how long the residence permit runs; elsewhere that does not matter.
      next: (a) => (a.role === 'resident' && isYiwu(a.city) ? 'permit' : 'cover'),
    },
    permit: { kind: 'yesno', next: 'cover' },
    cover: {
      kind: 'single',
      options: (a) => (isVisiting(a.role) ? VISITOR_COVERS : a.role === 'student' ? COVERS : RESIDENT_COVERS),
      schema: z.enum(COVERS),
      next: 'needs',
    },
    needs: { kind: 'multi', options: NEEDS, schema: z.array(z.enum(NEEDS)).min(1, { error: 'flow.errors.pickOne' }), optional: true },
  },
  finish: (answers, turn) => insuranceAdvice(answers, turn),
});

function insuranceAdvice(answers: Answers, turn: Turn): Reply[] {
  const a = InsuranceAnswers.parse(answers);
  const used = new Set<FactId>();
  const f = (id: FactId): Line => {
    used.add(id);
    const values = fact(id).values;
    return { key: `insurance.facts.${id}`, ...(values ? { vars: values } : {}) };
  };
  const advice = (key: string): Line => ({ key: `insurance.${key}` });
  const settled = !isVisiting(a.role);
  const yiwu = settled && isYiwu(a.city);

  const publicLines: Line[] = (() => {
    switch (a.role) {
      case 'employee':
        return [f('employeeScheme'), f('secondedStaff'), f('sameReimbursement'), f('enrolledBenefits')];
      case 'permanentResident':
        return [f('prEmployed'), f('prNoEmployer'), f('sameReimbursement')];
      case 'student':
        return [f('studentRequired'), f('studentCityPolicy'), f('studentDefaultPlan'), f('studentPlanCover'), f('studentHomeInsurance')];
      case 'resident':
        return yiwu ? [f('yiwuPilot'), f('yiwuCount'), advice(a.permit ? 'result.yiwuPermitLong' : 'result.yiwuPermitShort')] : [f('residentNoEmployer')];
      case 'visitor':
        return [f('publicNotForVisitors')];
      case 'medicalTraveller':
        return [f('publicNotForVisitors'), f('travellerInsurance')];
    }
  })();
  if (settled) {
    // A resident in Yiwu already has the pilot and where to ask, from the lines above.
    if (yiwu && a.role !== 'resident') publicLines.push(f('yiwuPilot'), advice('result.yiwuAsk'));
    else if (!yiwu) publicLines.push(f('cityRulesVary'));
  }

  const coverLines: Line[] = [advice(`cover.${a.cover}`), ...(a.cover === 'none' ? [f('notFree')] : [])];
  const privateLines = [f('telemedicineAddOn'), f('directBilling'), f('preAuthExample'), f('keepReceipts')];
  const insurerLines = [f('pingAnGoodDoctor'), f('aprilTeladoc')];
  const needLines = (a.needs ?? []).map((need) => advice(`needs.${need}`));
  // The certificate is for people in the public scheme: employees are enrolled by their employer.
  const eCert = settled && (a.cover === 'public' || a.role === 'employee');
  const eCertLines = eCert ? [f('eCertActivate'), f('eCertPassport'), f('eCertAlipay')] : [];

  const texts = [
    [turn.t('insurance.result.heading'), section(turn, 'insurance.result.publicTitle', publicLines), section(turn, 'insurance.result.coverTitle', coverLines)],
    [
      section(turn, 'insurance.result.privateTitle', privateLines),
      section(turn, 'insurance.result.insurersTitle', insurerLines),
      ...(needLines.length ? [section(turn, 'insurance.result.needsTitle', needLines)] : []),
    ],
    ...(eCert ? [[section(turn, 'insurance.result.eCertTitle', eCertLines)]] : []),
  ].map((parts) => parts.join('\n\n'));

  const footer = `${sourcesLine(turn, [...used].map(fact), insurance.sourceNames)}\n${turn.t('insurance.result.confirm')}`;
  const lastIndex = texts.length - 1;
  return texts.map((text, i) => (i === lastIndex ? { text: `${text}\n\n${footer}`, choices: nextSteps(a, turn) } : { text }));
}

function section(turn: Turn, titleKey: string, lines: Line[]): string {
  return [turn.t(titleKey), ...lines.map((line) => `• ${turn.t(line.key, line.vars)}`)].join('\n');
}

/** The related next thing: a consultation, and the visa checklist for people coming for treatment. */
function nextSteps(a: InsuranceAnswers, turn: Turn): Choice[] {
  const choices: Choice[] = [];
  if (a.role === 'medicalTraveller' && turn.services.flows.has('visa')) choices.push({ id: 'start:visa', label: turn.t('insurance.next.visa') });
  if (turn.services.flows.has('consult')) choices.push({ id: 'start:consult', label: turn.t('insurance.next.consult') });
  return choices;
}
