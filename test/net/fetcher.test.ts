import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseAllowHosts } from '../../src/net/allow-hosts.ts';
import { FetchError, type FetchErrorReason } from '../../src/net/errors.ts';
import { Fetcher, type FetcherOptions } from '../../src/net/fetcher.ts';
import { vetTarget, type ResolveHost } from '../../src/net/resolve.ts';
import { parseTarget } from '../../src/net/target.ts';
import { outboundAttemptsDuring, startServer, type TestServer } from './servers.ts';

function routes(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://test');
  switch (url.pathname) {
    case '/json':
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end('{"ok":true}');
      return;
    case '/ld':
      response.setHeader('content-type', 'application/ld+json');
      response.end('{"@context":"https://www.w3.org/ns/credentials/v2"}');
      return;
    case '/plain-json':
      response.setHeader('content-type', 'text/plain');
      response.end('[1,2,3]');
      return;
    case '/html':
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><p>not json');
      return;
    case '/bad-json':
      response.setHeader('content-type', 'application/json');
      response.end('{"ok": tru');
      return;
    case '/missing':
      response.statusCode = 404;
      response.setHeader('content-type', 'application/json');
      response.end('{"error":"not found"}');
      return;
    case '/echo':
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.headers));
      return;
    case '/redirect':
      response.statusCode = Number(url.searchParams.get('status') ?? 302);
      response.setHeader('location', url.searchParams.get('to') ?? '/json');
      response.end('redirect body that must not be read');
      return;
    case '/loop':
      response.statusCode = 302;
      response.setHeader('location', '/loop');
      response.end();
      return;
    case '/stream': {
      // Chunked, no Content-Length: only counting bytes can stop it.
      const chunk = Buffer.alloc(512, 0x20);
      let sent = 0;
      const pump = (): void => {
        if (response.destroyed || sent >= 64) return void response.end();
        sent += 1;
        response.write(chunk, pump);
      };
      response.setHeader('content-type', 'application/json');
      pump();
      return;
    }
    case '/declared-huge':
      // Claims a big body and never sends it: reading it would hang until the timeout.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '50000000' });
      response.flushHeaders();
      return;
    case '/no-answer':
      return;
    case '/stall-body':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
      return;
    case '/gzip':
      // Sent compressed although the fetcher asked for identity, as some servers do.
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync('{"compressed":true}'));
      return;
    case '/gzip-bomb':
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
      return;
    case '/corrupt-gzip':
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(Buffer.from('definitely not gzip'));
      return;
    case '/weird-encoding':
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' });
      response.end('{}');
      return;
    default:
      response.statusCode = 500;
      response.end();
  }
}

let server: TestServer;
/** A second loopback server that is never allow-listed: redirects to it must be refused. */
let other: TestServer;

before(async () => {
  server = await startServer(routes);
  other = await startServer(routes);
});

after(async () => {
  await server.close();
  await other.close();
});

function allowing(extra: Partial<FetcherOptions> = {}): Fetcher {
  return new Fetcher({ allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`), ...extra });
}

async function rejectsWith(work: Promise<unknown>, reason: FetchErrorReason): Promise<FetchError> {
  let caught: unknown;
  await work.then(
    () => assert.fail(`expected FetchError ${reason}, but it succeeded`),
    (error: unknown) => {
      caught = error;
    },
  );
  assert.ok(caught instanceof FetchError, `expected a FetchError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  return caught;
}

/** A resolver that answers from a table, counting calls; nothing reaches real DNS. */
function fakeDns(table: Record<string, LookupAddress[] | (() => LookupAddress[])>): ResolveHost & { calls: number } {
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    lookup.calls += 1;
    const answer = table[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return typeof answer === 'function' ? answer() : answer;
  };
  lookup.calls = 0;
  return lookup;
}

/**
 * Set once the fetcher has refused loopback targets without starting a
 * request. Tests whose failure would send packets to private, metadata or
 * public addresses run only after that, and each first checks its URL
 * against the vetting alone: a regression then fails on loopback, never by
 * reaching another machine.
 */
let refusesLoopbackFirst = false;

function skipUnlessCanaryPassed(t: TestContext): boolean {
  if (refusesLoopbackFirst) return false;
  t.skip('loopback was not refused first; not risking traffic to other addresses');
  return true;
}

/** The vetting step alone, which opens nothing: must refuse `url` before the fetcher may try it. */
async function vettingRefuses(url: string, lookup: ResolveHost = fakeDns({})): Promise<void> {
  await rejectsWith(vetTarget(parseTarget(url), [], lookup), 'blocked-address');
}

async function assertRefusedWithoutConnecting(fetcher: Fetcher, url: string): Promise<void> {
  const attempts = await outboundAttemptsDuring(async () => {
    const error = await rejectsWith(fetcher.fetch(url), 'blocked-address');
    assert.match(error.message, /refusing to fetch/);
  });
  assert.equal(attempts, 0, `${url} started a request or opened a socket`);
}

describe('blocked by default', () => {
  const fetcher = new Fetcher({ allowHosts: [] });

  test('loopback in every spelling, refused without connecting (canary)', async () => {
    const loopbackForms = [
      server.url('/json'),                    // a live server: a regression would succeed here, not elsewhere
      `http://localhost:${server.port}/json`, // the system resolver's answer is vetted too
      `http://[::1]:${server.port}/`,
      `http://[::ffff:127.0.0.1]:${server.port}/`,
      `http://[::127.0.0.1]:${server.port}/`,
      `http://[64:ff9b::127.0.0.1]:${server.port}/`,
      `http://0.0.0.0:${server.port}/`,
      `http://2130706433:${server.port}/`,
      `http://0x7f000001:${server.port}/`,
      `http://0x7f.1:${server.port}/`,
      `http://0177.0.0.1:${server.port}/`,
      `https://127.0.0.1:${server.port}/`,
    ];
    for (const url of loopbackForms) await assertRefusedWithoutConnecting(fetcher, url);
    refusesLoopbackFirst = true;
  });

  test('private, link-local and cloud metadata addresses, refused without connecting', async (t) => {
    if (skipUnlessCanaryPassed(t)) return;
    const targets = [
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
    ];
    for (const url of targets) {
      await vettingRefuses(url);
      await assertRefusedWithoutConnecting(fetcher, url);
    }
  });

  test('an allow-list entry for another port does not open this one', async () => {
    const fetcher = new Fetcher({ allowHosts: parseAllowHosts(`127.0.0.1:${other.port}`) });
    await assertRefusedWithoutConnecting(fetcher, server.url('/json'));
  });
});

describe('blocked by DNS answer', () => {
  test('a name resolving to loopback is refused before connecting', async () => {
    const lookup = fakeDns({ 'evil.test': [{ address: '127.0.0.1', family: 4 }] });
    const fetcher = new Fetcher({ allowHosts: [], lookup });
    await assertRefusedWithoutConnecting(fetcher, `http://evil.test:${server.port}/json`);
    const error = await rejectsWith(fetcher.fetch(`http://evil.test:${server.port}/json`), 'blocked-address');
    assert.match(error.message, /evil\.test does not resolve to a public address/);
    // The message reaches the public (the verify API): it must not say what the name resolved to.
    assert.doesNotMatch(error.message, /127\.0\.0\.1|loopback/);
  });

  test('one private answer among public ones is enough to refuse', async (t) => {
    if (skipUnlessCanaryPassed(t)) return;
    const lookup = fakeDns({
      'mixed.test': [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
        { address: '10.1.2.3', family: 4 },
      ],
    });
    await vettingRefuses('http://mixed.test/', lookup);
    await assertRefusedWithoutConnecting(new Fetcher({ allowHosts: [], lookup }), 'http://mixed.test/');
  });

  test('IPv4-mapped metadata in a DNS answer is refused', async (t) => {
    if (skipUnlessCanaryPassed(t)) return;
    const lookup = fakeDns({ 'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }] });
    await vettingRefuses('http://mapped.test/', lookup);
    await assertRefusedWithoutConnecting(new Fetcher({ allowHosts: [], lookup }), 'http://mapped.test/');
  });

  test('a name that does not resolve is a network error', async () => {
    const fetcher = new Fetcher({ allowHosts: [], lookup: fakeDns({}) });
    const error = await rejectsWith(fetcher.fetch('http://nowhere.test/'), 'network');
    assert.match(error.message, /ENOTFOUND/);
  });
});

describe('allowed when allow-listed', () => {
  test('an exact 127.0.0.1:port entry', async () => {
    const response = await allowing().fetch(server.url('/json'));
    assert.equal(response.status, 200);
    assert.equal(response.url, server.url('/json'));
    assert.equal(response.contentType, 'application/json');
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(response.body.toString(), '{"ok":true}');
  });

  test('a localhost:* entry, resolved by the system resolver', async () => {
    const fetcher = new Fetcher({ allowHosts: parseAllowHosts('localhost:*') });
    assert.deepEqual(await fetcher.fetchJson(`http://localhost:${server.port}/json`), { ok: true });
  });

  test('sends the original Host, a User-Agent, the Accept asked for, and no compression', async () => {
    const fetcher = allowing({ userAgent: 'HallmarkTest/1' });
    const echoed = await fetcher.fetchJson(server.url('/echo'));
    assert.ok(echoed !== null && typeof echoed === 'object');
    const headers = echoed as Record<string, string>;
    assert.equal(headers.host, `127.0.0.1:${server.port}`);
    assert.equal(headers['user-agent'], 'HallmarkTest/1');
    assert.equal(headers['accept-encoding'], 'identity');
    assert.match(headers.accept, /application\/ld\+json/);
    const plain = await fetcher.fetch(server.url('/echo'), { accept: 'text/html' });
    assert.equal((JSON.parse(plain.body.toString()) as Record<string, string>).accept, 'text/html');
  });

  test('connects to the vetted address, once resolved, with the hostname kept for Host', async () => {
    // Rebinding: the first answer is vetted; a second lookup would get another address.
    let answer = 0;
    const lookup = fakeDns({
      'pinned.test': () => [{ address: answer++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }],
    });
    const fetcher = new Fetcher({ allowHosts: parseAllowHosts(`pinned.test:${server.port}`), lookup });
    const echoed = (await fetcher.fetchJson(`http://pinned.test:${server.port}/echo`)) as Record<string, string>;
    assert.equal(echoed.host, `pinned.test:${server.port}`);
    assert.equal(lookup.calls, 1);
  });
});

describe('redirects', () => {
  test('are followed, and the final URL is reported', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const response = await allowing().fetch(server.url(`/redirect?status=${status}&to=/json`));
      assert.equal(response.status, 200);
      assert.equal(response.url, server.url('/json'));
    }
  });

  test('are re-validated: a hop to a loopback port that is not allow-listed is refused', async () => {
    const before = other.requests.length;
    const target = encodeURIComponent(other.url('/json'));
    const error = await rejectsWith(allowing().fetch(server.url(`/redirect?to=${target}`)), 'blocked-address');
    assert.equal(error.url, other.url('/json'));
    assert.equal(other.requests.length, before, 'the refused server was contacted');
  });

  test('are re-validated: a hop to a metadata address is refused', async (t) => {
    if (skipUnlessCanaryPassed(t)) return;
    await vettingRefuses('http://169.254.169.254/latest/meta-data/');
    const target = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    await rejectsWith(allowing().fetch(server.url(`/redirect?to=${target}`)), 'blocked-address');
  });

  test('to another scheme or with credentials are refused as bad URLs', async () => {
    for (const to of ['file:///etc/passwd', 'ftp://example.org/', `http://user:pw@127.0.0.1:${server.port}/json`, 'http://[bad']) {
      await rejectsWith(allowing().fetch(server.url(`/redirect?to=${encodeURIComponent(to)}`)), 'bad-url');
    }
  });

  test('stop at the hop limit', async () => {
    const before = server.requests.length;
    const error = await rejectsWith(allowing({ maxRedirects: 3 }).fetch(server.url('/loop')), 'too-many-redirects');
    assert.match(error.message, /more than 3 times/);
    assert.equal(server.requests.length - before, 4, 'the first request plus three redirects');
  });

  test('a 3xx without Location is just a response', async () => {
    const response = await allowing().fetch(server.url('/redirect?status=304'));
    assert.equal(response.status, 304);
  });
});

describe('size cap', () => {
  test('a streamed body over the cap is cut off', async () => {
    const error = await rejectsWith(allowing({ maxBytes: 4096 }).fetch(server.url('/stream')), 'too-large');
    assert.match(error.message, /4096/);
  });

  test('a declared Content-Length over the cap is refused without reading the body', async () => {
    // The body never comes, so if the fetcher waited for it this would end as a timeout.
    await rejectsWith(allowing({ maxBytes: 1024, timeoutMs: 2000 }).fetch(server.url('/declared-huge')), 'too-large');
  });

  test('the per-request cap overrides the fetcher’s', async () => {
    const response = await allowing({ maxBytes: 1024 }).fetch(server.url('/stream'), { maxBytes: 64 * 512 });
    assert.equal(response.body.length, 64 * 512);
    await rejectsWith(allowing().fetch(server.url('/stream'), { maxBytes: 100 }), 'too-large');
  });

  test('compressed bodies are decoded and capped by their decoded size', async () => {
    assert.deepEqual(await allowing().fetchJson(server.url('/gzip')), { compressed: true });
    await rejectsWith(allowing({ maxBytes: 1024 * 1024 }).fetch(server.url('/gzip-bomb')), 'too-large');
  });

  test('corrupt or unknown encodings are bad content', async () => {
    await rejectsWith(allowing().fetch(server.url('/corrupt-gzip')), 'bad-content');
    await rejectsWith(allowing().fetch(server.url('/weird-encoding')), 'bad-content');
  });
});

describe('time cap', () => {
  test('a server that never answers times out', async () => {
    const error = await rejectsWith(allowing({ timeoutMs: 200 }).fetch(server.url('/no-answer')), 'timeout');
    assert.match(error.message, /200 ms/);
  });

  test('a body that stalls halfway times out', async () => {
    await rejectsWith(allowing({ timeoutMs: 200 }).fetch(server.url('/stall-body')), 'timeout');
  });

  test('a DNS lookup that never returns times out', async () => {
    const fetcher = new Fetcher({ allowHosts: [], timeoutMs: 200, lookup: () => new Promise(() => undefined) });
    await rejectsWith(fetcher.fetch('http://hangs.test/'), 'timeout');
  });
});

describe('fetchJson', () => {
  test('parses JSON, JSON-LD and text/plain JSON', async () => {
    assert.deepEqual(await allowing().fetchJson(server.url('/json')), { ok: true });
    assert.deepEqual(await allowing().fetchJson(server.url('/ld')), { '@context': 'https://www.w3.org/ns/credentials/v2' });
    assert.deepEqual(await allowing().fetchJson(server.url('/plain-json')), [1, 2, 3]);
  });

  test('a non-2xx status is an http-status error carrying the status', async () => {
    const error = await rejectsWith(allowing().fetchJson(server.url('/missing')), 'http-status');
    assert.equal(error.status, 404);
    const response = await allowing().fetch(server.url('/missing'));
    assert.equal(response.status, 404, 'fetch itself returns any status');
  });

  test('bad JSON and non-JSON types are bad content', async () => {
    await rejectsWith(allowing().fetchJson(server.url('/bad-json')), 'bad-content');
    await rejectsWith(allowing().fetchJson(server.url('/html')), 'bad-content');
  });
});

describe('bad URLs', () => {
  const fetcher = new Fetcher({ allowHosts: parseAllowHosts('localhost:*,host:*') });
  for (const url of ['file:///etc/passwd', 'ftp://example.org/file', 'http://user:pw@host/', 'http://user@host/', 'javascript:alert(1)', 'data:application/json,{}', 'not a url', '']) {
    test(`refuses ${JSON.stringify(url)} without connecting`, async () => {
      const attempts = await outboundAttemptsDuring(() => rejectsWith(fetcher.fetch(url), 'bad-url'));
      assert.equal(attempts, 0);
    });
  }

  test('does not echo the password of a refused URL', async () => {
    const error = await rejectsWith(fetcher.fetch('http://user:hunter2@host/'), 'bad-url');
    assert.ok(!error.url.includes('hunter2'));
    assert.ok(!error.message.includes('hunter2'));
  });
});

describe('configuration', () => {
  test('refuses nonsensical limits', () => {
    assert.throws(() => new Fetcher({ allowHosts: [], timeoutMs: 0 }), RangeError);
    assert.throws(() => new Fetcher({ allowHosts: [], maxBytes: -1 }), RangeError);
    assert.throws(() => new Fetcher({ allowHosts: [], maxRedirects: 1.5 }), RangeError);
  });
});
