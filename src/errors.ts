/**
 * Error classes, one per place of failure. Each carries a code, a message a person can act on,
 * and optionally the i18n key of what the person in the chat should read.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown; userMessageKey?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.userMessageKey = options.userMessageKey;
  }
  readonly userMessageKey: string | undefined;
}

/** Invalid configuration: start-up stops with exit code 2. */
export class ConfigError extends AppError {}

/** The state or knowledge store cannot be read or written. */
export class StoreError extends AppError {}

/** A messenger adapter failed (bad token, network, refused by the platform). */
export class AdapterError extends AppError {}

/** Exit code for problems a person must fix before the bot can start (config, corrupt state). */
export const EXIT_SETUP = 2;
