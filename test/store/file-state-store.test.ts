import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreError } from '../../src/errors.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import { tempDir } from '../helpers/app.ts';
import { describeStateStore, sampleConversation } from './state-store-contract.ts';

describeStateStore('lowdb file', async () => {
  const dir = await tempDir();
  const open = async () => {
    const store = new FileStateStore(dir);
    store.collection('notes', z.object({ id: z.string(), text: z.string() }));
    await store.open();
    return store;
  };
  return { store: await open(), reopen: open };
});

describe('the lowdb file store on disk', () => {
  it('should write one JSON file per conversation and no temp files left behind', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    await store.open();
    await store.conversations.put(sampleConversation('console:a:a'));
    await store.conversations.put(sampleConversation('console:b:b'));
    // Newcomers are in the journal first; a checkpoint gives each a file of its own.
    await store.flush();
    const files = await readdir(join(dir, 'conversations'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await store.close();
  });

  it('should give every conversation its file on flush, even while a full journal is being folded', async () => {
    const dir = await tempDir();
    // A tiny journal limit: the first writes start a checkpoint of their own mid-way.
    const store = new FileStateStore(dir, { checkpointBytes: 1 });
    await store.open();
    for (const name of ['a', 'b', 'c', 'd']) await store.conversations.put(sampleConversation(`console:${name}:${name}`));
    await store.flush();
    const files = await readdir(join(dir, 'conversations'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(4);
    await store.close();
  });

  it('should stop at start with the file named when a state file is corrupt, and leave it untouched', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'conversations'), { recursive: true });
    const path = join(dir, 'conversations', 'broken.json');
    await writeFile(path, '{"format":1,"conversation":{"key":');
    const error = await new FileStateStore(dir).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STATE_CORRUPT');
    expect((error as StoreError).message).toContain(path);
    expect(await readFile(path, 'utf8')).toBe('{"format":1,"conversation":{"key":');
  });

  it('should name the field when a record breaks the schema', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'conversations'), { recursive: true });
    const record = { format: 1, conversation: { ...sampleConversation(), lang: 'fr' } };
    await writeFile(join(dir, 'conversations', 'bad-lang.json'), JSON.stringify(record));
    await expect(new FileStateStore(dir).open()).rejects.toThrow(/bad-lang\.json.*conversation\.lang/);
  });

  it('should refuse a second store on the same folder while the first is open', async () => {
    const dir = await tempDir();
    const first = new FileStateStore(dir);
    await first.open();
    const error = await new FileStateStore(dir).open().catch((e: unknown) => e);
    expect((error as StoreError).code).toBe('STATE_LOCKED');
    await first.close();
    const third = new FileStateStore(dir);
    await expect(third.open()).resolves.toBeUndefined();
    await third.close();
  });

  it('should take over the lock of a process that died', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, since: 'yesterday' }));
    const store = new FileStateStore(dir);
    await expect(store.open()).resolves.toBeUndefined();
    await store.close();
  });
});
