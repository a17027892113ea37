/**
 * Structured logging: one JSON line per event on stderr, with a level and (where there is one)
 * the conversation key. What people write is health data: pass it only at debug level.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  readonly level: LogLevel;
}

/** Values that look like bot tokens are masked wherever they appear in a log line. */
const tokenPattern = /\b\d{6,12}:[A-Za-z0-9_-]{30,}\b|\bpuppet_[A-Za-z0-9_-]{8,}\b/g;

/**
 * The text with each secret (of 6 characters or more) and anything that looks like a bot token
 * replaced by `***`: for log lines, and for error messages printed outside the logger.
 * @example redact(`no host for ${token}`, [token]) // 'no host for ***'
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 6) result = result.split(secret).join('***');
  return result.replace(tokenPattern, '***');
}

function describeError(error: unknown): unknown {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
  }
  return String(error);
}

/**
 * Makes a logger that writes to `write` (stderr by default).
 * @example createLogger({ level: 'info' }).info('engine.reply', { conv: key, replies: 2 })
 */
export function createLogger({
  level = 'info',
  write = (line: string) => process.stderr.write(line + '\n'),
  secrets = [],
}: { level?: LogLevel; write?: (line: string) => void; secrets?: string[] } = {}): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}) => {
    if (rank[at] < rank[level]) return;
    const record: LogFields = { time: new Date().toISOString(), level: at, event };
    for (const [k, v] of Object.entries(fields)) record[k] = v instanceof Error ? describeError(v) : v;
    write(redact(JSON.stringify(record), secrets));
  };
  return {
    level,
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
