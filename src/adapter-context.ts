/**
 * What every messenger adapter is built from: the engine to hand messages to, the checked
 * configuration, and the logger.
 */
import type { Config } from './config.ts';
import type { Engine } from './engine.ts';
import type { Logger } from './log.ts';

export interface AdapterContext {
  engine: Engine;
  config: Config;
  log: Logger;
}
