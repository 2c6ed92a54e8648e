import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {crc32} from 'node:zlib';
import {DocumentResolver, VERIFICATION_BUDGET} from '../../../src/credentials/documents.ts';
import {FetcherDocumentSource} from '../../../src/credentials/fetched-documents.ts';
import {unbakePng} from '../../../src/credentials/baking/index.ts';
import {verify} from '../../../src/credentials/verify/index.ts';
import {Inspector} from '../../../src/inspect/index.ts';
import {parseAllowHosts} from '../../../src/net/allow-hosts.ts';
import {Fetcher} from '../../../src/net/fetcher.ts';
import {startServer, type TestServer} from '../../net/servers.ts';
import {assertion, forge, issuerDocuments, rsaKey, verifyWith} from './helpers.ts';

/**
 * Hosted OB 2.0 assertions over real HTTP on loopback (opted in through the
 * fetcher's allow-list, as HALLMARK_FETCH_ALLOW_HOSTS does), and the hostile
 * inputs of issue 11: a hosted assertion redirecting to a private address,
 * `alg: none`, a 512-bit RSA key, a PNG of 10,000 chunks — each refused
 * quickly, with the reason.
 */
let server: TestServer;
let base: string;
const served = new Map<string, {status?: number; headers?: Record<string, string>; body?: unknown}>();
let fetcher: Fetcher;

before(async () => {
  server = await startServer((request, response) => {
    const entry = served.get(request.url ?? '');
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(entry.status ?? 200, {'content-type': 'application/ld+json', ...entry.headers});
    response.end(entry.body === undefined ? undefined : typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body));
  });
  base = server.url('').replace(/\/$/, '');
  fetcher = new Fetcher({allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`), timeoutMs: 5000});
  const documents = {
    '/issuer': {'@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: `${base}/issuer`, name: 'Loopback Issuer', url: base, revocationList: `${base}/revocations`},
    '/badge': {'@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: `${base}/badge`, name: 'Loopback badge', description: 'Served over HTTP.', image: `${base}/badge.png`, criteria: {narrative: 'Be served.'}, issuer: `${base}/issuer`},
    '/revocations': {'@context': 'https://w3id.org/openbadges/v2', type: 'RevocationList', id: `${base}/revocations`, revokedAssertions: [{id: `${base}/assertions/revoked`, revocationReason: 'withdrawn by the issuer'}]},
  };
  for (const [path, body] of Object.entries(documents)) served.set(path, {body});
  for (const name of ['valid', 'revoked']) served.set(`/assertions/${name}`, {body: hosted(`${base}/assertions/${name}`)});
  served.set('/assertions/expired', {body: hosted(`${base}/assertions/expired`, {expires: '2020-01-01T00:00:00Z'})});
  served.set('/assertions/to-metadata', {status: 302, headers: {location: 'http://169.254.169.254/latest/meta-data/'}});
  served.set('/assertions/to-private', {status: 301, headers: {location: 'http://10.0.0.7/assertion'}});
  served.set('/resume.html', {headers: {'content-type': 'text/html'}, body: `<html><body><h1>Bob</h1><ul><li><a href="${base}/assertions/valid">Loopback badge</a></li><li><a href="${base}/assertions/revoked">Another</a></li></ul></body></html>`});
});

after(async () => {
  await server.close();
});

function hosted(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {'@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id, recipient: {type: 'email', hashed: false, identity: 'bob@example.org'}, badge: `${base}/badge`, issuedOn: '2026-01-01T00:00:00Z', verification: {type: 'hosted'}, ...extra};
}

function overHttp(input: unknown) {
  return verify(input, {resolver: new DocumentResolver([new FetcherDocumentSource(fetcher)]).withBudget(VERIFICATION_BUDGET), now: new Date('2026-12-08T00:00:00Z')});
}

describe('hosted OB 2.0 assertions over HTTP', () => {
  it('verifies the hosted copy, its BadgeClass and issuer fetched through the hardened fetcher', async () => {
    const report = await overHttp(hosted(`${base}/assertions/valid`));
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
    assert.equal(report.credential?.issuer.name, 'Loopback Issuer');
    assert.equal((report.credential?.achievement as {name: string}).name, 'Loopback badge');
  });

  it('verifies the assertion URL itself (what OB 2.0 images bake)', async () => {
    const report = await overHttp(`${base}/assertions/valid`);
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
  });

  it('says revoked when the issuer\'s revocation list names the assertion, and expired past expires', async () => {
    const revoked = await overHttp(`${base}/assertions/revoked`);
    assert.equal(revoked.status, 'revoked');
    assert.match(revoked.checks.find((check) => check.check === 'status')?.message ?? '', /withdrawn by the issuer/);
    assert.equal((await overHttp(`${base}/assertions/expired`)).status, 'expired');
  });

  it('trusts the hosted copy, not the one handed in: an earner\'s edited copy verifies as what the issuer hosts', async () => {
    const edited = hosted(`${base}/assertions/valid`, {expires: '2099-01-01T00:00:00Z', issuedOn: '2000-01-01T00:00:00Z'});
    const report = await overHttp(edited);
    assert.equal(report.credential?.validFrom, '2026-01-01T00:00:00Z');
  });

  it('follows a résumé\'s links to hosted assertions and verifies each (the inspector, as /verify and the CLI use it)', async () => {
    const result = await new Inspector({verify: overHttp, fetcher}).inspect({kind: 'url', url: `${base}/resume.html`});
    const statuses = Object.fromEntries(result.reports.map(({report}) => [report.credential?.id, report.status]));
    assert.deepEqual(statuses, {[`${base}/assertions/valid`]: 'valid', [`${base}/assertions/revoked`]: 'revoked'}, JSON.stringify(result.problems));
  });

  it('refuses a hosted assertion that redirects to a private or metadata address, quickly, naming the address', async () => {
    for (const [path, address] of [['/assertions/to-metadata', '169.254.169.254'], ['/assertions/to-private', '10.0.0.7']]) {
      const started = Date.now();
      const report = await overHttp(hosted(`${base}${path}`));
      assert.ok(Date.now() - started < 3000, 'refused without waiting on the address');
      assert.equal(report.verified, false);
      assert.equal(report.status, 'indeterminate');
      assert.match(report.checks[0].message, new RegExp(address.replaceAll('.', '\\.')), JSON.stringify(report.checks));
    }
  });

  it('refuses an assertion hosted at a loopback address the fetcher was not opened to', async () => {
    const closed = new Fetcher({allowHosts: []});
    const report = await verify(hosted(`${base}/assertions/valid`), {resolver: new DocumentResolver([new FetcherDocumentSource(closed)]).withBudget(VERIFICATION_BUDGET)});
    assert.equal(report.verified, false);
    assert.match(report.checks[0].message, /could not be obtained/);
  });
});

describe('hostile OB 2.0 input', () => {
  it('refuses alg none and a 512-bit RSA key quickly, each with its reason', async () => {
    const started = Date.now();
    const weak = rsaKey(512);
    const none = await verifyWith(forge({alg: 'none'}, assertion('urn:uuid:11111111-2222-4333-8444-555555555555')), issuerDocuments({keyPem: weak.pem}));
    assert.match(none.errors.join(' '), /unsigned \(alg "none"\)/);
    const small = await verifyWith(forge({alg: 'RS256'}, assertion('urn:uuid:11111111-2222-4333-8444-555555555555'), 'AAAA'), issuerDocuments({keyPem: weak.pem}));
    assert.match(small.errors.join(' '), /512 bits; at least 2048 are required/);
    assert.ok(Date.now() - started < 3000);
  });

  it('refuses a PNG of 10,000 chunks quickly, saying why, in the unbaker and through the inspector', async () => {
    const png = manyChunks(readFileSync(join(resolve(import.meta.dirname, '../../../../shared/interop/ob2-validator'), 'images/public_domain_heart.png')), 10_000);
    const started = Date.now();
    assert.throws(() => unbakePng(png), /more than 4096 chunks/);
    const inspector = new Inspector({verify: overHttp, fetcher});
    const result = await inspector.inspect({kind: 'file', bytes: png, filename: 'many.png'});
    assert.equal(result.reports.length, 0);
    assert.match(result.problems.map((problem) => problem.reason).join(' '), /more than 4096 chunks/);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

/** The PNG with `count` tiny tEXt chunks inserted after IHDR (valid CRCs: a well-formed, hostile file). */
function manyChunks(png: Buffer, count: number): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const chunk = (index: number) => {
    const data = Buffer.from(`k\0${index}`, 'latin1');
    const header = Buffer.alloc(8);
    header.writeUInt32BE(data.length, 0);
    header.write('tEXt', 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
    return Buffer.concat([header, data, crc]);
  };
  return Buffer.concat([png.subarray(0, ihdrEnd), ...Array.from({length: count}, (_, index) => chunk(index)), png.subarray(ihdrEnd)]);
}
