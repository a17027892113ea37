/**
 * Recognising a person who asks for a human in their own words, and one who wants the bot back.
 * Whole-message words ("human", "人工", "оператор") are the /human command's words, matched by
 * the engine; here a short message may also *contain* a clear phrase ("can I talk to a real
 * person please"). Single words such as "person" or 人工 are never matched inside a sentence:
 * "a person at the hospital said…" or 人工授精 are questions for the bot.
 */
import type { I18n } from '../i18n.ts';
import { LANGS } from '../lang.ts';
import { saysOneOf } from '../said-words.ts';
import { normalize } from '../text-match.ts';

/** Longer messages are questions that happen to mention people, not requests for one. */
const SHORT_MESSAGE = 60;

/** Each app's phrases, folded once: this runs on every message a person sends. */
const foldedPhrases = new WeakMap<I18n, { han: string[]; spaced: string[]; shortestHan: number; shortestSpaced: number }>();
/** Apps whose locale changes already clear their entry. */
const watched = new WeakSet<I18n>();

function phrasesOf(i18n: I18n): { han: string[]; spaced: string[]; shortestHan: number; shortestSpaced: number } {
  let phrases = foldedPhrases.get(i18n);
  if (!phrases) {
    const all = LANGS.flatMap((lang) => i18n.list(lang, 'handoff.phrases').map(normalize)).filter(Boolean);
    // Chinese has no spaces between words; elsewhere a phrase must stand as whole words.
    const han = all.filter((p) => /\p{Script=Han}/u.test(p));
    const words = all.filter((p) => !han.includes(p));
    phrases = {
      han,
      spaced: words.map((p) => ` ${p} `),
      shortestHan: Math.min(...han.map((p) => p.length)),
      shortestSpaced: Math.min(...words.map((p) => p.length)),
    };
    if (!watched.has(i18n)) {
      watched.add(i18n);
      const forget = () => foldedPhrases.delete(i18n);
      i18n.instance.store.on('added', forget);
      i18n.instance.store.on('removed', forget);
    }
    foldedPhrases.set(i18n, phrases);
  }
  return phrases;
}

/** The text is a short message that asks for a human. */
export function asksForHuman(text: string, i18n: I18n): boolean {
  if (!text || text.length > SHORT_MESSAGE || text.startsWith('/')) return false;
  // "are you a real person?" asks what the bot is; the engine answers it.
  if (saysOneOf(text, i18n, 'identity.words')) return false;
  const { han, spaced, shortestHan, shortestSpaced } = phrasesOf(i18n);
  // "2", "yes", "好的": shorter than any phrase, so not worth folding (most messages in a flow).
  if (text.length < Math.min(shortestHan, shortestSpaced) || (text.length < shortestSpaced && !/\p{Script=Han}/u.test(text))) return false;
  const said = ` ${normalize(text)} `;
  return spaced.some((p) => said.includes(p)) || han.some((p) => said.includes(p));
}

/** The whole message is one of the words that mean "back to the bot", or the button's label. */
export function asksForBot(text: string, i18n: I18n): boolean {
  if (saysOneOf(text, i18n, 'handoff.commands.bot.words')) return true;
  const said = normalize(text);
  return said !== '' && LANGS.some((lang) => normalize(i18n.t(lang, 'handoff.backToBot')) === said);
}

/**
 * The whole message cancels ("/cancel", "stop", "отмена", "取消"): in a ticket that means the
 * request for a person, not a questionnaire, so it ends the ticket instead of saying there is
 * nothing to cancel while the ticket stays open.
 */
export function asksToCancel(text: string, i18n: I18n): boolean {
  return /^\/cancel(?:@\w+)?\s*$/i.test(text) || saysOneOf(text, i18n, 'commands.cancel.words');
}
