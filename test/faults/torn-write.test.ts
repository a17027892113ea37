/**
 * A write cut off half-way, by a crash or a kill, leaves each conversation at its previous or its
 * new state, never a torn file, and the next start works with everything that was answered.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import { Conversation, ConversationFile } from '../../src/store/records.ts';
import { person, tempDir, testApp } from '../helpers/app.ts';
import { sampleConversation } from '../store/state-store-contract.ts';

const root = join(import.meta.dirname, '..', '..');

/** Every conversation file in the folder, parsed and checked against the schema. */
async function conversationFiles(dataDir: string): Promise<Conversation[]> {
  const dir = join(dataDir, 'conversations');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  return Promise.all(names.map(async (name) => ConversationFile.parse(JSON.parse(await readFile(join(dir, name), 'utf8'))).conversation));
}

/** Runs crash-writer.ts on `dataDir`, SIGKILLs it after `acks` replies, and returns the last message answered per conversation. */
async function crashAfter(dataDir: string, acks: number): Promise<Map<string, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const answered = new Map<string, string>();
  let count = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, messageId, key] = line.split(' ');
    if (word !== 'ack' || !messageId || !key) continue;
    answered.set(key, messageId);
    if (++count === acks) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return answered;
}

describe('a crash in the middle of writing', () => {
  it('should start with the good state when a half-written temp file sits beside a good file', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    await store.open();
    await store.conversations.put(sampleConversation());
    await store.close();
    const [name] = (await readdir(join(dir, 'conversations'))).filter((n) => n.endsWith('.json'));
    // What a crash during steno's write leaves: the temp file cut short, the real one untouched.
    await writeFile(join(dir, 'conversations', `.${name}.tmp`), '{"format":1,"conversation":{"key":"console:chat-ana:an');

    const again = new FileStateStore(dir);
    await again.open();
    expect(await again.conversations.get('console:chat-ana:ana')).toEqual(sampleConversation());
    await again.close();
  });

  it('should drop a journal line cut short and keep the lines written before it', async () => {
    const dir = await tempDir();
    const before = { ...sampleConversation(), failures: 1 };
    const store = new FileStateStore(dir);
    await store.open();
    await store.conversations.put(sampleConversation());
    await store.close();
    // A journal as a crash leaves it: one acknowledged change, then the next one torn.
    await mkdir(join(dir, 'journal'), { recursive: true });
    const good = JSON.stringify({ k: before.key, c: before });
    const torn = JSON.stringify({ k: before.key, c: { ...before, failures: 2 } }).slice(0, 60);
    await writeFile(join(dir, 'journal', '00000007.ndjson'), `${good}\n${torn}`);

    const again = new FileStateStore(dir);
    await again.open();
    expect(await again.conversations.get(before.key)).toEqual(before);
    await again.close();
    // Folded into the file and gone: the next start reads the file alone.
    expect(await readdir(join(dir, 'journal'))).toEqual([]);
    expect((await conversationFiles(dir)).map((c) => c.failures)).toEqual([1]);
  });

  it('should refuse to start, naming the line, when a journal line in the middle is broken', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'journal'), { recursive: true });
    const path = join(dir, 'journal', '00000003.ndjson');
    await writeFile(path, `{"k":"console:a:a","c":{"key":"console:a:a"}}\n{"k":"console:b:b","d":true}\n`);
    await expect(new FileStateStore(dir).open()).rejects.toThrow(`Journal ${path} line 1 is not valid`);
    expect(await readFile(path, 'utf8')).toContain('console:a:a');
  });

  it.each([40, 173, 410])('should keep every answered message when the process is killed after %i replies', async (acks) => {
    const dir = await tempDir();
    const answered = await crashAfter(dir, acks);

    // Every file on disk is whole and valid, even with the journal not yet folded in.
    await conversationFiles(dir);
    const store = new FileStateStore(dir);
    await store.open();
    for (const [key, messageId] of answered) {
      const stored = await store.conversations.get(key);
      expect(stored, key).toBeDefined();
      expect(stored?.seen, key).toContain(messageId);
    }
    await store.close();
    expect((await conversationFiles(dir)).every((c) => Conversation.safeParse(c).success)).toBe(true);
  });

  it('should let people carry on after a kill, in a new app on the same folder', async () => {
    const dir = await tempDir();
    await crashAfter(dir, 120);
    const app = await testApp({ dataDir: dir });
    const ana = person(app, { user: 'p3', chat: 'p3' });
    await ana.send('/start');
    expect(ana.text()).toContain(app.i18n.t('en', 'menu.title'));
  });
});
