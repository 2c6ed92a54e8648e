import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FetchError } from '../../src/net/errors.ts';
import { redirectTarget } from '../../src/net/redirects.ts';
import { parseTarget } from '../../src/net/target.ts';

function reasonOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof FetchError);
    return error.reason;
  }
  return 'no error';
}

describe('parseTarget', () => {
  test('fills in default ports and strips IPv6 brackets for the socket', () => {
    assert.deepEqual(
      { ...parseTarget('https://Example.ORG/a?b#c'), url: undefined },
      { url: undefined, hostname: 'example.org', port: 443, literal: null },
    );
    assert.equal(parseTarget('http://example.org/').port, 80);
    const v6 = parseTarget('http://[::1]:8080/');
    assert.equal(v6.hostname, '::1');
    assert.equal(v6.port, 8080);
    assert.deepEqual(v6.literal, { address: '::1', family: 6 });
  });

  test('recognises IPv4 literals after WHATWG normalisation, whatever their spelling', () => {
    for (const url of ['http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/']) {
      assert.deepEqual(parseTarget(url).literal, { address: '127.0.0.1', family: 4 }, url);
    }
  });

  test('treats names as names, to be resolved', () => {
    assert.equal(parseTarget('http://localhost/').literal, null);
    assert.equal(parseTarget('http://1.2.3.4.example/').literal, null);
  });

  test('refuses other schemes, userinfo and unparseable input as bad-url', () => {
    for (const url of ['file:///etc/passwd', 'ftp://x/', 'gopher://x/', 'ws://x/', 'http://u:p@x/', 'http://u@x/', 'http://:p@x/', 'http://', '/relative']) {
      assert.equal(reasonOf(() => parseTarget(url)), 'bad-url', url);
    }
  });
});

describe('redirectTarget', () => {
  const from = parseTarget('https://issuer.example/a/b');

  test('resolves relative locations against the current URL', () => {
    assert.equal(redirectTarget(from, '../c').url.href, 'https://issuer.example/c');
    assert.equal(redirectTarget(from, '//other.example/x').url.href, 'https://other.example/x');
  });

  test('refuses an https → http downgrade', () => {
    assert.equal(reasonOf(() => redirectTarget(from, 'http://issuer.example/a/b')), 'bad-url');
  });

  test('allows http → https upgrades and http → http', () => {
    const plain = parseTarget('http://issuer.example/');
    assert.equal(redirectTarget(plain, 'https://issuer.example/').url.protocol, 'https:');
    assert.equal(redirectTarget(plain, 'http://other.example/').url.protocol, 'http:');
  });

  test('checks the new location like a first URL', () => {
    assert.equal(reasonOf(() => redirectTarget(from, 'file:///etc/passwd')), 'bad-url');
    assert.equal(reasonOf(() => redirectTarget(from, 'https://u:p@issuer.example/')), 'bad-url');
  });
});
