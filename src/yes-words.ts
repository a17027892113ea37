/**
 * A whole message that says yes ("yes", "да", "是的"), in any of the bot's languages, from the
 * flows' yes words (`flow.words.yes`): what a person types under an offer that has a button.
 */
import type { I18n } from './i18n.ts';
import { LANGS } from './lang.ts';
import { normalize } from './text-match.ts';

export function saysYes(text: string, i18n: I18n): boolean {
  const said = normalize(text);
  return said !== '' && LANGS.some((lang) => i18n.list(lang, 'flow.words.yes').some((w) => normalize(w) === said));
}
