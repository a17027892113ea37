/**
 * One process per DATA_DIR: a second one would overwrite the first one's writes. The lock is a
 * file holding the owner's pid; a lock whose process is gone is stale and taken over.
 */
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreError } from '../errors.ts';

/** Folders open in this process: a second store on one of them would clash like a second process. */
const openDirs = new Set<string>();

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks `dir` for this process; resolves with the function that releases it. Throws StoreError STATE_LOCKED when another holds it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockFile = join(dir, 'app.lock');
  if (openDirs.has(resolve(dir))) {
    throw new StoreError('STATE_LOCKED', `DATA_DIR ${dir} is already open in this process. Give each app its own DATA_DIR.`);
  }
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  const release = async () => {
    await unlink(lockFile).catch(() => undefined);
    openDirs.delete(resolve(dir));
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, mine, { flag: 'wx' });
      openDirs.add(resolve(dir));
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError('STATE_UNWRITABLE', `Cannot write in DATA_DIR ${dir}: ${(error as Error).message}. Check the folder's permissions.`, { cause: error });
      }
      const holder = await readFile(lockFile, 'utf8').catch(() => '');
      const pid = Number((/"pid":(\d+)/.exec(holder) ?? [])[1]);
      if (pid && pid !== process.pid && isProcessAlive(pid)) {
        throw new StoreError('STATE_LOCKED', `Another bot process (pid ${pid}) is using DATA_DIR ${dir}. Stop it, or give this one its own DATA_DIR.`);
      }
      // The holder is gone (crash), or it had our pid in an earlier container run: the lock is stale.
      await rm(lockFile, { force: true });
    }
  }
  throw new StoreError('STATE_LOCKED', `Could not lock DATA_DIR ${dir}; remove ${lockFile} if no bot runs.`);
}
