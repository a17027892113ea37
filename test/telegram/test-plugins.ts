/**
 * Small engine plugins that give the Telegram tests replies the fixture flow does not: a very
 * long answer, a choice id longer than Telegram's callback data, and a reply that takes a while.
 */
import type { EnginePlugin } from '../../src/turn.ts';

/** 30 numbered paragraphs of 298 characters, blank lines between: 8,998 characters, so three messages. */
export const LONG_TEXT = Array.from({ length: 30 }, (_, i) => `Paragraph ${String(i + 1).padStart(2, '0')}. ${'lorem ipsum '.repeat(30)}`.slice(0, 297) + '.').join('\n\n');

/** Answers "long…" with LONG_TEXT and one button. */
export const longAnswerPlugin: EnginePlugin = {
  name: 'long-answer',
  answer: (turn) => (turn.text.startsWith('long') ? [{ text: LONG_TEXT, choices: [{ id: 'cmd:menu', label: 'Main menu' }] }] : undefined),
};

/** A choice id of 105 bytes, well past the 64 Telegram allows in callback data. */
export const LONG_CHOICE_ID = `echo:${'x'.repeat(100)}`;

/** `/long` offers a button with LONG_CHOICE_ID; pressing it answers "echo <length of the argument>". */
export const longChoicePlugin: EnginePlugin = {
  name: 'long-choice',
  commands: [{ name: 'long', run: () => [{ text: 'Pick one', choices: [{ id: LONG_CHOICE_ID, label: 'Long one' }] }] }],
  actions: [{ verb: 'echo', run: (_turn, argument) => [{ text: `echo ${argument.length}` }] }],
};

/** `/slow` answers "slow done" once `gate` resolves. */
export function slowPlugin(gate: Promise<void>): EnginePlugin {
  return {
    name: 'slow',
    commands: [
      {
        name: 'slow',
        run: async () => {
          await gate;
          return [{ text: 'slow done' }];
        },
      },
    ],
  };
}
