/**
 * Our Express adapter for Fedify, mounted before every body parser. For the
 * paths that are federation's it does, in this order: refuse a signer whose
 * host is blocked (read from the signature header alone, before any body is
 * read or parsed), refuse bodies over 256 KiB, then hand the request to
 * Fedify and copy its answer back. Anything that is not federation's (a
 * browser asking for a community page, an unknown path) goes on to the rest
 * of the app untouched.
 */
import type {IncomingHttpHeaders} from 'node:http';
import type {Request as ExpressRequest, RequestHandler, Response as ExpressResponse} from 'express';
import type {Services} from '../services.ts';
import {clientKey} from './rate-limit.ts';

/** Activities larger than this are refused unread. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

const WELL_KNOWN_PATHS = [/^\/\.well-known\/(webfinger|nodeinfo)$/];
const FEDERATION_PATHS = [
  ...WELL_KNOWN_PATHS,
  /^\/nodeinfo\/2\.1$/,
  /^\/(actor|inbox)$/,
  /^\/communities\/[^/]+(\/(inbox|outbox|followers|following))?$/,
];

const INBOX_PATH = /^\/(communities\/[^/]+\/)?inbox$/;

export function federationEdge(services: Services, paths: RegExp[] = FEDERATION_PATHS): RequestHandler {
  const {federation} = services;
  const origin = new URL(services.config.publicUrl).origin;
  return async (req, res, next) => {
    if (!federation.enabled || !paths.some((pattern) => pattern.test(req.path))) return next();
    const signer = signerHost(req.headers);
    if (signer !== null && await federation.peers.isBlocked(signer)) {
      refuse(res, 403, `${signer} is blocked by this instance`);
      return;
    }
    let body: Buffer | undefined;
    if (req.method === 'POST') {
      // Only inboxes take posts; other posts to these paths (a page's form) are the app's.
      if (!INBOX_PATH.test(req.path)) return next();
      // Per peer: a flood from one host is refused before its bodies are read.
      await services.limits.limiter('inbox').consume(`peer:${signer ?? clientKey(req)}`);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_ACTIVITY_BYTES) {
        refuse(res, 413, `activities are at most ${MAX_ACTIVITY_BYTES} bytes`);
        return;
      }
      body = await readCapped(req, MAX_ACTIVITY_BYTES);
      if (body === undefined) {
        refuse(res, 413, `activities are at most ${MAX_ACTIVITY_BYTES} bytes`);
        return;
      }
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      return next();
    }
    const request = new Request(new URL(req.originalUrl, origin), {method: req.method, headers: requestHeaders(req.headers), body: body === undefined ? null : new Uint8Array(body)});
    const response = await federation.fetch(request);
    if (response === null) {
      if (body !== undefined) {
        // The body has been read: nothing after us could parse it again.
        refuse(res, 404, `no route for ${req.method} ${req.path}`);
        return;
      }
      return next();
    }
    res.status(response.status);
    response.headers.forEach((value: string, name: string) => {
      if (name !== 'content-length' && name !== 'transfer-encoding') res.setHeader(name, value);
    });
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

/**
 * WebFinger and NodeInfo discovery live at the host's root (RFC 8615), also
 * when the public URL has a path prefix: mounted at the root for that case,
 * they answer with the prefixed actor and NodeInfo URLs.
 */
export function wellKnownEdge(services: Services): RequestHandler {
  return federationEdge(services, WELL_KNOWN_PATHS);
}

/** The host of the key an HTTP Signature (draft-cavage or RFC 9421) names, or null for an unsigned request. */
export function signerHost(headers: IncomingHttpHeaders): string | null {
  const cavage = typeof headers.signature === 'string' ? /keyId="([^"]+)"/i.exec(headers.signature)?.[1] : undefined;
  const rfc9421 = typeof headers['signature-input'] === 'string' ? /;\s*keyid="([^"]+)"/i.exec(headers['signature-input'])?.[1] : undefined;
  const keyId = cavage ?? rfc9421;
  if (keyId === undefined) return null;
  try {
    return new URL(keyId).host;
  } catch {
    return null;
  }
}

function requestHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    result.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return result;
}

/** The whole body, or undefined (and the stream abandoned) once it passes `cap` bytes. */
function readCapped(req: ExpressRequest, cap: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.off('data', onData);
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > cap ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function refuse(res: ExpressResponse, status: number, message: string): void {
  const kind = status === 403 ? 'forbidden' : status === 413 ? 'too-large' : 'not-found';
  // A refused request's body is not read further; closing keeps a flood from holding the connection.
  if (status === 413) res.setHeader('connection', 'close');
  res.status(status).json({error: {kind, message, problems: []}});
}
