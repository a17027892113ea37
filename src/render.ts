/**
 * Turning a Reply into the text a messenger shows, chosen from its capabilities (never from the
 * platform's name): buttons stay choices, otherwise they become a numbered list; long text is
 * split on paragraph boundaries.
 */
import type { Reply } from './message.ts';
import type { Capabilities } from './turn.ts';

/** The numbered list a person answers with "2", the label, or a close spelling of it. */
export function numberedList(reply: Reply): string {
  const choices = reply.choices ?? [];
  if (choices.length === 0) return '';
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  return [lines.join('\n'), ...(reply.hint ? [reply.hint] : [])].join('\n');
}

/**
 * Splits text into parts of at most `max` characters: on blank lines first, then on line
 * breaks, then on sentence ends or spaces, and only as a last resort inside a word.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max * 0.3) cut = window.lastIndexOf('\n');
    if (cut < max * 0.3) cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('。'), window.lastIndexOf('! '), window.lastIndexOf('? ')) + 1;
    if (cut < max * 0.3) cut = window.lastIndexOf(' ');
    if (cut < max * 0.3) {
      cut = max;
      // Never cut a surrogate pair (emoji) in half.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) parts.push(rest);
  return parts.filter((p) => p.length > 0);
}

/**
 * The text parts to send for one reply on a messenger with these capabilities. Where choices
 * are shown as a list, it follows the text in the last part (or its own part if it won't fit).
 */
export function renderParts(reply: Reply, capabilities: Pick<Capabilities, 'buttons' | 'maxText'>): string[] {
  const list = capabilities.buttons ? '' : numberedList(reply);
  const full = list ? `${reply.text}\n\n${list}` : reply.text;
  if (full.length <= capabilities.maxText) return [full || ' '];
  const parts = splitText(reply.text, capabilities.maxText);
  if (list) {
    const last = parts.at(-1) ?? '';
    if (last.length + list.length + 2 <= capabilities.maxText) parts[parts.length - 1] = `${last}\n\n${list}`;
    else parts.push(...splitText(list, capabilities.maxText));
  }
  return parts;
}
