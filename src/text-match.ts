/**
 * Recognising what a person means among a few known options: a number, the label, or a close
 * spelling of it. Shared by the engine (offered choices) and the flow runtime (step options).
 */

/** Lowercase, width- and accent-folded, punctuation and extra spaces removed. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Two rows of the distance table, reused: this runs for every greeting and typo word on every message. */
let rows = new Uint32Array(2 * 64);

/** Edit distance (by UTF-16 unit), stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows.length < 2 * width) rows = new Uint32Array(2 * width);
  let prev = 0;
  let cur = width;
  for (let j = 0; j < width; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[cur] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((rows[prev + j] as number) + 1, (rows[cur + j - 1] as number) + 1, (rows[prev + j - 1] as number) + cost);
      rows[cur + j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return rows[prev + b.length] as number;
}

const fullWidthDigits = /[０-９]/g;

/** The text with full-width digits (０-９, as Chinese keyboards type them) as ASCII digits. */
export function asciiDigits(text: string): string {
  return text.replace(fullWidthDigits, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Chinese numerals one to ten, as a person types a pick from a list ("二", "第三个"). */
const HAN_NUMBERS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** A whole-message number like "2", "２", "2.", "#2", "二" or "第二个", if that is all the text is. */
export function parseOrdinal(text: string): number | undefined {
  const t = asciiDigits(text).trim();
  const m = /^[#№]?\s*(\d{1,3})\s*[.)、。]?$/.exec(t);
  if (m) return Number(m[1]);
  const han = /^第?([一二两三四五六七八九十])[个項项条]?[.、。]?$/u.exec(t);
  return han ? HAN_NUMBERS[han[1] ?? ''] : undefined;
}

const HAN = /\p{Script=Han}/u;

/**
 * True when the text reads as a question: it has a question mark, starts with one of `words`
 * ("how", "можно"), or contains one written in Han ("吗", "怎么"), since Chinese has no spaces
 * and puts its question marks at the end or in the middle.
 */
export function looksLikeQuestion(text: string, words: readonly string[], leads: readonly string[] = []): boolean {
  return /[?？]/u.test(text) || asksWithWords(text, words, leads);
}

/**
 * True when the text asks by its words ("what does 10 mean", "10分是什么意思"), whatever its
 * marks: "6?" does not. Words in `leads` before the question word are passed over: "а сколько
 * стоит…", "подскажите, как платить…", "and where do I…".
 */
export function asksWithWords(text: string, words: readonly string[], leads: readonly string[] = []): boolean {
  let folded = normalize(text);
  for (let strip = 0; strip < 3; strip++) {
    const lead = leads.find((l) => folded.startsWith(`${l} `));
    if (!lead) break;
    folded = folded.slice(lead.length + 1);
  }
  const first = folded.split(' ', 1)[0] ?? '';
  return words.some((w) => (HAN.test(w) ? folded.includes(w) : w === first));
}

/** Folded for phrase search: "I'm" and "Im", "don't" and "dont" read the same. */
function foldPhrase(text: string): string {
  return normalize(text.replace(/['’]/gu, ''));
}

/**
 * Which options the text names in the person's own words ("I'm a student", "在大学读书"), given
 * each option's phrases: a phrase counts as whole words, or anywhere when either side is
 * written in Han (Chinese has no spaces, and "CT片子" mixes scripts).
 */
export function optionsNamed(text: string, phrases: readonly (readonly string[])[]): number[] {
  const folded = foldPhrase(text);
  if (!folded) return [];
  const han = HAN.test(folded);
  const spaced = ` ${folded} `;
  const named: number[] = [];
  for (const [index, list] of phrases.entries()) {
    const hit = list.some((phrase) => {
      const p = foldPhrase(phrase);
      return p !== '' && (han || HAN.test(p) ? folded.includes(p) : spaced.includes(` ${p} `));
    });
    if (hit) named.push(index);
  }
  return named;
}

/**
 * Which of `labels` the text picks: by 1-based number, exact label, prefix, or a close spelling.
 * Returns the index, or undefined when nothing (or more than one thing) fits well.
 */
export function matchOption(text: string, labels: readonly string[]): number | undefined {
  const n = parseOrdinal(text);
  if (n !== undefined) return n >= 1 && n <= labels.length ? n - 1 : undefined;
  const t = normalize(text);
  if (!t) return undefined;
  const norm = labels.map((l) => normalize(l.replace(/^[✓✔☐☑✅⬜]\s*/u, '')));
  const exact = norm.indexOf(t);
  if (exact >= 0) return exact;
  if (t.length >= 3) {
    // The start of a label in whole words ("visa" for "Visa for medical treatment"), not of a
    // longer word: "help" is not "Helpful". Chinese has no spaces, so any start counts there.
    const prefixed = norm.flatMap((l, i) => (l.startsWith(t) && !/^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(l.slice(t.length)) ? [i] : []));
    if (prefixed.length === 1) return prefixed[0];
  }
  // Close spelling: allow about one typo per five characters.
  const max = Math.max(1, Math.floor(t.length / 5));
  let best: number | undefined;
  let bestD = Infinity;
  let tie = false;
  norm.forEach((l, i) => {
    if (t.length < 3) return;
    const d = editDistance(t, l, max);
    if (d < bestD) {
      bestD = d;
      best = i;
      tie = false;
    } else if (d === bestD) tie = true;
  });
  return bestD <= max && !tie ? best : undefined;
}
