import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, test } from 'node:test';
import { parseAllowHosts } from '../../src/net/allow-hosts.ts';
import { FetchError } from '../../src/net/errors.ts';
import { vetTarget, type ResolveHost } from '../../src/net/resolve.ts';
import { parseTarget } from '../../src/net/target.ts';

// vetTarget decides where a fetch may connect; it opens nothing itself, so
// public answers can be checked here without any traffic.
function answering(addresses: LookupAddress[]): ResolveHost & { asked: string[] } {
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    lookup.asked.push(hostname);
    return addresses;
  };
  lookup.asked = [] as string[];
  return lookup;
}

describe('vetTarget', () => {
  test('passes public answers through unchanged, all of them', async () => {
    const answers = [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ];
    const lookup = answering(answers);
    assert.deepEqual(await vetTarget(parseTarget('https://issuer.example/did.json'), [], lookup), answers);
    assert.deepEqual(lookup.asked, ['issuer.example']);
  });

  test('does not resolve IP literals', async () => {
    const lookup = answering([{ address: '10.0.0.1', family: 4 }]);
    assert.deepEqual(await vetTarget(parseTarget('http://8.8.8.8/'), [], lookup), [{ address: '8.8.8.8', family: 4 }]);
    assert.deepEqual(lookup.asked, []);
  });

  test('allow-listed host:port skips the address check but is still resolved, for pinning', async () => {
    const lookup = answering([{ address: '127.0.0.1', family: 4 }]);
    const allow = parseAllowHosts('localhost:4000');
    assert.deepEqual(await vetTarget(parseTarget('http://localhost:4000/'), allow, lookup), [{ address: '127.0.0.1', family: 4 }]);
    await assert.rejects(vetTarget(parseTarget('http://localhost:4001/'), allow, lookup), (error: unknown) => {
      assert.ok(error instanceof FetchError);
      assert.equal(error.reason, 'blocked-address');
      return true;
    });
  });

  test('an empty answer is a network error', async () => {
    await assert.rejects(vetTarget(parseTarget('http://empty.test/'), [], answering([])), (error: unknown) => {
      assert.ok(error instanceof FetchError);
      assert.equal(error.reason, 'network');
      return true;
    });
  });
});
