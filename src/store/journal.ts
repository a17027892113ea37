/**
 * An append-only journal of whole records, one JSON line each, written in batches: every line
 * appended while one task runs goes out in one write (group commit).
 * The file store appends a conversation here before a reply is sent, and later folds the
 * journal into the per-conversation files (a checkpoint), so a message costs one shared
 * append instead of a temp file and a rename of its own.
 *
 * Files are `journal/<seq>.ndjson`. A crash can leave at most a torn last line in a file; it was
 * never acknowledged, so reading skips it. Anything else unreadable is corruption.
 */
import fs from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^(\d{8})\.ndjson$/;

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
  /** The line, without its newline. */
  line: string;
  /** Runs right after the line is written, before any later rotation, with the file's sequence. */
  written: (seq: number) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends lines to the current journal file and rotates files on request.
 *
 * Lines appended while the current task runs go out in one write, made synchronously as soon
 * as it yields (a microtask). An append of a few kilobytes to the end of a file costs tens of
 * microseconds of the main thread; sent to libuv's thread pool instead it costs as much in
 * hand-offs and then waits in line behind other file work, which made replies slow under load
 * (p99 up to tens of milliseconds for a write that takes 0.1 ms). Waiting for the end of the
 * event-loop turn (setImmediate) to gather more lines was slower still: each reply then waited
 * for every other message that turn began. What a reply waits for is unchanged: its line is
 * with the operating system.
 */
export class JournalWriter {
  readonly #dir: string;
  #seq: number;
  #fd: number | undefined;
  /** Bytes known good in the current file; a failed write is cut back to this. */
  #size = 0;
  /** A failed write could not be cut back: the next write starts a new file. */
  #broken = false;
  #pending: Pending[] = [];
  /** A flush is queued as a microtask. */
  #scheduled = false;

  private constructor(dir: string, seq: number) {
    this.#dir = dir;
    this.#seq = seq;
  }

  /** Opens a new, empty journal file after `lastSeq`. */
  static async create(dir: string, lastSeq: number): Promise<JournalWriter> {
    await mkdir(dir, { recursive: true });
    const writer = new JournalWriter(dir, lastSeq);
    writer.#next();
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

  /** Appends one line (without the newline); resolves once it is written. */
  append(line: string, written: (seq: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ line, written, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(() => this.#flush());
      }
    });
  }

  /** Starts a new file; resolves with the sequence of the file closed. Lines appended earlier are all in it (or older ones). */
  async rotate(): Promise<number> {
    this.#flush();
    const closed = this.#seq;
    this.#next();
    return closed;
  }

  /** Writes lines still waiting, then closes the file. */
  async close(): Promise<void> {
    this.#flush();
    if (this.#fd !== undefined) closeQuietly(this.#fd);
    this.#fd = undefined;
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

  /** Writes every waiting line in one write; each line's promise settles with the outcome. */
  #flush(): void {
    this.#scheduled = false;
    const lines = this.#pending;
    if (lines.length === 0) return;
    this.#pending = [];
    // One string for the write: Node encodes it straight into the kernel's write, where a Buffer
    // per line cost a heap object each and about a third more time.
    let text = '';
    for (const line of lines) text += line.line + '\n';
    let length: number;
    try {
      if (this.#broken || this.#fd === undefined) this.#next();
      length = this.#writeAll(text);
    } catch (error) {
      this.#cutBack();
      for (const line of lines) line.reject(error);
      return;
    }
    this.#size += length;
    for (const line of lines) line.written(this.#seq);
    for (const line of lines) line.resolve();
  }

  /** Writes `text` at the end of the file; returns its length in bytes. */
  #writeAll(text: string): number {
    const fd = this.#fd;
    if (fd === undefined) throw new Error('journal is closed');
    // Through the module object, so tests can make the disk fail.
    let bytesWritten = fs.writeSync(fd, text, this.#size, 'utf8');
    const length = Buffer.byteLength(text, 'utf8');
    // A short write is rare on a regular file; finish it from the encoded bytes.
    if (bytesWritten < length) {
      const rest = Buffer.from(text, 'utf8');
      while (bytesWritten < length) bytesWritten += fs.writeSync(fd, rest, bytesWritten, length - bytesWritten, this.#size + bytesWritten);
    }
    return length;
  }

  /** A write failed part-way: cut the file back so no half line sits between good ones. */
  #cutBack(): void {
    try {
      if (this.#fd !== undefined) fs.ftruncateSync(this.#fd, this.#size);
    } catch {
      this.#broken = true;
    }
  }

  #next(): void {
    const fd = fs.openSync(join(this.#dir, fileName(this.#seq + 1)), 'wx');
    if (this.#fd !== undefined) closeQuietly(this.#fd);
    this.#fd = fd;
    this.#seq += 1;
    this.#size = 0;
    this.#broken = false;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Nothing waits on a file being closed; its lines are written already.
  }
}
