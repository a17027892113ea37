/**
 * The terminal as a newcomer meets it: typed at (interactive) or fed by a pipe.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.ts';

async function terminal(interactive: boolean, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const app = await testApp({ console: { input, output, interactive } });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await app.console?.finished;
  return printed;
}

describe('the terminal', () => {
  it('should greet someone who opens it to type, before they type anything, and then answer them', async () => {
    const printed = await terminal(true, ['1']);
    expect(printed.startsWith('Hello!')).toBe(true);
    expect(printed.indexOf('I am not a doctor')).toBeLessThan(printed.indexOf('> '));
    // "1" picks the first item of the greeting's menu.
    expect(printed.slice(printed.indexOf('> '))).toMatch(/step 1 of|Health insurance/);
    expect(printed).not.toContain('not sure');
  });

  it('should answer piped lines without a greeting of its own', async () => {
    const printed = await terminal(false, ['hello']);
    expect(printed.match(/Hello!/g)).toHaveLength(1);
    expect(printed).not.toContain('> ');
  });

  it('should take a typed "1" at "how bad, 0 to 10?" as 1 and offer Skip as a word, not as list item 1', async () => {
    const printed = await terminal(false, ['hi', '3', '1', 'stomach pain after eating', '2 weeks', '1']);
    const severity = printed.slice(printed.lastIndexOf('How bad is it right now'));
    const asked = severity.slice(0, severity.indexOf('Which medicines'));
    expect(asked).toContain('or type "skip"');
    expect(asked).not.toMatch(/^1\. Skip/m);
    expect(severity).toContain('Which medicines');
  });

  it('should ask a student who types "2 weeks" at "how bad, 0 to 10?" again, not file 2/10 for the doctor', async () => {
    const printed = await terminal(false, ['hi', '3', '1', 'stomach pain after eating', '2 weeks', '2 weeks', '/brief']);
    expect(printed).toContain('That looks like how long it has lasted');
    expect(printed).not.toContain('2/10');
  });
});
