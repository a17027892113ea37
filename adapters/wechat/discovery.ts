/**
 * Finding the puppet service a token belongs to, before the gRPC client is built. Wechaty's
 * discovery service (api.chatie.io, or WECHATY_PUPPET_SERVICE_AUTHORITY) answers
 * `GET https://<authority>/v0/hosties/<token>` with `{ "host": …, "port": … }`, and 4xx for a
 * token it does not know: the protocol of wechaty-token's `WechatyToken.discover()`.
 *
 * The client's own lookup cannot be used: wechaty-puppet-service hands it to wechaty-token's
 * `wechaty://` gRPC resolver, which (in wechaty-token 1.1.2) calls `listener.onError` and
 * `listener.onSuccessfulResolution`, while the @grpc/grpc-js installed here (1.14) makes the
 * resolver listener a single function (its `ResolverListener` in build/src/resolver.d.ts). So every
 * lookup, found or not, ends in an uncaught TypeError that kills the process. `discover()` itself cannot tell a wrong
 * token from a network failure, and prints the token to the console when the answer is not JSON.
 * So the adapter asks the discovery service here and gives the client a plain `host:port`.
 */
import { AdapterError } from '../../src/errors.ts';

export interface DiscoveryOptions {
  /** The puppet service token (never part of an error message). */
  token: string;
  /** The discovery service's host (and port), as WECHATY_PUPPET_SERVICE_AUTHORITY. */
  authority: string;
  /** The HTTP client; default: Node's fetch. */
  fetch?: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  /** How long to wait for the answer. */
  timeoutMs?: number;
}

const TIMEOUT_MS = 10_000;
const SKIP = 'or set WECHATY_PUPPET_SERVICE_ENDPOINT to the host:port your provider gives, to skip the lookup';

/** What went wrong with a request that got no answer, in a word (ENOTFOUND, ECONNREFUSED, timeout…). */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `host:port` of the puppet service for `token`; throws AdapterError saying what to check
 * (the token, the network, WECHATY_PUPPET_SERVICE_ENDPOINT) when there is none.
 * @example const endpoint = await discoverPuppetService({ token, authority: 'api.chatie.io' })
 */
export async function discoverPuppetService({ token, authority, fetch = globalThis.fetch, timeoutMs = TIMEOUT_MS }: DiscoveryOptions): Promise<string> {
  const url = `https://${authority}/v0/hosties/${encodeURIComponent(token)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AdapterError(
      'WECHAT_DISCOVERY_UNREACHABLE',
      `Could not reach ${authority} to look up the puppet service for WECHATY_PUPPET_SERVICE_TOKEN (${networkReason(error)}): check that this machine can open https://${authority}, ${SKIP}.`,
    );
  }
  if (response.status >= 400 && response.status < 500) {
    throw new AdapterError(
      'WECHAT_TOKEN_UNKNOWN',
      `${authority} knows no puppet service for WECHATY_PUPPET_SERVICE_TOKEN (HTTP ${response.status}): check the token with your provider (the whole token, with its prefix such as puppet_), ${SKIP}.`,
    );
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const found = typeof body === 'object' && body !== null ? (body as { host?: unknown; port?: unknown }) : {};
  if (typeof found.host !== 'string' || !found.host || (typeof found.port !== 'number' && typeof found.port !== 'string') || !found.port) {
    throw new AdapterError(
      'WECHAT_DISCOVERY_FAILED',
      `${authority} gave no puppet service address for WECHATY_PUPPET_SERVICE_TOKEN (${response.ok ? 'an answer without host and port' : `HTTP ${response.status}`}): try again later, ${SKIP}.`,
    );
  }
  return `${found.host}:${found.port}`;
}
