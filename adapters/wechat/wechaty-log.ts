/**
 * Wechaty's own log lines, through the app's logger with every token masked. Wechaty logs with
 * brolog, in two instances: the one wechaty, wechaty-puppet and the puppets share (exported as
 * `log` by wechaty), and brolog's global one (used by wechaty-token, memory-card, flash-store,
 * file-box, watchdog). Both print straight to the console by default, and some of their WARN lines
 * carry the puppet service token (discovery URLs, `wechaty://…/<token>` targets). brolog's own
 * `enableLogging(printer)` hands each formatted line to a function instead: ours masks the tokens
 * and passes the line on as a structured `wechaty.log` event, whatever level brolog is set to.
 */
import { log as brologGlobal } from 'brolog';
import { log as wechatyLog } from 'wechaty';
import { type Logger, redact } from '../../src/log.ts';

/** brolog's level titles, and the app's level for each (Wechaty's verbose and silly are debug). */
const LEVELS = { ERR: 'error', WARN: 'warn', INFO: 'info', VERB: 'debug', SILL: 'debug' } as const;

// brolog's instances are process-wide, so the route is too: lines go to the logger of the
// adapter built last, and every token any adapter was given stays masked.
const secrets = new Set<string>();
let target: Logger | undefined;
let routed = false;

/** One brolog line ("WARN Module message…", timestamps off) as a `wechaty.log` event, tokens masked. */
function print(title: string, text = ''): void {
  if (!target) return;
  const line = redact(text, secrets);
  const rest = line.startsWith(`${title} `) ? line.slice(title.length + 1) : line;
  const space = rest.indexOf(' ');
  const fields = space < 0 ? { module: rest, message: '' } : { module: rest.slice(0, space), message: rest.slice(space + 1) };
  const level = LEVELS[title as keyof typeof LEVELS] ?? 'info';
  target[level]('wechaty.log', fields);
}

/**
 * Sends Wechaty's log lines to `log` from now on, with `tokens` (and anything that looks like a
 * token) masked. Call it before the puppet is built: puppets log their options when they are made.
 * @example routeWechatyLogs(log, [config.WECHATY_PUPPET_SERVICE_TOKEN])
 */
export function routeWechatyLogs(log: Logger, tokens: readonly (string | undefined)[]): void {
  for (const token of tokens) if (token) secrets.add(token);
  target = log;
  if (routed) return;
  routed = true;
  for (const instance of [wechatyLog, brologGlobal]) {
    // The app's logger stamps each line with the full date; brolog's "12:34:56 " would only be noise.
    instance.timestamp(false);
    instance.enableLogging(print);
  }
}
