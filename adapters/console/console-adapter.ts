/**
 * The terminal adapter: one line typed (or piped) is one message; replies print with choices as
 * a numbered list. It waits for the replies before reading the next line and ends at end of input.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AdapterContext } from '../../src/adapter-context.ts';
import type { Address, Reply } from '../../src/message.ts';
import { renderParts } from '../../src/render.ts';
import type { Adapter, Capabilities } from '../../src/turn.ts';

export interface ConsoleOptions {
  input?: Readable;
  output?: Writable;
  /** The person's id in the conversation key; one terminal is one person. */
  userId?: string;
  /**
   * Someone typing, not a pipe: they are greeted (as /start greets on a messenger) and see a
   * prompt. Default: whether the input is a terminal.
   */
  interactive?: boolean;
}

export interface ConsoleAdapter extends Adapter {
  /** Resolves when the input ends and every reply has been printed. */
  readonly finished: Promise<void>;
}

const capabilities: Capabilities = { buttons: false, maxText: 100_000, editInPlace: false, defaultLang: 'en' };

export function createConsoleAdapter({ engine }: Pick<AdapterContext, 'engine'>, options: ConsoleOptions = {}): ConsoleAdapter {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const address: Address = { platform: 'console', chatId: 'terminal', userId: options.userId ?? 'local' };
  const interactive = options.interactive ?? (input as Readable & { isTTY?: boolean }).isTTY === true;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let counter = 0;
  // Ids must differ across runs: the engine drops an id it has seen, and it keeps seen ids on disk.
  const session = `console-${randomUUID()}`;

  const print = (replies: Reply[]) => {
    for (const reply of replies) for (const part of renderParts(reply, capabilities)) output.write(`${part}\n\n`);
  };

  const adapter: ConsoleAdapter = {
    platform: 'console',
    capabilities,
    finished,
    async send(_to, replies) {
      print(replies);
      return replies.map(() => `console-${++counter}`);
    },
    async start() {
      engine.register(adapter);
      const handle = async (text: string) => print(await engine.handle({ address, text, messageId: `${session}-${++counter}` }));
      void (async () => {
        if (interactive) {
          // A newcomer at a bare prompt would not know what to type; a messenger opens with /start.
          await handle('/start');
          output.write('> ');
        }
        // Made after the greeting: until then the input keeps what was typed.
        const lines = createInterface({ input, terminal: false });
        for await (const line of lines) {
          await handle(line);
          if (interactive) output.write('> ');
        }
        finish();
      })();
    },
    async stop() {
      finish();
    },
  };
  return adapter;
}
