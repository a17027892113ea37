/**
 * One DATA_DIR, one bot: a second app (in this process or another) refuses to start with a clear
 * message instead of writing over the first one's state, and the first one carries on.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { person, tempDir, testApp } from '../helpers/app.ts';

const root = join(import.meta.dirname, '..', '..');

/** `npm start` in a child process, as `node --import tsx src/main.ts`. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end('hello\n');
  });
}

describe('a second bot on the same DATA_DIR', () => {
  it('should refuse to start in the same process, saying why, while the first one keeps its state', async () => {
    const dir = await tempDir();
    const first = await testApp({ dataDir: dir });
    const ana = person(first, { user: 'ana' });
    await ana.raw({ choice: 'start:visa' });

    const error = await testApp({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STATE_LOCKED');
    expect((error as StoreError).message).toContain(`DATA_DIR ${dir} is already open in this process`);

    await ana.raw({ choice: 'ans:self' });
    expect((await first.store.conversations.get('console:chat-ana:ana'))?.flow?.answers).toEqual({ purpose: 'self' });
  });

  it('should make a second process exit with code 2, naming the process that holds the folder', async () => {
    const dir = await tempDir();
    const first = await testApp({ dataDir: dir });
    const ana = person(first, { user: 'ana' });
    await ana.raw({ choice: 'start:visa' });

    const { code, stderr } = await start({ DATA_DIR: dir });
    expect(code).toBe(2);
    expect(stderr).toContain(`Another bot process (pid ${process.pid}) is using DATA_DIR ${dir}`);

    await ana.raw({ choice: 'ans:self' });
    expect(ana.text()).toContain(first.i18n.t('en', 'visa.steps.stay.prompt'));
  });

  it('should start once the first one has stopped', async () => {
    const dir = await tempDir();
    const first = await testApp({ dataDir: dir });
    await person(first, { user: 'ana' }).raw({ choice: 'start:visa' });
    await first.stop();
    const second = await testApp({ dataDir: dir });
    expect((await second.store.conversations.get('console:chat-ana:ana'))?.flow?.step).toBe('purpose');
  });
});
