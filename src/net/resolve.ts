import { promises as dns, type LookupAddress } from 'node:dns';
import { blockedAddressReason } from './address-policy.ts';
import { isAllowedHost, type AllowHost } from './allow-hosts.ts';
import { FetchError } from './errors.ts';
import type { Target } from './target.ts';

/** The resolver the fetcher asks; `dns.promises.lookup` unless a test injects one. */
export type ResolveHost = (hostname: string, options: { all: true }) => Promise<LookupAddress[]>;

export const systemResolver: ResolveHost = (hostname, options) => dns.lookup(hostname, options);

/**
 * The addresses the fetcher may connect to for `target`. Every DNS answer
 * must pass, not just the first: the socket may try any of them (Happy
 * Eyeballs), and an attacker controls the order. Allow-listed host:port
 * pairs skip the address check but are still resolved here, so the
 * connection always goes to exactly what this function returned.
 */
export async function vetTarget(
  target: Target,
  allowHosts: readonly AllowHost[],
  resolveHost: ResolveHost,
): Promise<LookupAddress[]> {
  const addresses = target.literal !== null ? [target.literal] : await resolve(target, resolveHost);
  if (isAllowedHost(allowHosts, target.url.hostname, target.port)) return addresses;
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address);
    if (reason !== null) {
      // Messages reach the public (the verify API, verification reports): what our resolver answers for a name stays ours.
      const why = target.literal !== null ? `${address} is ${reason}` : `${target.url.hostname} does not resolve to a public address`;
      throw new FetchError('blocked-address', target.url.href, `refusing to fetch ${target.url.href}: ${why}`);
    }
  }
  return addresses;
}

async function resolve(target: Target, resolveHost: ResolveHost): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolveHost(target.hostname, { all: true });
  } catch (error) {
    throw new FetchError('network', target.url.href, `could not resolve ${target.hostname}: ${describe(error)}`, { cause: error });
  }
  if (addresses.length === 0) {
    throw new FetchError('network', target.url.href, `${target.hostname} has no addresses`);
  }
  return addresses;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
