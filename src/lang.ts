/**
 * Working out which of our languages a person speaks: from a platform hint or a message's script.
 */
import type { Lang } from './message.ts';

export const LANGS: readonly Lang[] = ['en', 'zh', 'ru'];

/** Maps a platform hint ('zh-hans', 'ru-RU', 'en') to one of our languages, if it is one. */
export function langFromHint(hint: string | undefined): Lang | undefined {
  if (!hint) return undefined;
  const base = hint.toLowerCase().split(/[-_]/)[0];
  if (base === 'zh') return 'zh';
  if (base === 'ru' || base === 'uk' || base === 'be' || base === 'kk') return 'ru';
  if (base === 'en') return 'en';
  return undefined;
}

/**
 * The language a text's script suggests: Han -> zh, Cyrillic -> ru, Latin -> en; else undefined.
 * Scripts are weighed in words, two Han characters making about one, so a Chinese hospital name
 * pasted into an English question ("how do I get to 北京协和医院?") leaves it English.
 * With `strong`, only text with enough of one script, more than all the others, counts (two Han
 * characters, four Cyrillic letters, or two Latin words): so "ok" or "menu" from a Chinese
 * speaker does not switch languages.
 */
export function langFromScript(text: string, { strong = false } = {}): Lang | undefined {
  let han = 0;
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    // Most messages are ASCII: count its letters without a Unicode property lookup.
    if (code < 0x80) {
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) lat++;
    } else if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/\p{Script=Cyrillic}/u.test(ch)) cyr++;
  }
  if (han === 0 && cyr === 0 && lat < 2) return undefined;
  const hanWords = han / 2;
  const cyrillicWords = (text.match(/\p{Script=Cyrillic}{2,}/gu) ?? []).length;
  const latinWords = (text.match(/[A-Za-z]{2,}/g) ?? []).length;
  let lang: Lang;
  if (han > 0 && hanWords >= cyrillicWords && hanWords >= latinWords) lang = 'zh';
  else if (cyr > 0 && cyrillicWords >= latinWords) lang = 'ru';
  else lang = 'en';
  if (!strong) return lang;
  const enough =
    lang === 'zh'
      ? han >= 2 && hanWords > latinWords + cyrillicWords
      : lang === 'ru'
        ? cyr >= 4 && cyrillicWords > latinWords + hanWords
        : latinWords >= 2 && lat >= 8 && latinWords > cyrillicWords + hanWords;
  return enough ? lang : undefined;
}
