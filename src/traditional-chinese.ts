/**
 * Chinese typed in traditional characters (Taiwan, Hong Kong, Malaysia, many overseas families)
 * read in simplified ones, as the articles, the red flags and the word lists are written:
 * "保險可以直接結帳嗎" found nothing and "懷孕了，現在出血" raised no alarm. OpenCC's
 * Taiwan-to-mainland tables (opencc-js) do the conversion; simplified text comes out unchanged.
 */
import * as OpenCC from 'opencc-js/t2cn';

const HAN = /\p{Script=Han}/u;

/** Built at the first Chinese message: the tables take some milliseconds and megabytes that others never need. */
let toSimplified: ((text: string) => string) | undefined;

/**
 * The text with traditional characters made simplified; text without Chinese as it is.
 * @example readSimplified('醫保電子憑證怎麼用') // '医保电子凭证怎么用'
 */
export function readSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}
