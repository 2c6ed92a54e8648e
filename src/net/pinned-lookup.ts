import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

/**
 * A `lookup` for http.request that answers only with addresses already
 * vetted. Node would otherwise resolve the hostname a second time when
 * connecting, and a DNS server that answers "public" to the check and
 * "127.0.0.1" to the connect (DNS rebinding) would win.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family ?? 0;
    const wanted = family === 0 ? [...addresses] : addresses.filter((entry) => entry.family === family);
    // Node's own lookup is always asynchronous and net.connect relies on that.
    process.nextTick(() => {
      if (wanted.length === 0) {
        const error: NodeJS.ErrnoException = new Error(`no vetted IPv${family} address for ${hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, '');
      } else if (options.all === true) {
        callback(null, wanted);
      } else {
        callback(null, wanted[0].address, wanted[0].family);
      }
    });
  };
}
