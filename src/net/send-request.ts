import type { LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pinnedLookup } from './pinned-lookup.ts';
import type { Target } from './target.ts';

/**
 * One request to `target` (a GET unless a method and body are given),
 * connecting only to `addresses`. Resolves with the response head; the body
 * is still unread.
 *
 * The hostname (not the address) goes to http.request so that TLS sends it
 * as SNI and checks the certificate against it, and the Host header names
 * it; the pinned lookup is what decides where the socket goes. `agent:
 * false` gives each request its own connection: a pooled socket chosen by
 * host:port would bypass this request's vetting, and with no pool nothing
 * lingers to keep the process alive.
 */
export function sendRequest(
  target: Target,
  addresses: readonly LookupAddress[],
  headers: Record<string, string>,
  signal: AbortSignal,
  method: 'GET' | 'POST' = 'GET',
  body?: Buffer,
): Promise<IncomingMessage> {
  const request = target.url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = request({
      hostname: target.hostname,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method,
      headers: { ...headers, host: target.url.host, ...(body === undefined ? {} : { 'content-length': String(body.length) }) },
      agent: false,
      lookup: pinnedLookup(addresses),
      signal,
    });
    // `on`, not `once`: a late second error (say, an abort after the head
    // arrived) must not become an uncaught exception; the body reader sees it.
    outgoing.on('error', reject);
    outgoing.once('response', resolve);
    outgoing.end(body);
  });
}
