import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { journalFiles, JournalWriter, readJournal } from '../../src/store/journal.ts';
import { tempDir } from '../helpers/app.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const line = (n: number) => `{"k":"p${n}","c":{"n":${n},"text":"Здравствуйте, 你好"}}`;

describe('the journal under many people at once', () => {
  it('should write the lines of many people that arrive together in one write, and acknowledge each once written', async () => {
    const dir = await tempDir();
    const journal = await JournalWriter.create(dir, 0);
    const writes = vi.spyOn(fs, 'writeSync');
    const seqs: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, n) => journal.append(line(n), (seq) => seqs.push(seq))));
    expect(writes).toHaveBeenCalledTimes(1);
    expect(seqs).toEqual(Array(50).fill(1));
    const lines = await readJournal(dir);
    expect(lines.map((l) => JSON.parse(l.text).k)).toEqual(Array.from({ length: 50 }, (_, n) => `p${n}`));
    await journal.close();
  });

  it('should refuse the lines of a write the disk cut short, leave no half line, and write the next ones whole', async () => {
    const dir = await tempDir();
    const journal = await JournalWriter.create(dir, 0);
    await journal.append(line(1), () => undefined);
    const real = fs.writeSync.bind(fs) as (fd: number, buffer: Buffer, offset: number, length: number, position: number) => number;
    vi.spyOn(fs, 'writeSync').mockImplementationOnce((fd: number, text: unknown, position: unknown) => {
      // Half of the bytes reach the file, then the disk is full.
      const bytes = Buffer.from(text as string, 'utf8');
      real(fd, bytes, 0, Math.floor(bytes.length / 2), position as number);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const refused = await journal.append(line(2), () => undefined).catch((error: unknown) => error);
    expect((refused as NodeJS.ErrnoException).code).toBe('ENOSPC');
    await journal.append(line(3), () => undefined);
    await journal.close();
    const text = await readFile(join(dir, '00000001.ndjson'), 'utf8');
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).k)).toEqual(['p1', 'p3']);
  });

  it('should finish a write the disk took only part of, so the line lands whole', async () => {
    const dir = await tempDir();
    const journal = await JournalWriter.create(dir, 0);
    const real = fs.writeSync.bind(fs) as (fd: number, buffer: Buffer, offset: number, length: number, position: number) => number;
    const writes = vi.spyOn(fs, 'writeSync').mockImplementationOnce((fd: number, text: unknown, position: unknown) => {
      // The kernel takes the first 10 bytes (a multi-byte letter may be split) and returns.
      return real(fd, Buffer.from(text as string, 'utf8'), 0, 10, position as number);
    });
    await journal.append(line(1), () => undefined);
    await journal.append(line(2), () => undefined);
    await journal.close();
    expect(writes.mock.calls.length).toBeGreaterThan(2);
    const lines = await readJournal(dir);
    expect(lines.map((l) => JSON.parse(l.text))).toEqual([
      { k: 'p1', c: { n: 1, text: 'Здравствуйте, 你好' } },
      { k: 'p2', c: { n: 2, text: 'Здравствуйте, 你好' } },
    ]);
  });

  it('should put every line appended before a rotation in the file it closes', async () => {
    const dir = await tempDir();
    const journal = await JournalWriter.create(dir, 4);
    const before = journal.append(line(1), () => undefined);
    const closed = await journal.rotate();
    await before;
    await journal.append(line(2), () => undefined);
    await journal.close();
    expect(closed).toBe(5);
    expect((await journalFiles(dir)).map((f) => f.seq)).toEqual([5, 6]);
    const lines = await readJournal(dir);
    expect(lines.map((l) => [l.path.endsWith('00000005.ndjson'), JSON.parse(l.text).k])).toEqual([
      [true, 'p1'],
      [false, 'p2'],
    ]);
  });
});
