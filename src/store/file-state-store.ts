/**
 * The lowdb state store: one JSON file per conversation under `conversations/`, one file per
 * collection, each written atomically (temp file and rename, by lowdb's steno writer).
 * A file per conversation keeps the cost of a write independent of how many people there are.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { Conversation, ConversationFile, type Identified } from './records.ts';
import type { ConversationTable, RecordCollection, StateStore } from './state-store.ts';

const CollectionFile = z.object({ format: z.literal(1), records: z.array(z.unknown()) });

/** Folders open in this process: a second store on one of them would clash like a second process. */
const openDirs = new Set<string>();

/** How many conversations stay parsed in memory; older ones are read again from disk. */
const CACHE_LIMIT = 20_000;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function fileNameFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json';
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileStateStore implements StateStore {
  readonly #dir: string;
  readonly #conversationDir: string;
  readonly #lockFile: string;
  /** key -> JSON text of the last successful write (reads hand out fresh copies). */
  readonly #cache = new Map<string, string>();
  readonly #dbs = new Map<string, Low<ConversationFile>>();
  readonly #collections = new Map<string, { db: Low<{ format: 1; records: unknown[] }>; schema: z.ZodType<Identified>; rows: Map<string, string> }>();
  #opened = false;
  #ownsLock = false;

  constructor(dir: string) {
    this.#dir = dir;
    this.#conversationDir = join(dir, 'conversations');
    this.#lockFile = join(dir, 'app.lock');
  }

  async open(): Promise<void> {
    await mkdir(this.#conversationDir, { recursive: true });
    await this.#takeLock();
    try {
      await this.#checkConversations();
      for (const [name, entry] of this.#collections) await this.#loadCollection(name, entry);
    } catch (error) {
      await this.close();
      throw error;
    }
    this.#opened = true;
  }

  async close(): Promise<void> {
    if (this.#ownsLock) {
      await unlink(this.#lockFile).catch(() => undefined);
      this.#ownsLock = false;
      openDirs.delete(resolve(this.#dir));
    }
    this.#opened = false;
  }

  /** One process per DATA_DIR: a second one would overwrite the first one's writes. */
  async #takeLock(): Promise<void> {
    if (openDirs.has(resolve(this.#dir))) {
      throw new StoreError('STATE_LOCKED', `DATA_DIR ${this.#dir} is already open in this process. Give each app its own DATA_DIR.`);
    }
    const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(this.#lockFile, mine, { flag: 'wx' });
        this.#ownsLock = true;
        openDirs.add(resolve(this.#dir));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StoreError('STATE_UNWRITABLE', `Cannot write in DATA_DIR ${this.#dir}: ${(error as Error).message}. Check the folder's permissions.`, { cause: error });
        }
        const holder = await readFile(this.#lockFile, 'utf8').catch(() => '');
        const pid = Number((/"pid":(\d+)/.exec(holder) ?? [])[1]);
        if (pid && pid !== process.pid && isProcessAlive(pid)) {
          throw new StoreError(
            'STATE_LOCKED',
            `Another bot process (pid ${pid}) is using DATA_DIR ${this.#dir}. Stop it, or give this one its own DATA_DIR.`,
          );
        }
        // The holder is gone (crash), or it had our pid in an earlier container run: the lock is stale.
        await rm(this.#lockFile, { force: true });
      }
    }
    throw new StoreError('STATE_LOCKED', `Could not lock DATA_DIR ${this.#dir}; remove ${this.#lockFile} if no bot runs.`);
  }

  async #checkConversations(): Promise<void> {
    const names = (await readdir(this.#conversationDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const batch = 64;
    for (let i = 0; i < names.length; i += batch) {
      await Promise.all(names.slice(i, i + batch).map((name) => this.#readConversationFile(join(this.#conversationDir, name))));
    }
  }

  async #readConversationFile(path: string): Promise<ConversationFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new StoreError('STATE_UNREADABLE', `State file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    return parseFile(path, text, ConversationFile);
  }

  async #loadCollection(name: string, entry: { db: Low<{ format: 1; records: unknown[] }>; schema: z.ZodType<Identified>; rows: Map<string, string> }): Promise<void> {
    const path = join(this.#dir, `${name}.json`);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreError('STATE_UNREADABLE', `State file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
      }
    }
    entry.rows.clear();
    if (text === undefined) return;
    const file = parseFile(path, text, CollectionFile);
    file.records.forEach((raw, index) => {
      const parsed = entry.schema.safeParse(raw);
      if (!parsed.success) {
        throw new StoreError('STATE_CORRUPT', `State file ${path} is not valid: records.${index}.${describeIssues(parsed.error)}. The file was left untouched; fix or move it, then start again.`);
      }
      entry.rows.set(parsed.data.id, JSON.stringify(parsed.data));
    });
    entry.db.data = { format: 1, records: [...entry.rows.values()].map((t) => JSON.parse(t) as unknown) };
  }

  #db(key: string): Low<ConversationFile> {
    let db = this.#dbs.get(key);
    if (!db) {
      db = new Low<ConversationFile>(new JSONFile(join(this.#conversationDir, fileNameFor(key))), { format: 1, conversation: undefined as unknown as Conversation });
      this.#dbs.set(key, db);
    }
    return db;
  }

  #remember(key: string, text: string): void {
    this.#cache.delete(key);
    this.#cache.set(key, text);
    if (this.#cache.size > CACHE_LIMIT) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) {
        this.#cache.delete(oldest);
        this.#dbs.delete(oldest);
      }
    }
  }

  #assertOpen(): void {
    if (!this.#opened) throw new StoreError('STATE_CLOSED', 'The state store is not open: call open() first.');
  }

  readonly conversations: ConversationTable = {
    get: async (key) => {
      this.#assertOpen();
      let text = this.#cache.get(key);
      if (text === undefined) {
        const path = join(this.#conversationDir, fileNameFor(key));
        let raw: string;
        try {
          raw = await readFile(path, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw new StoreError('STATE_UNREADABLE', `State file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
        }
        text = JSON.stringify(parseFile(path, raw, ConversationFile).conversation);
        this.#remember(key, text);
      }
      return Conversation.parse(JSON.parse(text));
    },
    put: async (conversation) => {
      this.#assertOpen();
      const valid = Conversation.parse(conversation);
      const db = this.#db(valid.key);
      db.data = { format: 1, conversation: valid };
      try {
        await db.write();
      } catch (error) {
        throw new StoreError('STATE_WRITE_FAILED', `Could not write the conversation file in ${this.#conversationDir}: ${(error as Error).message}`, { cause: error, userMessageKey: 'errors.saveFailed' });
      }
      this.#remember(valid.key, JSON.stringify(valid));
    },
    delete: async (key) => {
      this.#assertOpen();
      await rm(join(this.#conversationDir, fileNameFor(key)), { force: true });
      this.#cache.delete(key);
      this.#dbs.delete(key);
    },
    keys: async () => {
      this.#assertOpen();
      const names = (await readdir(this.#conversationDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
      const keys: string[] = [];
      for (const name of names) keys.push((await this.#readConversationFile(join(this.#conversationDir, name))).conversation.key);
      return keys;
    },
  };

  collection<T extends Identified>(name: string, schema: z.ZodType<T>): RecordCollection<T> {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new StoreError('STATE_BAD_NAME', `Collection name "${name}" must be lowercase letters, digits and dashes.`);
    let entry = this.#collections.get(name);
    if (!entry) {
      entry = {
        db: new Low(new JSONFile<{ format: 1; records: unknown[] }>(join(this.#dir, `${name}.json`)), { format: 1, records: [] }),
        schema: schema as z.ZodType<Identified>,
        rows: new Map(),
      };
      this.#collections.set(name, entry);
    }
    const { db, rows } = entry;
    const persist = async (next: Map<string, string>) => {
      db.data = { format: 1, records: [...next.values()].map((t) => JSON.parse(t) as unknown) };
      try {
        await db.write();
      } catch (error) {
        throw new StoreError('STATE_WRITE_FAILED', `Could not write ${name}.json in ${this.#dir}: ${(error as Error).message}`, { cause: error, userMessageKey: 'errors.saveFailed' });
      }
    };
    return {
      all: () => [...rows.values()].map((t) => schema.parse(JSON.parse(t))),
      get: (id) => {
        const t = rows.get(id);
        return t === undefined ? undefined : schema.parse(JSON.parse(t));
      },
      put: async (record) => {
        this.#assertOpen();
        const next = new Map(rows);
        next.set(record.id, JSON.stringify(schema.parse(record)));
        await persist(next);
        rows.set(record.id, next.get(record.id) as string);
      },
      delete: async (id) => {
        this.#assertOpen();
        if (!rows.has(id)) return;
        const next = new Map(rows);
        next.delete(id);
        await persist(next);
        rows.delete(id);
      },
    };
  }
}

function parseFile<T>(path: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreError('STATE_CORRUPT', `State file ${path} is not valid JSON (${(error as Error).message}). The file was left untouched; fix or move it, then start again.`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new StoreError('STATE_CORRUPT', `State file ${path} is not valid: ${describeIssues(parsed.error)}. The file was left untouched; fix or move it, then start again.`);
  }
  return parsed.data;
}
