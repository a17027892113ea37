/**
 * Random days at the bot: several people typing, pressing buttons (offered and stale), switching
 * language, cancelling, asking to be forgotten, sometimes two at once, with the app restarted on
 * the same DATA_DIR now and then. Through all of it every stored record stays schema-valid,
 * everyone's flow stays somewhere it can go on from, and no one's words reach anyone else.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { productFlows } from '../../src/app.ts';
import type { FlowDefinition } from '../../src/flow-definition.ts';
import { type KnowledgeStore, openKnowledgeStore } from '../../src/knowledge/knowledge-store.ts';
import type { Reply } from '../../src/message.ts';
import { Conversation, ConversationFile } from '../../src/store/records.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, type Person, person, tempDir, testApp } from '../helpers/app.ts';

const PEOPLE = ['ana', 'bo', 'chen'];
const flows: FlowDefinition[] = [...productFlows(), tripFlow];

/** What people type: answers, commands in three languages, dates, questions, junk. */
const TEXTS = [
  '/start', '/menu', 'menu', '/help', '/back', 'back', '/continue', '/checklist', '/privacy', '/language', '/cancel', '/nonsense',
  '1', '2', '3', '4', '1, 3', 'yes', 'no', 'да', '是', 'skip', 'done 1', 'готово 2', '完成 3',
  '2025-03-07', '7.3.2025', '30', '0', '-5', 'visa', 'what does insurance cover for students', '我需要什么签证材料', 'как вызвать скорую',
  '', '   ', '🙂🙂', '<b>bold</b>', 'x'.repeat(4500), 'talk to a person', 'back to bot',
];
/** Choice ids pressed from nowhere: old buttons, other people's, forged ones. */
const STALE = ['start:visa', 'start:trip', 'start:insurance', 'start:consult', 'ans:self', 'ans:__done', 'ans:__skip', 'ans:yes', 'cmd:menu', 'cmd:checklist', 'lang:ru', 'tick:passport', 'untick:insurance', 'kb:up:nope', 'forget:yes', 'forget:no', 'bogus:x', 'cmd:'];

type Act =
  | { kind: 'type'; who: number; text: string }
  | { kind: 'secret'; who: number }
  | { kind: 'press'; who: number; pick: number }
  | { kind: 'stale'; who: number; id: string }
  | { kind: 'begin'; who: number; flow: string }
  | { kind: 'language'; who: number; lang: 'en' | 'zh' | 'ru' }
  | { kind: 'cancel'; who: number }
  | { kind: 'forget'; who: number };
type Step = Act | { kind: 'together'; first: Act; second: Act } | { kind: 'restart' };

const who = fc.integer({ min: 0, max: PEOPLE.length - 1 });
const act: fc.Arbitrary<Act> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), who, text: fc.constantFrom(...TEXTS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('secret' as const), who }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('press' as const), who, pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), who, id: fc.constantFrom(...STALE) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('begin' as const), who, flow: fc.constantFrom(...flows.map((f) => f.id)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('language' as const), who, lang: fc.constantFrom('en' as const, 'zh' as const, 'ru' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('forget' as const), who }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: act },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('together' as const), first: act, second: act }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

let knowledge: KnowledgeStore;
beforeAll(async () => {
  knowledge = await openKnowledgeStore();
});

let run = 0;

/** One run: a fresh DATA_DIR, three people with secret words of their own. */
async function day(steps: Step[]): Promise<void> {
  run += 1;
  const dir = await tempDir('bot-property-');
  const start = () => testApp({ dataDir: dir, knowledge, flows, extraLocaleDirs: [FIXTURE_LOCALES] });
  let app = await start();
  const secrets = PEOPLE.map((name) => `qz${name}x${run}vk`);
  const meet = (last: Person[] = []) =>
    PEOPLE.map((name, i) => {
      // The secret is also their display name, which greetings repeat back to them.
      const p = person(app, { user: name, languageHint: ['en', 'zh', 'ru'][i] ?? 'en', displayName: secrets[i] ?? name });
      // After a restart people still see the buttons the old app sent them.
      p.last = last[i]?.last ?? [];
      return p;
    });
  let people = meet();
  const keyOf = (i: number) => `console:chat-${PEOPLE[i]}:${PEOPLE[i]}`;
  const as = (i: number): Person => {
    const p = people[i];
    if (!p) throw new Error(`no person ${i}`);
    return p;
  };

  const perform = async (a: Act, alone = true): Promise<Reply[]> => {
    const p = as(a.who);
    switch (a.kind) {
      case 'type':
        return p.send(a.text);
      case 'secret':
        return p.send(secrets[a.who] ?? '');
      case 'press': {
        const offered = p.choices();
        const choice = offered[a.pick % Math.max(1, offered.length)];
        return choice ? p.raw({ choice: choice.id }) : p.send('/menu');
      }
      case 'stale':
        return p.raw({ choice: a.id });
      case 'begin': {
        // Into a flow and past a consent question, so the secret often lands in a free-text step.
        const replies = await p.raw({ choice: `start:${a.flow}` });
        return p.choices().some((c) => c.id === 'ans:yes') ? p.raw({ choice: 'ans:yes' }) : replies;
      }
      case 'language':
        return p.send(`/language ${a.lang}`);
      case 'cancel':
        return p.send('/cancel');
      case 'forget': {
        await p.send('/forget');
        const replies = await p.raw({ choice: 'forget:yes' });
        // Asked and confirmed: nothing of theirs is left (unless they wrote again meanwhile).
        if (alone) expect(await app.store.conversations.get(keyOf(a.who))).toBeUndefined();
        return replies;
      }
    }
  };

  /** Nothing a person sees mentions another person's secret. */
  const checkReplies = (i: number, replies: Reply[]) => {
    const seen = JSON.stringify(replies);
    for (const [j, secret] of secrets.entries()) if (j !== i) expect(seen, `${PEOPLE[i]} saw ${PEOPLE[j]}'s words`).not.toContain(secret);
  };

  /** Every stored record valid, in a reachable place, and holding no one else's words. */
  const checkStore = async () => {
    for (const [i] of PEOPLE.entries()) {
      const stored = await app.store.conversations.get(keyOf(i));
      if (!stored) continue;
      expect(Conversation.safeParse(stored).success).toBe(true);
      checkRecord(i, stored);
    }
  };

  const checkRecord = (i: number, record: Conversation) => {
    const state = record.flow;
    if (state) {
      const flow = flows.find((f) => f.id === state.id);
      expect(flow, `flow ${state.id}`).toBeDefined();
      const steps = (flow?.steps ?? {}) as Record<string, unknown>;
      expect(steps[state.step], `step ${state.id}.${state.step}`).toBeDefined();
      for (const earlier of state.history) expect(steps[earlier], `history step ${state.id}.${earlier}`).toBeDefined();
      expect(state.version).toBe(flow?.version);
    }
    const text = JSON.stringify(record);
    for (const [j, secret] of secrets.entries()) if (j !== i) expect(text, `${PEOPLE[i]}'s record holds ${PEOPLE[j]}'s words`).not.toContain(secret);
  };

  /** After a stop everything is in the conversation files: each one whole and valid. */
  const checkFiles = async () => {
    const folder = join(dir, 'conversations');
    const names = (await readdir(folder)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    for (const name of names) {
      const file = ConversationFile.parse(JSON.parse(await readFile(join(folder, name), 'utf8')));
      const i = PEOPLE.findIndex((_, k) => keyOf(k) === file.conversation.key);
      expect(i, `a file for ${file.conversation.key}`).toBeGreaterThanOrEqual(0);
      checkRecord(i, file.conversation);
    }
    expect(await readdir(join(dir, 'journal')).catch(() => [])).toEqual([]);
  };

  for (const s of steps) {
    if (s.kind === 'restart') {
      await app.stop();
      await checkFiles();
      app = await start();
      people = meet(people);
    } else if (s.kind === 'together') {
      const [first, second] = await Promise.all([perform(s.first, false), perform(s.second, false)]);
      checkReplies(s.first.who, first);
      checkReplies(s.second.who, second);
    } else {
      checkReplies(s.who, await perform(s));
    }
    await checkStore();
  }
  await app.stop();
  await checkFiles();
}

describe('two people finishing the same questions at once', () => {
  it('should show each of them only their own answers', async () => {
    const app = await testApp({ dataDir: await tempDir(), knowledge, flows, extraLocaleDirs: [FIXTURE_LOCALES] });
    const walk = async (name: string, note: string) => {
      const p = person(app, { user: name });
      for (const choice of ['start:trip', 'ans:treatment', 'ans:visa', 'ans:__done', 'ans:yes']) await p.raw({ choice });
      await p.send('12');
      await p.send(note);
      return p.text();
    };
    const [ana, bo] = await Promise.all([walk('ana', 'qzana-note'), walk('bo', 'qzbo-note')]);
    expect(ana).toContain('qzana-note');
    expect(ana).not.toContain('qzbo-note');
    expect(bo).toContain('qzbo-note');
    expect(bo).not.toContain('qzana-note');
  });
});

describe('random days at the bot', () => {
  it('should keep every record valid, every flow reachable and everyone to themselves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40, size: 'max' }), (steps) => day(steps)),
      { numRuns: 40, seed: 20261124, endOnFailure: true },
    );
  }, 120_000);
});
