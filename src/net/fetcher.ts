import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AllowHost } from './allow-hosts.ts';
import { Deadline } from './deadline.ts';
import { FetchError } from './errors.ts';
import { JSON_ACCEPT, parseJsonResponse } from './json-body.ts';
import { readCappedBody } from './read-body.ts';
import { redirectLocation, redirectTarget } from './redirects.ts';
import { systemResolver, vetTarget, type ResolveHost } from './resolve.ts';
import { sendRequest } from './send-request.ts';
import { parseTarget, type Target } from './target.ts';

export interface FetcherOptions {
  /** host:port pairs that may be reached whatever their address (HALLMARK_FETCH_ALLOW_HOSTS). */
  allowHosts: readonly AllowHost[];
  /** For the whole fetch, redirects included. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** DNS; tests inject one to make a name resolve where they need it. */
  lookup?: ResolveHost;
}

export interface FetchOptions {
  accept?: string;
  /** Overrides the fetcher's cap for this request. */
  maxBytes?: number;
}

/** What a request looks like on one hop, for a signer to sign (federation signs every hop afresh). */
export interface OutgoingHop {
  method: 'GET' | 'POST';
  url: URL;
  /** Lower-case names; the signer's headers are added to these. */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export interface SendOptions extends FetchOptions {
  method?: 'GET' | 'POST';
  /** Extra request headers (lower-case names), e.g. content-type. */
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Headers to add on each hop, computed from the hop itself (HTTP Signatures). */
  sign?: (hop: OutgoingHop) => Promise<Record<string, string>>;
}

export interface FetchedResponse {
  /** The URL finally answered, after redirects. */
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The media type without parameters, lower case (`application/ld+json`), or null when absent. */
  contentType: string | null;
  body: Buffer;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_USER_AGENT = 'Hallmark (Open Badges 3.0 verifier)';

/**
 * The one way Hallmark reaches other servers: DID documents, status lists,
 * issuer profiles, federation peers. It refuses anything that could turn a
 * user-supplied URL into a probe of our own network (see address-policy.ts),
 * and bounds what any one server can cost us in time and memory.
 */
export class Fetcher {
  readonly #allowHosts: readonly AllowHost[];
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #maxRedirects: number;
  readonly #userAgent: string;
  readonly #lookup: ResolveHost;

  constructor(options: FetcherOptions) {
    this.#allowHosts = [...options.allowHosts];
    this.#timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#maxBytes = positiveInteger('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.#maxRedirects = nonNegativeInteger('maxRedirects', options.maxRedirects ?? DEFAULT_MAX_REDIRECTS);
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#lookup = options.lookup ?? systemResolver;
  }

  /** GETs `url`, following redirects; any status is returned, only transport and policy failures throw. */
  fetch(url: string, options: FetchOptions = {}): Promise<FetchedResponse> {
    return this.send(url, options);
  }

  /**
   * A GET (redirects followed, each hop vetted and signed afresh) or a POST
   * (never redirected: a 3xx is returned as the answer, since a body must not
   * be replayed to a place the caller did not choose). Same address policy,
   * caps and deadline as every fetch.
   */
  async send(url: string, options: SendOptions = {}): Promise<FetchedResponse> {
    const method = options.method ?? 'GET';
    const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
    if (method === 'GET' && body !== undefined) throw new TypeError('a GET carries no body');
    const maxBytes = positiveInteger('maxBytes', options.maxBytes ?? this.#maxBytes);
    const headers: Record<string, string> = {
      ...lowerCaseKeys(options.headers ?? {}),
      accept: options.accept ?? '*/*',
      // Compressed bodies would be decoded under the cap anyway (read-body.ts);
      // asking for none keeps the common path simple and the cap exact.
      'accept-encoding': 'identity',
      'user-agent': this.#userAgent,
    };
    const deadline = new Deadline(this.#timeoutMs);
    try {
      let target = parseTarget(url);
      for (let redirects = 0; ; redirects += 1) {
        const signed = options.sign ? {...headers, ...lowerCaseKeys(await options.sign({method, url: target.url, headers: {...headers}, body}))} : headers;
        const response = await this.#hop(target, signed, deadline, method, body);
        const location = method === 'POST' ? null : redirectLocation(response);
        if (location === null) return await this.#finish(target, response, maxBytes, deadline);
        // Redirect bodies are never read: they are not what was asked for.
        response.destroy();
        if (redirects >= this.#maxRedirects) {
          throw new FetchError('too-many-redirects', target.url.href, `${url} redirected more than ${this.#maxRedirects} times`);
        }
        target = redirectTarget(target, location);
      }
    } finally {
      deadline.clear();
    }
  }

  /** GETs `url` as a JSON document; non-2xx, non-JSON types and unparseable bodies throw. */
  async fetchJson(url: string, options: FetchOptions = {}): Promise<unknown> {
    const response = await this.fetch(url, { ...options, accept: options.accept ?? JSON_ACCEPT });
    return parseJsonResponse(response);
  }

  async #hop(target: Target, headers: Record<string, string>, deadline: Deadline, method: 'GET' | 'POST', body: Buffer | undefined): Promise<IncomingMessage> {
    try {
      const addresses = await deadline.race(vetTarget(target, this.#allowHosts, this.#lookup), target.url.href);
      return await sendRequest(target, addresses, headers, deadline.signal, method, body);
    } catch (error) {
      throw explain(error, target, deadline);
    }
  }

  async #finish(target: Target, response: IncomingMessage, maxBytes: number, deadline: Deadline): Promise<FetchedResponse> {
    try {
      const body = await readCappedBody(response, target.url.href, maxBytes, deadline.signal);
      const headers = flattenHeaders(response.headers);
      return {
        url: target.url.href,
        status: response.statusCode ?? 0,
        headers,
        contentType: mediaType(headers['content-type']),
        body,
      };
    } catch (error) {
      throw explain(error, target, deadline);
    }
  }
}

/** Whatever went wrong underneath, as a FetchError; an abort means our deadline passed. */
function explain(error: unknown, target: Target, deadline: Deadline): FetchError {
  if (error instanceof FetchError) return error;
  if (deadline.expired) return deadline.timeoutError(target.url.href);
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError('network', target.url.href, `fetching ${target.url.href} failed: ${message}`, { cause: error });
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function mediaType(header: string | undefined): string | null {
  const essence = header?.split(';')[0].trim().toLowerCase();
  return essence ? essence : null;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
