/**
 * The explicit exceptions to the fetcher's address block, from
 * HALLMARK_FETCH_ALLOW_HOSTS: comma-separated `host:port` entries, where the
 * port may be `*`. This is how tests and local development reach loopback
 * servers; in production it is normally empty.
 */
export interface AllowHost {
  /** Hostname as WHATWG URL normalises it: lower case, punycode, IPv4 dotted-decimal, IPv6 in brackets. */
  host: string;
  port: number | '*';
}

export function parseAllowHosts(value: string | undefined): AllowHost[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw) => parseEntry(raw.trim()));
}

export function isAllowedHost(list: readonly AllowHost[], hostname: string, port: number): boolean {
  const host = hostname.toLowerCase();
  return list.some((entry) => entry.host === host && (entry.port === '*' || entry.port === port));
}

function parseEntry(entry: string): AllowHost {
  if (entry === '') throw badEntry(entry, 'empty entry (stray comma?)');
  const { host, port } = splitHostPort(entry);
  return { host: normaliseHost(entry, host), port: parsePort(entry, port) };
}

function splitHostPort(entry: string): { host: string; port: string } {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close === -1) throw badEntry(entry, 'unclosed "[" in IPv6 address');
    const rest = entry.slice(close + 1);
    if (rest === '') throw badEntry(entry, 'missing port (write host:port, or host:* for any port)');
    if (!rest.startsWith(':')) throw badEntry(entry, 'expected ":" and a port after "]"');
    return { host: entry.slice(0, close + 1), port: rest.slice(1) };
  }
  const colon = entry.lastIndexOf(':');
  if (colon === -1) throw badEntry(entry, 'missing port (write host:port, or host:* for any port)');
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

/**
 * Entries are compared with URL hostnames, so normalise them the same way
 * URLs are (`LOCALHOST` → `localhost`, `[0::1]` → `[::1]`); otherwise an
 * entry could silently never match.
 */
function normaliseHost(entry: string, host: string): string {
  if (host === '') throw badEntry(entry, 'empty host');
  if (host === '*') throw badEntry(entry, '"*" is only allowed as the port, not as the host');
  if (/[\s/\\@?#]/.test(host)) throw badEntry(entry, `host "${host}" contains a character not allowed in a hostname`);
  if (!host.startsWith('[') && host.includes(':')) {
    throw badEntry(entry, 'IPv6 addresses must be written in brackets, e.g. [::1]:8080');
  }
  let url: URL;
  try {
    url = new URL(`http://${host}/`);
  } catch {
    throw badEntry(entry, `host "${host}" is not a valid hostname`);
  }
  if (url.host !== url.hostname) throw badEntry(entry, `host "${host}" is not a valid hostname`);
  return url.hostname;
}

function parsePort(entry: string, port: string): number | '*' {
  if (port === '*') return '*';
  if (port === '') throw badEntry(entry, 'missing port (write host:port, or host:* for any port)');
  if (!/^\d+$/.test(port)) throw badEntry(entry, `port "${port}" is not a number or "*"`);
  const number = Number(port);
  if (number < 1 || number > 65535) throw badEntry(entry, `port ${port} is outside 1–65535`);
  return number;
}

function badEntry(entry: string, problem: string): Error {
  return new Error(`bad entry "${entry}": ${problem}`);
}
