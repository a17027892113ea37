/**
 * `npm start`: reads the configuration, builds the app and runs until stopped (or, in the
 * terminal, until the input ends). Setup problems exit with code 2 and say what to fix.
 */
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { AppError, EXIT_SETUP } from './errors.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const app = await createApp({ config });
  await app.start();
  const stop = async () => {
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (app.console) {
    await app.console.finished;
    await app.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.code.startsWith('CONFIG') || error.code.startsWith('STATE') || error.code.startsWith('KNOWLEDGE') ? EXIT_SETUP : 1);
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
