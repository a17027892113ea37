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

/** The language a text's script suggests: Han -> zh, Cyrillic -> ru, Latin -> en; else undefined. */
export function langFromScript(text: string): Lang | undefined {
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
  if (han * 3 >= cyr && han * 3 >= lat && han > 0) return 'zh';
  if (cyr >= lat) return 'ru';
  return 'en';
}
