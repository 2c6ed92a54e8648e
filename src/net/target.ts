import ipaddr from 'ipaddr.js';
import { FetchError } from './errors.ts';

/** A URL the fetcher has agreed to consider: http(s), no credentials, a host and port to connect to. */
export interface Target {
  url: URL;
  /** The hostname without IPv6 brackets, as sockets and DNS want it. */
  hostname: string;
  /** The port actually connected to, defaults filled in. */
  port: number;
  /** Set when the host is already an address, so there is nothing to resolve. */
  literal: { address: string; family: 4 | 6 } | null;
}

export function parseTarget(input: string | URL): Target {
  const href = String(input);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new FetchError('bad-url', href, `not a valid URL: ${href}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', url.href, `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  // Credentials in URLs leak into logs and redirect chains; nothing we fetch needs them.
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('bad-url', redactUserinfo(url), 'URLs with a username or password are not fetched');
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { url, hostname, port, literal: literalAddress(url.hostname, hostname) };
}

/**
 * WHATWG URL parsing has already rewritten every IPv4 spelling
 * (2130706433, 0x7f.1, 0177.0.0.1) to dotted decimal and put IPv6 in
 * brackets, so only those two shapes need recognising here.
 */
function literalAddress(urlHostname: string, hostname: string): Target['literal'] {
  if (urlHostname.startsWith('[')) return { address: hostname, family: 6 };
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return { address: hostname, family: 4 };
  return null;
}

function redactUserinfo(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
