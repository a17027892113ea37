/**
 * A child process for the crash tests: runs the app on the lowdb file store in DATA_DIR (argv[2])
 * and has people talk to it without pause, old ones (journal appends, checkpoints every few ms)
 * and new ones (a file each). After each reply it prints `ack <messageId> <key>`: the reply was
 * returned, so its state must survive the SIGKILL the test sends at some point.
 */
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { conversationKey, type Incoming } from '../../src/message.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer.ts <DATA_DIR>');

const store = new FileStateStore(dir, { checkpointMs: 5 });
const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), store, console: false, adapters: [] });
await app.start();
process.stdout.write('ready\n');

const saveFailed = app.i18n.t('en', 'errors.saveFailed');
const texts = ['/start', 'hello', '/menu', 'what does insurance cover', '/checklist', '2', 'yes'];
let sent = 0;

/** One person's endless conversation; every eighth person is new. */
async function talk(worker: number): Promise<never> {
  for (;;) {
    const n = sent++;
    const person = n % 8 === 0 ? `new${n}` : `p${(n * 7 + worker) % 40}`;
    const incoming: Incoming = { address: { platform: 'console', chatId: person, userId: person }, messageId: `m${n}`, text: texts[n % texts.length] ?? 'hi' };
    const replies = await app.engine.handle(incoming);
    // A reply saying the save failed acknowledges nothing.
    if (replies.some((r) => r.text === saveFailed)) continue;
    process.stdout.write(`ack ${incoming.messageId} ${conversationKey(incoming.address)}\n`);
  }
}

await Promise.all(Array.from({ length: 6 }, (_, worker) => talk(worker)));
