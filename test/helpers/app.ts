/**
 * Building the app for a test and talking to it as a person would.
 * @example const bot = await testApp(); const ana = person(bot, { user: 'ana' }); await ana.send('hi');
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type App, type AppOptions, createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Address, Choice, Incoming, Platform, Reply } from '../../src/message.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A fresh folder removed after the test. */
export async function tempDir(prefix = 'bot-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A free TCP port on loopback (nothing listens on it once this resolves). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Configuration for tests: no messenger, a given DATA_DIR, plus any overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: join(tmpdir(), 'unused-bot-data'), LOG_LEVEL: 'silent', ...env });
}

export interface TestAppOptions extends AppOptions {
  /** Use the real file store in this folder (default: the in-memory store). */
  dataDir?: string;
  env?: Record<string, string>;
}

/** The fixture flows' locale folder, for `extraLocaleDirs`. */
export const FIXTURE_LOCALES = join(import.meta.dirname, '..', 'fixtures', 'locales');

/** A started app with no messenger and no terminal; stopped after the test. */
export async function testApp(options: TestAppOptions = {}): Promise<App> {
  const { dataDir, env, ...rest } = options;
  const config = rest.config ?? testConfig({ ...(dataDir ? { DATA_DIR: dataDir } : {}), ...env });
  const app = await createApp({
    console: false,
    adapters: [],
    ...rest,
    config,
    store: rest.store ?? (dataDir ? undefined : new MemoryStateStore()),
  });
  await app.start();
  cleanups.push(() => app.stop());
  return app;
}

export interface PersonOptions {
  platform?: Platform;
  user?: string;
  chat?: string;
  languageHint?: string;
  displayName?: string;
}

let messageCounter = 0;

/** One person talking to the bot; remembers the last replies so choices can be pressed. */
export class Person {
  readonly address: Address;
  last: Reply[] = [];

  constructor(
    readonly app: Pick<App, 'engine'>,
    readonly options: PersonOptions = {},
  ) {
    const user = options.user ?? 'u1';
    this.address = { platform: options.platform ?? 'console', chatId: options.chat ?? `chat-${user}`, userId: user };
  }

  /** Sends any Incoming fields (text, choice, attachment…) as this person. */
  async raw(fields: Partial<Incoming>): Promise<Reply[]> {
    const incoming: Incoming = {
      address: this.address,
      messageId: `m${++messageCounter}`,
      ...(this.options.languageHint ? { languageHint: this.options.languageHint } : {}),
      ...(this.options.displayName ? { displayName: this.options.displayName } : {}),
      ...fields,
    };
    this.last = await this.app.engine.handle(incoming);
    return this.last;
  }

  /** Types a message. */
  send(text: string): Promise<Reply[]> {
    return this.raw({ text });
  }

  /** Presses the offered choice whose label contains `label` (or whose id equals it, with or without its `@step`). */
  press(label: string): Promise<Reply[]> {
    const choice = this.choices().find((c) => c.id === label || c.id.split('@')[0] === label) ?? this.choices().find((c) => c.label.includes(label));
    if (!choice) throw new Error(`No choice "${label}" among: ${this.choices().map((c) => `${c.label} (${c.id})`).join(', ') || 'none'}`);
    return this.raw({ choice: choice.id });
  }

  /** All choices offered by the last replies. */
  choices(): Choice[] {
    return this.last.flatMap((r) => r.choices ?? []);
  }

  /** The last replies' texts joined, for `toContain` checks. */
  text(): string {
    return this.last.map((r) => r.text).join('\n');
  }
}

export function person(app: Pick<App, 'engine'>, options: PersonOptions = {}): Person {
  return new Person(app, options);
}
