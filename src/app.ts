/**
 * The one place that composes everything: stores, flows, plugins and adapters. `npm start`,
 * the tests, the benchmark and people who embed the bot all build it with `createApp`.
 */
import { join } from 'node:path';
import { briefPlugin, consultFlow } from '../flows/consultation-prep.ts';
import { insuranceFlow } from '../flows/insurance.ts';
import { checklistPlugin, visaFlow } from '../flows/visa-checklist.ts';
import { createConsoleAdapter, type ConsoleAdapter, type ConsoleOptions } from '../adapters/console/console-adapter.ts';
import type { AdapterContext } from './adapter-context.ts';
import { type Config, loadConfig, secretsOf } from './config.ts';
import { loadCantoneseReader } from './cantonese.ts';
import { createEmergencyGuide } from './emergency.ts';
import { createEngine, type Engine } from './engine.ts';
import type { FlowDefinition } from './flow-definition.ts';
import { createI18n, DEFAULT_LOCALES_DIR, type I18n, loadResourcesFrom } from './i18n.ts';
import { createHandoffPlugin, isHandoffPlugin } from './handoff/handoff-plugin.ts';
import type { StaffChannel } from './handoff/staff-channels.ts';
import { createKnowledgePlugin } from './knowledge/knowledge-plugin.ts';
import { type KnowledgeStore, openKnowledgeStore } from './knowledge/knowledge-store.ts';
import { createLogger, type Logger } from './log.ts';
import { FileStateStore } from './store/file-state-store.ts';
import type { StateStore } from './store/state-store.ts';
import type { Adapter, EnginePlugin } from './turn.ts';

export interface AppOptions {
  /** Checked configuration; default: read from the environment. */
  config?: Config;
  /** Default: the lowdb file store under DATA_DIR. */
  store?: StateStore;
  log?: Logger;
  /** Default: the product's flows. Tests pass fixture flows. */
  flows?: FlowDefinition[];
  /** The knowledge base; default: the articles in data/knowledge. */
  knowledge?: KnowledgeStore;
  /** Added to the product's plugins. */
  plugins?: EnginePlugin[];
  /** Replaces the product's plugins entirely (tests of the bare engine). */
  onlyPlugins?: EnginePlugin[];
  /** Messenger adapters to run instead of those the configuration turns on. */
  adapters?: AdapterFactory[];
  /** Run the terminal adapter; default: when no messenger is configured. */
  console?: boolean | ConsoleOptions;
  /** More locale folders (laid out like data/locales), for fixture flows in tests. */
  extraLocaleDirs?: string[];
  /** A clock, for tests. */
  now?: () => Date;
}

/** Builds one messenger adapter from the engine, configuration and logger. */
export type AdapterFactory = (context: AdapterContext) => Adapter;

export interface App {
  readonly engine: Engine;
  readonly store: StateStore;
  readonly config: Config;
  readonly log: Logger;
  readonly i18n: I18n;
  readonly adapters: Adapter[];
  /** The terminal adapter when it runs. */
  readonly console: ConsoleAdapter | undefined;
  /** Opens the store (checking every file), then starts plugins and adapters. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The product's flows, in menu order. A new flow is one line here. */
export function productFlows(): FlowDefinition[] {
  return [insuranceFlow, visaFlow, consultFlow];
}

/** The product's plugins. A new feature is one line here. */
export function productPlugins({ config, store, knowledge }: { config: Config; store: StateStore; log: Logger; knowledge: KnowledgeStore }): EnginePlugin[] {
  // Order matters: intercepts run in this order (handoff relay before checklist "done 3"),
  // and knowledge comes last because it takes every free-text message left.
  return [createHandoffPlugin({ config, store }), checklistPlugin, briefPlugin, createKnowledgePlugin(knowledge, { stateStore: store })];
}

/** Which messenger adapters the configuration turns on. */
async function configuredAdapters(config: Config, staffRoom: (room: StaffChannel) => void): Promise<AdapterFactory[]> {
  const factories: AdapterFactory[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    // Loaded only when configured, so a terminal-only run never loads grammY or Telegraf.
    const { createTelegramAdapter } = await import('../adapters/telegram/index.ts');
    factories.push((ctx) => createTelegramAdapter(ctx));
  }
  if (config.WECHATY_PUPPET) {
    // Loaded only when WeChat is on: Wechaty and its gRPC stack are heavy to import.
    const { createWechatAdapter } = await import('../adapters/wechat/index.ts');
    // The staff room's id is known only after login; the handoff plugin learns it from here.
    factories.push((ctx) => createWechatAdapter(ctx, { onStaffRoom: staffRoom }));
  }
  return factories;
}

/**
 * Builds the bot as `npm start` does, without starting it.
 * @example const app = await createApp({ config: loadConfig({ DATA_DIR: dir }), console: false }); await app.start();
 */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  let plugins: EnginePlugin[] = [];
  const adapterFactories = options.adapters ?? (await configuredAdapters(config, (room) => void plugins.find(isHandoffPlugin)?.addStaffChannel(room)));
  const useConsole = options.console ?? adapterFactories.length === 0;
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL ?? (useConsole ? 'error' : 'info'), secrets: secretsOf(config) });
  const store = options.store ?? new FileStateStore(config.DATA_DIR);
  const i18n = createI18n(loadResourcesFrom([DEFAULT_LOCALES_DIR, ...(options.extraLocaleDirs ?? [])]));
  const knowledge = options.knowledge ?? (await openKnowledgeStore());
  plugins = options.onlyPlugins ?? [...productPlugins({ config, store, log, knowledge }), ...(options.plugins ?? [])];
  const engine = createEngine({
    store,
    i18n,
    log,
    emergency: createEmergencyGuide(),
    cantonese: loadCantoneseReader(),
    flows: options.flows ?? productFlows(),
    plugins,
    ...(options.now ? { now: options.now } : {}),
  });
  const adapters = adapterFactories.map((make) => make({ engine, config, log }));
  const consoleAdapter = useConsole ? createConsoleAdapter({ engine }, typeof useConsole === 'object' ? useConsole : {}) : undefined;
  if (consoleAdapter) adapters.push(consoleAdapter);
  let started = false;

  return {
    engine,
    store,
    config,
    log,
    i18n,
    adapters,
    console: consoleAdapter,
    async start() {
      await store.open();
      await engine.start();
      for (const adapter of adapters) {
        engine.register(adapter);
        await adapter.start();
      }
      started = true;
      log.info('app.started', { adapters: adapters.map((a) => a.platform), dataDir: join(config.DATA_DIR) });
    },
    async stop() {
      if (!started) return;
      started = false;
      for (const adapter of adapters) await adapter.stop().catch((error: unknown) => log.error('adapter.stop_failed', { platform: adapter.platform, error }));
      await engine.stop();
      await store.close();
      log.info('app.stopped');
    },
  };
}
