/**
 * The lowdb state store: one JSON file per conversation under `conversations/`, one file per
 * collection, each written atomically (temp file and rename, by lowdb's steno writer).
 * A file per conversation keeps the cost of a write independent of how many people there are.
 *
 * A temp file and a rename per message cost the kernel far more than the engine spends on the
 * message, so changes to known conversations are first appended to a shared journal
 * (`journal.ts`: one write for all messages that arrive meanwhile) and acknowledged once that
 * write is done. Every 30 s (or 64 MiB of journal), and on close, a checkpoint writes each
 * changed conversation to its own file, once, and deletes the journal. Opening replays a
 * journal a crash left behind. A newcomer's file is made by the first checkpoint after their
 * first message.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TextFile } from 'lowdb/node';
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { KeyedQueue } from '../keyed-queue.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { journalFiles, JournalWriter, readJournal } from './journal.ts';
import { Conversation, ConversationFile, type Identified } from './records.ts';
import type { ConversationTable, RecordCollection, StateStore } from './state-store.ts';

const CollectionFile = z.object({ format: z.literal(1), records: z.array(z.unknown()) });

/** One journal line: a conversation's whole new state, or its deletion. */
const JournalEntry = z.union([z.object({ k: z.string(), c: z.unknown() }), z.object({ k: z.string(), d: z.literal(true) })]);

/** How many conversations stay in memory as JSON; older ones are read again from disk. */
const CACHE_LIMIT = 20_000;
/** How many of the most recently written stay as objects too, for the next read of each. */
const LIVE_LIMIT = 1_000;

export interface FileStateStoreOptions {
  /** How long changes may sit in the journal before their conversation files are rewritten. Default 30 s. */
  checkpointMs?: number;
  /** A journal this large is folded into the files at once. Default 64 MiB. */
  checkpointBytes?: number;
}

/** A change waiting for the next checkpoint: the conversation's JSON, or null once deleted. */
interface Dirty {
  json: string | null;
  /** The journal file it was written to. */
  seq: number;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function fileNameFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json';
}

/** The file text for a conversation already turned into JSON (one stringify per write). */
const conversationFileText = (conversationJson: string): string => `{"format":1,"conversation":${conversationJson}}`;

/** Sets `key` as the newest entry of `map` (Maps keep insertion order), dropping the oldest past `limit`. */
function setNewest<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

/** Runs `task` over `items`, at most `limit` at once, so a checkpoint leaves the thread pool to replies. */
async function inBatches<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface CollectionEntry {
  file: TextFile;
  schema: z.ZodType<Identified>;
  /** id -> JSON text of the record. */
  rows: Map<string, string>;
}

export class FileStateStore implements StateStore {
  readonly #dir: string;
  readonly #conversationDir: string;
  readonly #journalDir: string;
  readonly #checkpointMs: number;
  readonly #checkpointBytes: number;
  /**
   * key -> the conversation's JSON as on disk, as UTF-8 bytes: outside the JS heap and half the
   * size of a string with Chinese or Russian in it (20,000 conversations: about 80 MiB rather
   * than 170 in the heap). Reads hand out fresh copies. People writing now are served from
   * `#live` and `#dirty` first, so decoding is paid only by those coming back after a while.
   */
  readonly #cache = new Map<string, Buffer>();
  /**
   * key -> the checked copy of the conversation its last put made, handed to the next get
   * instead of parsing the JSON again, and then dropped: no two readers ever hold one object,
   * so a reader may change what it gets. Only the newest writes are kept (LIVE_LIMIT).
   */
  readonly #live = new Map<string, Conversation>();
  /** Changes in the journal not yet in their files; always served before the cache. */
  readonly #dirty = new Map<string, Dirty>();
  /** Names of the conversation files that exist. */
  readonly #files = new Set<string>();
  /** Writes under way per key, so one person's writes land in order even outside the engine's queue. */
  readonly #writing = new Map<string, Promise<void>>();
  readonly #collections = new Map<string, CollectionEntry>();
  /**
   * Each collection's writes, one after another: each writes the whole file from the rows the
   * writes before it left, so two questions recorded at once both reach the disk.
   */
  readonly #collectionWrites = new KeyedQueue();
  #journal: JournalWriter | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checkpointing: Promise<void> | undefined;
  #opened = false;
  /** Releases DATA_DIR, while this store holds it. */
  #unlock: (() => Promise<void>) | undefined;

  constructor(dir: string, options: FileStateStoreOptions = {}) {
    this.#dir = dir;
    this.#conversationDir = join(dir, 'conversations');
    this.#journalDir = join(dir, 'journal');
    this.#checkpointMs = options.checkpointMs ?? 30_000;
    this.#checkpointBytes = options.checkpointBytes ?? 64 * 1024 * 1024;
  }

  async open(): Promise<void> {
    await mkdir(this.#conversationDir, { recursive: true });
    this.#unlock = await lockDataDir(this.#dir);
    try {
      await this.#checkConversations();
      for (const [name, entry] of this.#collections) await this.#loadCollection(name, entry);
      await this.#replayJournal();
    } catch (error) {
      await this.close();
      throw error;
    }
    this.#opened = true;
  }

  async close(): Promise<void> {
    this.#opened = false;
    // Writes already queued go out: they were accepted while the store was open.
    await this.#collectionWrites.settled();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#journal) {
      await Promise.allSettled([...this.#writing.values()]);
      // A checkpoint that fails leaves the journal in place: the next open replays it.
      // Twice at most: a checkpoint already under way may not hold the newest changes.
      let folded = false;
      for (let attempt = 0; attempt < 2 && !folded; attempt++) {
        folded = await this.#checkpoint().then(
          () => this.#dirty.size === 0,
          () => false,
        );
      }
      await this.#journal.close();
      if (folded) await this.#journal.removeAll().catch(() => undefined);
      this.#journal = undefined;
    }
    this.#dirty.clear();
    this.#cache.clear();
    this.#live.clear();
    this.#files.clear();
    await this.#unlock?.();
    this.#unlock = undefined;
  }

  /** Writes every change still in the journal to its conversation file now (close does it too). */
  async flush(): Promise<void> {
    this.#assertOpen();
    await Promise.allSettled([...this.#writing.values()]);
    await this.#checkpoint();
    // A checkpoint already under way (a full journal starts one) folds only what came before it.
    if (this.#dirty.size > 0) await this.#checkpoint();
  }

  async #checkConversations(): Promise<void> {
    this.#files.clear();
    const names = (await readdir(this.#conversationDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const batch = 64;
    for (let i = 0; i < names.length; i += batch) {
      await Promise.all(names.slice(i, i + batch).map((name) => this.#readConversationFile(join(this.#conversationDir, name))));
    }
    for (const name of names) this.#files.add(name);
  }

  /** Folds a journal left by a crash into the files, then starts an empty one. */
  async #replayJournal(): Promise<void> {
    let lines: Awaited<ReturnType<typeof readJournal>>;
    try {
      lines = await readJournal(this.#journalDir);
    } catch (error) {
      throw new StoreError('STATE_UNREADABLE', `The journal in ${this.#journalDir} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const files = await journalFiles(this.#journalDir);
    const lastSeq = files.at(-1)?.seq ?? 0;
    for (const { path, line, text } of lines) {
      const where = `${path} line ${line}`;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new StoreError('STATE_CORRUPT', `Journal ${where} is not valid JSON (${(error as Error).message}). The file was left untouched; fix or move it, then start again.`, { cause: error });
      }
      const entry = JournalEntry.safeParse(json);
      if (!entry.success) throw new StoreError('STATE_CORRUPT', `Journal ${where} is not valid: ${describeIssues(entry.error)}. The file was left untouched; fix or move it, then start again.`);
      if ('d' in entry.data) {
        this.#dirty.set(entry.data.k, { json: null, seq: lastSeq });
        continue;
      }
      const conversation = Conversation.safeParse(entry.data.c);
      if (!conversation.success || conversation.data.key !== entry.data.k) {
        const reason = conversation.success ? 'the key does not match' : describeIssues(conversation.error);
        throw new StoreError('STATE_CORRUPT', `Journal ${where} is not valid: ${reason}. The file was left untouched; fix or move it, then start again.`);
      }
      this.#dirty.set(entry.data.k, { json: JSON.stringify(conversation.data), seq: lastSeq });
    }
    try {
      this.#journal = await JournalWriter.create(this.#journalDir, lastSeq);
    } catch (error) {
      throw new StoreError('STATE_UNWRITABLE', `Cannot write the journal in ${this.#journalDir}: ${(error as Error).message}. Check the folder's permissions and free space.`, { cause: error });
    }
    if (files.length > 0) {
      try {
        await this.#checkpoint();
      } catch (error) {
        throw new StoreError('STATE_UNWRITABLE', `Cannot fold the journal into ${this.#conversationDir}: ${(error as Error).message}. Check free space, then start again.`, { cause: error });
      }
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

  async #loadCollection(name: string, entry: CollectionEntry): Promise<void> {
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
  }

  #remember(key: string, json: string): void {
    setNewest(this.#cache, key, Buffer.from(json, 'utf8'), CACHE_LIMIT);
  }

  #assertOpen(): void {
    if (!this.#opened) throw new StoreError('STATE_CLOSED', 'The state store is not open: call open() first.');
  }

  #writeFailed(error: unknown): StoreError {
    return new StoreError('STATE_WRITE_FAILED', `Could not write the conversation in ${this.#dir}: ${(error as Error).message}`, { cause: error, userMessageKey: 'errors.saveFailed' });
  }

  /** Appends a change to the journal; it counts as stored once the append is written. */
  async #journalled(key: string, json: string | null): Promise<void> {
    const journal = this.#journal;
    if (!journal) throw new StoreError('STATE_CLOSED', 'The state store is not open: call open() first.');
    const line = json === null ? `{"k":${JSON.stringify(key)},"d":true}` : `{"k":${JSON.stringify(key)},"c":${json}}`;
    await journal.append(line, (seq) => {
      // Runs as the line is written, before any rotation: the checkpoint then sees it in this file.
      this.#dirty.set(key, { json, seq });
      this.#cache.delete(key);
    });
    if (journal.size >= this.#checkpointBytes) void this.#checkpoint().catch(() => this.#schedule());
    else this.#schedule();
  }

  /** Runs one write for `key` after any still under way for it. */
  async #serial(key: string, write: () => Promise<void>): Promise<void> {
    const before = this.#writing.get(key);
    const mine = before ? before.then(write, write) : write();
    const tail = mine.catch(() => undefined);
    this.#writing.set(key, tail);
    try {
      await mine;
    } finally {
      if (this.#writing.get(key) === tail) this.#writing.delete(key);
    }
  }

  #schedule(): void {
    if (this.#timer || !this.#opened) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A failed checkpoint keeps its journal; the next one tries again.
      void this.#checkpoint().catch(() => this.#schedule());
    }, this.#checkpointMs);
    this.#timer.unref();
  }

  /** Writes every change in the journal to its conversation file, then deletes the journal. */
  #checkpoint(): Promise<void> {
    this.#checkpointing ??= this.#runCheckpoint().finally(() => {
      this.#checkpointing = undefined;
    });
    return this.#checkpointing;
  }

  async #runCheckpoint(): Promise<void> {
    const journal = this.#journal;
    if (!journal || this.#dirty.size === 0) return;
    // Later changes go to a new file; everything up to `closed` is folded now.
    const closed = await journal.rotate();
    const due = [...this.#dirty].filter(([, change]) => change.seq <= closed);
    let failure: unknown;
    await inBatches(due, 4, async ([key, change]) => {
      const name = fileNameFor(key);
      try {
        if (change.json === null) {
          await rm(join(this.#conversationDir, name), { force: true });
          this.#files.delete(name);
        } else {
          await new TextFile(join(this.#conversationDir, name)).write(conversationFileText(change.json));
          this.#files.add(name);
        }
      } catch (error) {
        failure ??= error;
      }
    });
    if (failure !== undefined) throw failure;
    await journal.removeUpTo(closed);
    for (const [key, change] of due) {
      // A change written since stays for the next checkpoint.
      if (this.#dirty.get(key) !== change) continue;
      this.#dirty.delete(key);
      if (change.json !== null) this.#remember(key, change.json);
    }
  }

  readonly conversations: ConversationTable = {
    get: async (key) => {
      this.#assertOpen();
      const live = this.#live.get(key);
      if (live) {
        this.#live.delete(key);
        return live;
      }
      const change = this.#dirty.get(key);
      if (change?.json === null) return undefined;
      let text = change?.json ?? this.#cache.get(key)?.toString('utf8');
      if (text === undefined) {
        const name = fileNameFor(key);
        // This process alone writes the folder (it holds the lock), so a file it does not know
        // of does not exist: a newcomer costs no trip to the disk.
        if (!this.#files.has(name)) return undefined;
        const path = join(this.#conversationDir, name);
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
      // The text was checked by the schema when it was stored or read, so parsing is the copy.
      return JSON.parse(text) as Conversation;
    },
    put: async (conversation) => {
      this.#assertOpen();
      // The parse is a new object; the JSON values inside it (extras, answers) are the caller's,
      // which is why put takes the record over (see ConversationTable.put).
      const valid = Conversation.parse(conversation);
      const { key } = valid;
      const text = JSON.stringify(valid);
      this.#live.delete(key);
      await this.#serial(key, async () => {
        try {
          // A newcomer too: their file is created by the next checkpoint, so a first message
          // costs one shared append rather than a temp file and a rename of its own.
          await this.#journalled(key, text);
        } catch (error) {
          throw this.#writeFailed(error);
        }
        setNewest(this.#live, key, valid, LIVE_LIMIT);
      });
    },
    delete: async (key) => {
      this.#assertOpen();
      await this.#serial(key, async () => {
        this.#live.delete(key);
        // Recorded first when the journal holds this person: replaying it must not bring them back.
        if (this.#dirty.has(key)) await this.#journalled(key, null);
        const name = fileNameFor(key);
        await rm(join(this.#conversationDir, name), { force: true });
        this.#files.delete(name);
        this.#cache.delete(key);
      });
    },
    keys: async () => {
      this.#assertOpen();
      const names = (await readdir(this.#conversationDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
      const keys = new Set<string>();
      for (const name of names) keys.add((await this.#readConversationFile(join(this.#conversationDir, name))).conversation.key);
      for (const [key, change] of this.#dirty) {
        if (change.json === null) keys.delete(key);
        else keys.add(key);
      }
      return [...keys];
    },
  };

  collection<T extends Identified>(name: string, schema: z.ZodType<T>): RecordCollection<T> {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new StoreError('STATE_BAD_NAME', `Collection name "${name}" must be lowercase letters, digits and dashes.`);
    let entry = this.#collections.get(name);
    if (!entry) {
      entry = { file: new TextFile(join(this.#dir, `${name}.json`)), schema: schema as z.ZodType<Identified>, rows: new Map() };
      this.#collections.set(name, entry);
    }
    const { file, rows } = entry;
    const serial = (task: () => Promise<void>): Promise<void> => this.#collectionWrites.run(name, task);
    const persist = async (next: Map<string, string>) => {
      // The rows are JSON already: join them rather than parse and print them again.
      try {
        await file.write(`{"format":1,"records":[${[...next.values()].join(',')}]}`);
      } catch (error) {
        throw new StoreError('STATE_WRITE_FAILED', `Could not write ${name}.json in ${this.#dir}: ${(error as Error).message}`, { cause: error, userMessageKey: 'errors.saveFailed' });
      }
    };
    return {
      all: () => [...rows.values()].map((t) => schema.parse(JSON.parse(t))),
      size: () => rows.size,
      get: (id) => {
        const t = rows.get(id);
        return t === undefined ? undefined : schema.parse(JSON.parse(t));
      },
      put: async (record) => {
        this.#assertOpen();
        const json = JSON.stringify(schema.parse(record));
        await serial(async () => {
          const next = new Map(rows);
          next.set(record.id, json);
          await persist(next);
          rows.set(record.id, json);
        });
      },
      delete: async (id) => {
        this.#assertOpen();
        await serial(async () => {
          if (!rows.has(id)) return;
          const next = new Map(rows);
          next.delete(id);
          await persist(next);
          rows.delete(id);
        });
      },
      deleteMany: async (ids) => {
        this.#assertOpen();
        await serial(async () => {
          const gone = ids.filter((id) => rows.has(id));
          if (gone.length === 0) return;
          const next = new Map(rows);
          for (const id of gone) next.delete(id);
          await persist(next);
          for (const id of gone) rows.delete(id);
        });
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
