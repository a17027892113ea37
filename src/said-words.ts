/**
 * Whether a whole message is one of a locale word list's words ("yes", "да", "是的"; "cancel",
 * "取消"), in any of the bot's languages: what a person types instead of pressing a button.
 * Uses the folded sets `I18n.folded` keeps, so nothing is normalised again per message.
 */
import type { I18n } from './i18n.ts';
import { LANGS } from './lang.ts';
import { normalize } from './text-match.ts';

/** The whole message is one of the words at `key` in some language. */
export function saysOneOf(text: string, i18n: I18n, key: string): boolean {
  const said = normalize(text);
  return said !== '' && LANGS.some((lang) => i18n.folded(lang, key).has(said));
}

/** The whole message is a yes (`flow.words.yes`), in any language. */
export function saysYes(text: string, i18n: I18n): boolean {
  return saysOneOf(text, i18n, 'flow.words.yes');
}
