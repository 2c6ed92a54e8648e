/**
 * Rate limits at the HTTP edge: who a request comes from, and a middleware
 * that spends one point of a limiter per request (`src/limits/` has the
 * limiters and the rules; errors become 429 with Retry-After in errors.ts).
 */
import ipaddr from 'ipaddr.js';
import type {Request, RequestHandler} from 'express';
import type {Limiter} from '../limits/index.ts';

/**
 * The client's address as the limits count it: `req.ip` (which honours
 * HALLMARK_TRUST_PROXY), with IPv4-mapped IPv6 read as IPv4 and IPv6 cut to
 * its /64, since one host commonly holds a whole /64.
 */
export function clientKey(req: Request): string {
  const raw = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (!ipaddr.isValid(raw)) return `ip:${raw.slice(0, 64)}`;
  let address = ipaddr.parse(raw);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') return `ip:${address.toString()}`;
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `ip:${parts.join(':')}::/64`;
}

/** Spends one point of `limiter` per request, keyed by `keyOf` (the client address by default). */
export function rateLimit(limiter: Limiter, keyOf: (req: Request) => string = clientKey): RequestHandler {
  return async (req, _res, next) => {
    await limiter.consume(keyOf(req));
    next();
  };
}
