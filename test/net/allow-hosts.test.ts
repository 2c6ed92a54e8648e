import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAllowedHost, parseAllowHosts } from '../../src/net/allow-hosts.ts';

describe('parseAllowHosts', () => {
  test('reads host:port entries, * ports and bracketed IPv6', () => {
    assert.deepEqual(parseAllowHosts('127.0.0.1:4000,localhost:*,[::1]:8080'), [
      { host: '127.0.0.1', port: 4000 },
      { host: 'localhost', port: '*' },
      { host: '[::1]', port: 8080 },
    ]);
  });

  test('tolerates whitespace around entries', () => {
    assert.deepEqual(parseAllowHosts('  127.0.0.1:4000 ,\tlocalhost:* \n'), [
      { host: '127.0.0.1', port: 4000 },
      { host: 'localhost', port: '*' },
    ]);
  });

  test('unset or blank means nothing is allowed', () => {
    assert.deepEqual(parseAllowHosts(undefined), []);
    assert.deepEqual(parseAllowHosts(''), []);
    assert.deepEqual(parseAllowHosts('   '), []);
  });

  test('normalises hosts the way URLs are normalised, so entries match URL hostnames', () => {
    assert.deepEqual(parseAllowHosts('LocalHost:80,[0:0::1]:1,Bücher.example:443'), [
      { host: 'localhost', port: 80 },
      { host: '[::1]', port: 1 },
      { host: 'xn--bcher-kva.example', port: 443 },
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['localhost', 'localhost', /missing port/],
    ['localhost:', 'localhost:', /missing port/],
    ['[::1]', '[::1]', /missing port/],
    [':8080', ':8080', /empty host/],
    ['*:8080', '*:8080', /only allowed as the port/],
    ['localhost:http', 'localhost:http', /not a number/],
    ['localhost:-1', 'localhost:-1', /not a number/],
    ['localhost:0', 'localhost:0', /outside 1–65535/],
    ['localhost:65536', 'localhost:65536', /outside 1–65535/],
    ['::1:8080', '::1:8080', /brackets/],
    ['[::1:8080', '[::1:8080', /unclosed/],
    ['[::1]8080', '[::1]8080', /expected ":"/],
    ['[nope]:80', '[nope]:80', /not a valid hostname/],
    ['user@localhost:80', 'user@localhost:80', /not allowed in a hostname/],
    ['localhost/x:80', 'localhost/x:80', /not allowed in a hostname/],
    ['127.0.0.1:4000,,localhost:*', '', /empty entry/],
    ['127.0.0.1:4000,', '', /empty entry/],
  ];
  for (const [value, entry, problem] of bad) {
    test(`rejects ${JSON.stringify(value)}, naming the entry`, () => {
      assert.throws(() => parseAllowHosts(value), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(error.message.includes(`"${entry}"`), error.message);
        assert.match(error.message, problem);
        assert.match(error.message, /^bad entry /);
        return true;
      });
    });
  }
});

describe('isAllowedHost', () => {
  const list = parseAllowHosts('127.0.0.1:4000,localhost:*,[::1]:8080');

  test('matches host and port exactly, or any port for *', () => {
    assert.equal(isAllowedHost(list, '127.0.0.1', 4000), true);
    assert.equal(isAllowedHost(list, '127.0.0.1', 4001), false);
    assert.equal(isAllowedHost(list, 'localhost', 1), true);
    assert.equal(isAllowedHost(list, 'localhost', 65535), true);
    assert.equal(isAllowedHost(list, '[::1]', 8080), true);
    assert.equal(isAllowedHost(list, '[::1]', 8081), false);
  });

  test('does not match other hosts, including look-alikes', () => {
    assert.equal(isAllowedHost(list, '127.0.0.2', 4000), false);
    assert.equal(isAllowedHost(list, 'localhost.', 80), false);
    assert.equal(isAllowedHost(list, 'sub.localhost', 80), false);
    assert.equal(isAllowedHost(list, '::1', 8080), false, 'URL hostnames keep their brackets');
  });

  test('compares hostnames case-insensitively', () => {
    assert.equal(isAllowedHost(list, 'LOCALHOST', 80), true);
  });

  test('an empty list allows nothing', () => {
    assert.equal(isAllowedHost([], 'localhost', 80), false);
  });
});
