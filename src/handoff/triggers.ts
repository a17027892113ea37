/**
 * Recognising a person who asks for a human in their own words, and one who wants the bot back.
 * Whole-message words ("human", "人工", "оператор") are the /human command's words, matched by
 * the engine; here a short message may also *contain* a clear phrase ("can I talk to a real
 * person please"). Single words such as "person" or 人工 are never matched inside a sentence:
 * "a person at the hospital said…" or 人工授精 are questions for the bot.
 */
import type { I18n } from '../i18n.ts';
import { LANGS } from '../lang.ts';
import { normalize } from '../text-match.ts';

/** Longer messages are questions that happen to mention people, not requests for one. */
const SHORT_MESSAGE = 60;

/** The text is a short message that asks for a human. */
export function asksForHuman(text: string, i18n: I18n): boolean {
  if (!text || text.length > SHORT_MESSAGE || text.startsWith('/')) return false;
  const said = ` ${normalize(text)} `;
  return LANGS.some((lang) =>
    i18n.list(lang, 'handoff.phrases').some((phrase) => {
      const p = normalize(phrase);
      // Chinese has no spaces between words; elsewhere a phrase must stand as whole words.
      return /\p{Script=Han}/u.test(p) ? said.includes(p) : said.includes(` ${p} `);
    }),
  );
}

/** The whole message is one of the words that mean "back to the bot", or the button's label. */
export function asksForBot(text: string, i18n: I18n): boolean {
  const said = normalize(text);
  if (!said) return false;
  return LANGS.some((lang) => [...i18n.list(lang, 'handoff.commands.bot.words'), i18n.t(lang, 'handoff.backToBot')].some((w) => normalize(w) === said));
}
