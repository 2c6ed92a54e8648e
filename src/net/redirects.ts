import type { IncomingMessage } from 'node:http';
import { FetchError } from './errors.ts';
import { parseTarget, type Target } from './target.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where a response redirects to, or null when it is the final answer. */
export function redirectLocation(response: IncomingMessage): string | null {
  if (!REDIRECT_STATUSES.has(response.statusCode ?? 0)) return null;
  return response.headers.location ?? null;
}

/**
 * The next hop, checked as strictly as the first URL was. A redirect from
 * https to http is refused: it would hand a document we were promised over
 * TLS to anyone on the path.
 */
export function redirectTarget(from: Target, location: string): Target {
  let href: string;
  try {
    href = new URL(location, from.url).href;
  } catch {
    throw new FetchError('bad-url', from.url.href, `${from.url.href} redirects to an invalid URL "${location}"`);
  }
  const next = parseTarget(href);
  if (from.url.protocol === 'https:' && next.url.protocol === 'http:') {
    throw new FetchError('bad-url', next.url.href, `refusing the redirect from ${from.url.href} to plain http ${next.url.href}`);
  }
  return next;
}
