/**
 * Simulated people: each walks the visa checklist (buttons, typed numbers, yes/no words), ticks
 * items, and asks free-text questions in English, Chinese or Russian. The script reacts to the
 * replies it gets, as a person would, so it stays valid whatever the flow's wording.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../src/engine.ts';
import type { Incoming, Lang, Platform, Reply } from '../src/message.ts';

const LANGS: readonly Lang[] = ['en', 'zh', 'ru'];
const YES: Record<Lang, string> = { en: 'yes', zh: '是', ru: 'да' };
const DONE: Record<Lang, string> = { en: 'done 1', zh: '完成 1', ru: 'готово 1' };

/** Questions as people type them (the knowledge store's own test set), by language. */
const QUESTIONS: Record<Lang, string[]> = (() => {
  const path = join(import.meta.dirname, '..', 'test', 'fixtures', 'knowledge-questions.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as { items: { lang: Lang; q: string }[] };
  const by: Record<Lang, string[]> = { en: [], zh: [], ru: [] };
  for (const item of file.items) by[item.lang].push(item.q);
  return by;
})();

/** One step of a script: what to send, given the choice ids the last replies offered. */
type Step = (offered: string[]) => Omit<Incoming, 'address' | 'messageId'>;

const press = (id: string): Step => () => ({ choice: id });
const say = (text: string): Step => () => ({ text });
/** Presses the first offered choice whose id starts with `prefix` (a checklist item's tick). */
const pressFirst = (prefix: string, fallback: string): Step => (offered) => ({ choice: offered.find((id) => id.startsWith(prefix)) ?? fallback });

/** The messages one person sends, in order. `n` varies answers and languages across people. */
export function visaScript(n: number): Step[] {
  const lang = LANGS[n % LANGS.length] ?? 'en';
  const questions = QUESTIONS[lang];
  const question = (k: number) => questions[(n * 7 + k) % questions.length] ?? 'visa';
  return [
    say('/start'),
    press('start:visa'),
    // Half type the option's number, half press the button.
    n % 2 === 0 ? say('1') : press('ans:companion'),
    press(n % 3 === 0 ? 'ans:long' : 'ans:short'),
    n % 2 === 0 ? say(YES[lang]) : press('ans:no'),
    press('ans:hotel'),
    press('cmd:checklist'),
    say(DONE[lang]),
    pressFirst('tick:', 'cmd:checklist'),
    say(question(0)),
    say(question(1)),
    say('/checklist'),
  ];
}

export const MESSAGES_PER_PERSON = visaScript(0).length;

/** The language hint a simulated person's messenger sends. */
export const hintOf = (n: number): string => LANGS[n % LANGS.length] ?? 'en';

/** Walks one person's script through `engine`, recording each message's latency (ms). */
export async function walk(
  engine: Engine,
  n: number,
  options: { platform?: Platform; prefix?: string; latencies?: number[]; think?: () => number } = {},
): Promise<number> {
  const address = { platform: options.platform ?? 'console', chatId: `${options.prefix ?? 'p'}${n}`, userId: `${options.prefix ?? 'p'}${n}` };
  // Only the offered ids are kept between messages, as a client keeps only its buttons.
  let offered: string[] = [];
  let sent = 0;
  for (const [i, step] of visaScript(n).entries()) {
    const pause = options.think?.() ?? 0;
    // Flat out, the next message still arrives through the event loop, as it would over a
    // network; chained in microtasks, one person would walk the whole script before anyone else.
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    // Sent now: time spent waiting for the bot's turn counts in the latency.
    const started = performance.now();
    if (pause === 0) await new Promise((resolve) => setImmediate(resolve));
    const replies: Reply[] = await engine.handle({ address, messageId: `${n}-${i}`, languageHint: hintOf(n), ...step(offered) });
    options.latencies?.push(performance.now() - started);
    offered = replies.flatMap((r) => r.choices ?? []).map((c) => c.id);
    sent += 1;
  }
  return sent;
}
