/**
 * A write that fails (disk full, permission denied) tells the person "I could not save that,
 * please try again", keeps the bot answering, and keeps what was stored before. We run as root,
 * so chmod would not stop a write: ENOSPC and EACCES are injected into the journal's writes
 * (Node's fs.writeSync) and by wrapping the store; a conversation file is stopped for real by a
 * folder where its temp file should go.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import type { StoreError } from '../../src/errors.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import type { ConversationTable, StateStore } from '../../src/store/state-store.ts';
import { person, tempDir, testApp } from '../helpers/app.ts';

type ErrnoCode = 'ENOSPC' | 'EACCES';

function errnoError(code: ErrnoCode, syscall: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'permission denied';
  return Object.assign(new Error(`${code}: ${text}, ${syscall}`), { code, errno: code === 'ENOSPC' ? -28 : -13, syscall });
}

/** The journal's next write fails as a full or locked disk would make it. */
function failNextJournalWrite(code: ErrnoCode): void {
  vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
    throw errnoError(code, 'write');
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Ana, halfway through the visa questions: purpose answered, asked how long she stays. */
async function anaHalfway(app: App) {
  const ana = person(app, { user: 'ana' });
  await ana.raw({ choice: 'start:visa' });
  await ana.raw({ choice: 'ans:self' });
  expect((await app.store.conversations.get('console:chat-ana:ana'))?.flow?.step).toBe('stay');
  return ana;
}

describe.each<ErrnoCode>(['ENOSPC', 'EACCES'])('a write that fails with %s', (code) => {
  it('should tell a known person to try again, keep their earlier answers, and carry on once the disk is back', async () => {
    const dir = await tempDir();
    const app = await testApp({ dataDir: dir });
    const ana = await anaHalfway(app);
    const saveFailed = app.i18n.t('en', 'errors.saveFailed');

    // Known people's changes go to the journal: its next write fails.
    failNextJournalWrite(code);
    await ana.raw({ choice: 'ans:long' });
    expect(ana.last.map((r) => r.text)).toEqual([saveFailed]);
    const kept = await app.store.conversations.get('console:chat-ana:ana');
    expect(kept?.flow?.step).toBe('stay');
    expect(kept?.flow?.answers).toEqual({ purpose: 'self' });

    // The bot is still up for everyone, and Ana's retry goes through.
    const bob = person(app, { user: 'bob' });
    await bob.send('/start');
    expect(bob.text()).toContain(app.i18n.t('en', 'menu.title'));
    await ana.raw({ choice: 'ans:long' });
    expect(ana.text()).toContain(app.i18n.t('en', 'visa.steps.inChina.prompt'));

    // And it all survives a restart: the journal holds no half line.
    await app.stop();
    const again = await testApp({ dataDir: dir });
    const after = await again.store.conversations.get('console:chat-ana:ana');
    expect(after?.flow?.step).toBe('inChina');
    expect(after?.flow?.answers).toEqual({ purpose: 'self', stay: 'long' });
  });
});

describe('a new person whose first save fails', () => {
  it('should be told to try again, with nothing half-written remembered', async () => {
    const dir = await tempDir();
    const app = await testApp({ dataDir: dir });
    // A newcomer's first state goes to the journal too: its next write fails.
    failNextJournalWrite('ENOSPC');
    const carl = person(app, { user: 'carl' });
    await carl.send('/start');
    expect(carl.last.map((r) => r.text)).toEqual([app.i18n.t('en', 'errors.saveFailed')]);
    expect(await app.store.conversations.get('console:chat-carl:carl')).toBeUndefined();

    const bob = person(app, { user: 'bob' });
    await bob.send('/start');
    expect(bob.text()).toContain(app.i18n.t('en', 'menu.title'));
    await carl.send('/start');
    expect(carl.text()).toContain(app.i18n.t('en', 'menu.title'));
    await app.stop();
    const again = await testApp({ dataDir: dir });
    expect((await again.store.conversations.get('console:chat-carl:carl'))?.transcript.map((l) => l.text)).toEqual(['/start', expect.any(String)]);
  });
});

describe('a conversation file that cannot be written at a checkpoint', () => {
  it('should keep the journal, say which folder at the next start, and fold it once the obstacle is gone', async () => {
    const dir = await tempDir();
    const app = await testApp({ dataDir: dir });
    // A folder where the newcomer's temp file should go makes the checkpoint's write fail for
    // real (EISDIR) without touching anyone else's file.
    const name = createHash('sha256').update('console:chat-carl:carl').digest('hex').slice(0, 40) + '.json';
    const obstacle = join(dir, 'conversations', `.${name}.tmp`);
    await mkdir(obstacle);
    const carl = person(app, { user: 'carl' });
    await carl.send('/start');
    expect(carl.text()).toContain(app.i18n.t('en', 'menu.title'));
    await app.stop();

    const refused = await testApp({ dataDir: dir }).catch((error: unknown) => error);
    expect((refused as StoreError).code).toBe('STATE_UNWRITABLE');
    expect((refused as StoreError).message).toContain(join(dir, 'conversations'));
    await rm(obstacle, { recursive: true });
    const again = await testApp({ dataDir: dir });
    expect((await again.store.conversations.get('console:chat-carl:carl'))?.transcript.map((l) => l.text)).toEqual(['/start', expect.any(String)]);
  });
});

/** A file store whose next `put`s fail with a raw errno error, as any backend might. */
function failingStore(inner: StateStore): StateStore & { failNext(code: ErrnoCode): void } {
  let failing: ErrnoCode | undefined;
  const conversations: ConversationTable = {
    get: (key) => inner.conversations.get(key),
    put: async (conversation) => {
      if (failing) {
        const code = failing;
        failing = undefined;
        throw errnoError(code, 'rename');
      }
      await inner.conversations.put(conversation);
    },
    delete: (key) => inner.conversations.delete(key),
    keys: () => inner.conversations.keys(),
  };
  return {
    open: () => inner.open(),
    close: () => inner.close(),
    conversations,
    collection: (name, schema) => inner.collection(name, schema),
    failNext(code) {
      failing = code;
    },
  };
}

describe('a store that throws on write', () => {
  it.each<ErrnoCode>(['ENOSPC', 'EACCES'])('should answer %s with the save-failed message, and still send emergency guidance', async (code) => {
    const dir = await tempDir();
    const store = failingStore(new FileStateStore(dir));
    const app = await testApp({ store });
    const ana = await anaHalfway(app);

    store.failNext(code);
    await ana.send('my friend is not breathing');
    // Urgent guidance is never held back by a failed save; the person also learns it was not saved.
    expect(ana.last.at(-1)?.text).toBe(app.i18n.t('en', 'errors.saveFailed'));
    expect(ana.text()).toContain('120');
    expect((await app.store.conversations.get('console:chat-ana:ana'))?.flow?.step).toBe('stay');

    store.failNext(code);
    await ana.raw({ choice: 'ans:short' });
    expect(ana.last.map((r) => r.text)).toEqual([app.i18n.t('en', 'errors.saveFailed')]);
    await ana.raw({ choice: 'ans:short' });
    expect(ana.text()).toContain(app.i18n.t('en', 'visa.steps.inChina.prompt'));
  });
});
