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
 * With `strong`, only text with enough of one script counts (two Han characters, four Cyrillic
 * letters, or two Latin words): so "ok" or "menu" from a Chinese speaker does not switch languages.
 */
export function langFromScript(text: string, { strong = false } = {}): Lang | undefined {
  let han = 0;
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/\p{Script=Cyrillic}/u.test(ch)) cyr++;
    else if (/[A-Za-z]/.test(ch)) lat++;
  }
  // One Han character carries about as much as a Latin word.
  if (han === 0 && cyr === 0 && lat < 2) return undefined;
  let lang: Lang;
  if (han * 3 >= cyr && han * 3 >= lat && han > 0) lang = 'zh';
  else if (cyr >= lat) lang = 'ru';
  else lang = 'en';
  if (!strong) return lang;
  const latinWords = (text.match(/[A-Za-z]{2,}/g) ?? []).length;
  const enough = lang === 'zh' ? han >= 2 : lang === 'ru' ? cyr >= 4 : latinWords >= 2 && lat >= 8;
  return enough ? lang : undefined;
}
