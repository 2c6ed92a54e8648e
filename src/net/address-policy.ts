import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses the fetcher may connect to: public unicast only.
 * ipaddr.js names the special-purpose ranges (private, loopback, link-local,
 * unique-local, multicast, unspecified, carrier-grade NAT, benchmarking,
 * reserved, documentation, 6to4, Teredo, …); anything it does not call
 * 'unicast' is refused. Cloud metadata endpoints fall inside those ranges
 * (169.254.169.254 link-local, fd00:ec2::254 unique-local, 100.100.100.200
 * carrier-grade NAT, 192.0.0.192 reserved), so they need no list of their own.
 */

const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Why `address` must not be reached, or `null` when it is public. */
export function blockedAddressReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  return ip.kind() === 'ipv4' ? ipv4Reason(ip as ipaddr.IPv4) : ipv6Reason(ip as ipaddr.IPv6);
}

function ipv4Reason(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  return range === 'unicast' ? null : range;
}

function ipv6Reason(ip: ipaddr.IPv6): string | null {
  // These forms reach an IPv4 host, so the IPv4 host decides — otherwise
  // ::ffff:127.0.0.1 would pass as "just another IPv6 address".
  const embedded = embeddedIPv4(ip);
  if (embedded !== null) {
    const reason = ipv4Reason(embedded);
    return reason === null ? null : `${reason} (IPv4 ${embedded.toString()} inside ${ip.toString()})`;
  }
  const range = ip.range();
  if (range !== 'unicast') return range;
  // ipaddr.js calls everything outside its named ranges 'unicast', including
  // space IANA has never allocated for global use.
  if (!ip.match(GLOBAL_UNICAST)) return 'outside global unicast 2000::/3';
  return null;
}

/**
 * The IPv4 address an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d),
 * the deprecated IPv4-compatible form (::a.b.c.d), and NAT64's well-known
 * prefix (64:ff9b::a.b.c.d). NAT64 of a public address is what DNS64
 * networks hand out, so it is judged by its IPv4 address rather than refused
 * outright. Other translation prefixes (RFC 8215 local-use NAT64, RFC 6145,
 * 6to4, Teredo) embed addresses at operator-chosen or obfuscated positions
 * and stay blocked as ipaddr.js classifies them.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address();
  const lastTwoParts = (): ipaddr.IPv4 => {
    const [high, low] = ip.parts.slice(6);
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  };
  // :: and ::1 sit inside ::/96 too but are their own (blocked) thing.
  if (ip.match(IPV4_COMPATIBLE) && ip.range() === 'unicast') return lastTwoParts();
  if (ip.match(NAT64_WELL_KNOWN)) return lastTwoParts();
  return null;
}
