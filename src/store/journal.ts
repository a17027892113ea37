/**
 * An append-only journal of whole records, one JSON line each, written in batches: every line
 * that arrives while a write is under way goes out in the next single write (group commit).
 * The file store appends a conversation here before a reply is sent, and later folds the
 * journal into the per-conversation files (a checkpoint), so a message costs one shared
 * append instead of a temp file and a rename of its own.
 *
 * Files are `journal/<seq>.ndjson`. A crash can leave at most a torn last line in a file; it was
 * never acknowledged, so reading skips it. Anything else unreadable is corruption.
 */
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^(\d{8})\.ndjson$/;

const NEWLINE = Buffer.from('\n');

const fileName = (seq: number): string => `${String(seq).padStart(8, '0')}.ndjson`;

/** One complete line read back from a journal file. */
export interface JournalLine {
  path: string;
  /** 1-based line number, for error messages. */
  line: number;
  text: string;
}

/** The journal files in `dir`, oldest first. */
export async function journalFiles(dir: string): Promise<{ seq: number; path: string }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((name) => {
      const m = NAME.exec(name);
      return m ? [{ seq: Number(m[1]), path: join(dir, name) }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

/** Every complete line of every journal file, oldest first; a torn last line is left out. */
export async function readJournal(dir: string): Promise<JournalLine[]> {
  const lines: JournalLine[] = [];
  for (const { path } of await journalFiles(dir)) {
    const text = await readFile(path, 'utf8');
    const parts = text.split('\n');
    // The part after the last newline is empty, or a line a crash cut short.
    parts.pop();
    parts.forEach((part, index) => {
      if (part !== '') lines.push({ path, line: index + 1, text: part });
    });
  }
  return lines;
}

interface Pending {
  /** The line in pieces, so a large record is encoded once and never copied into a longer string. */
  parts: (string | Buffer)[];
  /** Runs right after the line is written, before any later rotation, with the file's sequence. */
  written: (seq: number) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

type Job = { kind: 'lines'; lines: Pending[] } | { kind: 'rotate'; resolve: (closed: number) => void; reject: (error: unknown) => void };

/** Appends lines to the current journal file, one write per batch, and rotates files on request. */
export class JournalWriter {
  readonly #dir: string;
  #seq: number;
  #handle: FileHandle | undefined;
  /** Bytes known good in the current file; a failed write is cut back to this. */
  #size = 0;
  /** A failed write could not be cut back: the next write starts a new file. */
  #broken = false;
  #queue: Job[] = [];
  #running = false;
  #idle: Promise<void> = Promise.resolve();

  private constructor(dir: string, seq: number) {
    this.#dir = dir;
    this.#seq = seq;
  }

  /** Opens a new, empty journal file after `lastSeq`. */
  static async create(dir: string, lastSeq: number): Promise<JournalWriter> {
    await mkdir(dir, { recursive: true });
    const writer = new JournalWriter(dir, lastSeq);
    await writer.#next();
    return writer;
  }

  /** The sequence number of the file being appended to. */
  get seq(): number {
    return this.#seq;
  }

  /** Bytes in the current file. */
  get size(): number {
    return this.#size;
  }

  /** Appends one line, given as pieces to join (without the newline); resolves once it is written. */
  append(parts: (string | Buffer)[], written: (seq: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const last = this.#queue.at(-1);
      if (last?.kind === 'lines') last.lines.push({ parts, written, resolve, reject });
      else this.#queue.push({ kind: 'lines', lines: [{ parts, written, resolve, reject }] });
      this.#run();
    });
  }

  /** Starts a new file; resolves with the sequence of the file closed. Lines appended earlier are all in it (or older ones). */
  rotate(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ kind: 'rotate', resolve, reject });
      this.#run();
    });
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    while (this.#running) await this.#idle;
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
  }

  /** Deletes every journal file; for after `close`, once everything is in the conversation files. */
  async removeAll(): Promise<void> {
    for (const file of await journalFiles(this.#dir)) await rm(file.path, { force: true });
  }

  /** Deletes journal files up to and including `seq`. */
  async removeUpTo(seq: number): Promise<void> {
    for (const file of await journalFiles(this.#dir)) {
      if (file.seq <= seq && file.seq !== this.#seq) await rm(file.path, { force: true });
    }
  }

  #run(): void {
    if (this.#running) return;
    this.#running = true;
    this.#idle = this.#drain().finally(() => {
      this.#running = false;
      if (this.#queue.length > 0) this.#run();
    });
  }

  async #drain(): Promise<void> {
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      if (job.kind === 'rotate') {
        const closed = this.#seq;
        try {
          await this.#next();
          job.resolve(closed);
        } catch (error) {
          job.reject(error);
        }
        continue;
      }
      const buffers: Buffer[] = [];
      let length = 0;
      for (const line of job.lines) {
        for (const part of line.parts) buffers.push(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);
        buffers.push(NEWLINE);
      }
      for (const buffer of buffers) length += buffer.length;
      try {
        if (this.#broken || !this.#handle) await this.#next();
        await this.#writeAll(buffers, length);
      } catch (error) {
        await this.#cutBack();
        for (const line of job.lines) line.reject(error);
        continue;
      }
      this.#size += length;
      for (const line of job.lines) line.written(this.#seq);
      for (const line of job.lines) line.resolve();
    }
  }

  async #writeAll(buffers: Buffer[], length: number): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('journal is closed');
    let { bytesWritten } = await handle.writev(buffers, this.#size);
    // A short write is rare on a regular file; finish it from a joined copy.
    if (bytesWritten < length) {
      const rest = Buffer.concat(buffers, length);
      while (bytesWritten < length) bytesWritten += (await handle.write(rest, bytesWritten, length - bytesWritten, this.#size + bytesWritten)).bytesWritten;
    }
  }

  /** A write failed part-way: cut the file back so no half line sits between good ones. */
  async #cutBack(): Promise<void> {
    try {
      await this.#handle?.truncate(this.#size);
    } catch {
      this.#broken = true;
    }
  }

  async #next(): Promise<void> {
    const handle = await open(join(this.#dir, fileName(this.#seq + 1)), 'wx');
    await this.#handle?.close().catch(() => undefined);
    this.#handle = handle;
    this.#seq += 1;
    this.#size = 0;
    this.#broken = false;
  }
}
