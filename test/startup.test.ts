/**
 * `npm start` as a newcomer meets it: the real entry point in a child process.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, tempDir } from './helpers/app.ts';

const root = join(import.meta.dirname, '..');

function start(env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm start in a terminal', () => {
  it('should answer piped lines one by one and exit 0 at the end of input', async () => {
    const dataDir = await tempDir();
    const { code, stdout } = await start({ DATA_DIR: dataDir }, 'hello\n1\n');
    expect(code).toBe(0);
    expect(stdout).toContain('I am not a doctor');
    expect(stdout).toMatch(/^1\. /m);
    expect(stdout.indexOf('I am not a doctor')).toBeLessThan(stdout.lastIndexOf('step 1 of'));
  });

  it('should remember a person across two runs on the same DATA_DIR', async () => {
    const dataDir = await tempDir();
    await start({ DATA_DIR: dataDir }, 'hello\n1\n');
    const { code, stdout } = await start({ DATA_DIR: dataDir }, 'continue\n');
    expect(code).toBe(0);
    expect(stdout).toContain('step 1 of');
  });

  it('should stop with exit code 2, naming the file, when a state file is corrupt, and leave it untouched', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'conversations'), { recursive: true });
    const path = join(dataDir, 'conversations', 'torn.json');
    await writeFile(path, '{"format":1,"conv');
    const { code, stderr } = await start({ DATA_DIR: dataDir }, 'hello\n');
    expect(code).toBe(2);
    expect(stderr).toContain(path);
    expect(await readFile(path, 'utf8')).toBe('{"format":1,"conv');
  });

  it('should stop with exit code 2, naming the variable and what it allows, when configuration is invalid', async () => {
    const { code, stderr } = await start({ TELEGRAM_DRIVER: 'botkit', DATA_DIR: await tempDir() });
    expect(code).toBe(2);
    expect(stderr).toContain('TELEGRAM_DRIVER');
    expect(stderr).toContain('grammy');
  });
});

describe('npm start with WeChat on', () => {
  it('should exit 1 saying what to check, with no token and no upstream TypeError, when the puppet service cannot be looked up', async () => {
    // Discovery at a loopback port nothing listens on: refused at once, no network needed.
    const token = 'padlocal_9e8d7c6b-5a41-4f3e-8d2c-1b0a9f8e7d6c';
    const env = { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: token, WECHATY_PUPPET_SERVICE_AUTHORITY: `127.0.0.1:${await freePort()}` };
    const { code, stdout, stderr } = await start({ ...env, DATA_DIR: await tempDir() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Could not reach 127\.0\.0\.1:\d+ .*\(ECONNREFUSED\).*WECHATY_PUPPET_SERVICE_ENDPOINT/);
    expect(stderr).not.toContain('TypeError');
    expect(stdout + stderr).not.toContain(token);
  });
});
