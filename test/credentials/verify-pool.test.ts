import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {DocumentResolver, DocumentUnavailableError, MapDocumentSource, type DocumentSource} from '../../src/credentials/documents.ts';
import {HallmarkError} from '../../src/errors.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {VerificationPool} from '../../src/credentials/verify-pool/pool.ts';
import {badge, createIssuer, sign, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';

/**
 * The worker pool gives the reports verify() gives in this thread, for
 * valid, revoked, tampered and unresolvable credentials and for input that is
 * no credential; documents come from the pool's sources (never fetched in a
 * worker), and the pool never makes a caller wait for a worker to start.
 */
const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/pool';

describe('verification pool', () => {
  let issuer: TestIssuer;
  let resolver: DocumentResolver;
  let pool: VerificationPool;
  const asked: string[] = [];
  const credentials: Record<string, Json> = {};

  before(async () => {
    issuer = await createIssuer();
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', values: [[2, 1]]});
    const documents = new MapDocumentSource(new Map([[LIST_URL, list]]));
    const recording: DocumentSource = {get: (url) => (asked.push(url), documents.get(url))};
    resolver = new DocumentResolver([recording]);
    credentials.valid = await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', 1)}), issuer);
    credentials.revoked = await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', 2)}), issuer);
    credentials.tampered = {...credentials.valid, name: 'Something else'};
    credentials.unlisted = await sign(badge(issuer, {credentialStatus: statusEntry('https://status.example/lists/missing', 'revocation', 1)}), issuer);
    pool = new VerificationPool(resolver, 2);
  });

  after(() => pool.close());

  it('verifies in this thread until a worker is ready, then in the workers, with identical reports', async () => {
    const inProcess = await pool.verify(credentials.valid, {now: NOW});
    assert.equal(pool.stats().inProcess, 1, 'the first verification did not wait for a worker');
    await pool.ready();
    assert.equal(pool.stats().ready, 2);
    for (const [name, credential] of Object.entries(credentials)) {
      const expected = await verify(credential, {resolver: resolver.withBudget({maxDocuments: 32, timeoutMs: 30_000}), now: NOW, endorsements: false});
      const pooled = await pool.verify(credential, {now: NOW});
      assert.deepEqual(pooled, expected, `${name}: the pooled report differs`);
    }
    assert.deepEqual(await pool.verify(credentials.valid, {now: NOW}), inProcess);
    assert.equal((await pool.verify(credentials.revoked, {now: NOW})).status, 'revoked');
    assert.match(JSON.stringify((await pool.verify(credentials.unlisted, {now: NOW})).checks), /no source has it/);
    assert.ok(pool.stats().inWorkers >= 6);
    assert.ok(asked.includes(LIST_URL), 'the status list came from the pool\'s sources');
  });

  it('spreads concurrent verifications over the workers and answers each with its own report', async () => {
    await pool.ready();
    const before = pool.stats().inWorkers;
    const inputs = Array.from({length: 40}, (_, index) => (index % 2 === 0 ? credentials.valid : credentials.revoked));
    const reports = await Promise.all(inputs.map((input) => pool.verify(input, {now: NOW})));
    assert.deepEqual(reports.map((report) => report.status), inputs.map((_, index) => (index % 2 === 0 ? 'valid' : 'revoked')));
    assert.equal(pool.stats().inWorkers - before, 40);
  });

  it('refuses what is not a credential with the same error as in this thread, and verifies uncloneable input here', async () => {
    await pool.ready();
    for (const input of ['not a credential', 42, {'@context': 'x'.repeat(10)}, '{"__proto__": {"polluted": 1}}']) {
      const expected = await verify(input, {resolver, now: NOW}).then(() => 'verified', (error: unknown) => error);
      const pooled = await pool.verify(input, {now: NOW}).then(() => 'verified', (error: unknown) => error);
      if (expected === 'verified') assert.equal(pooled, 'verified');
      else {
        assert.ok(pooled instanceof HallmarkError, `${JSON.stringify(input)}: ${String(pooled)}`);
        assert.equal(pooled.kind, (expected as HallmarkError).kind);
        assert.equal(pooled.message, (expected as HallmarkError).message);
      }
    }
    assert.equal(({} as {polluted?: number}).polluted, undefined);
    const before = pool.stats().inProcess;
    await assert.rejects(pool.verify(() => 1, {now: NOW}), HallmarkError);
    assert.equal(pool.stats().inProcess, before + 1);
  });

  it('passes a source\'s refusal through to the report word for word', async () => {
    const refusing = new DocumentResolver([{get: async (url) => Promise.reject(new DocumentUnavailableError(url, 'the address is private'))}]);
    const strict = new VerificationPool(refusing, 1);
    try {
      await strict.ready();
      const pooled = await strict.verify(credentials.valid, {now: NOW});
      const expected = await verify(credentials.valid, {resolver: refusing.withBudget({maxDocuments: 32, timeoutMs: 30_000}), now: NOW, endorsements: false});
      assert.deepEqual(pooled, expected);
      assert.match(JSON.stringify(pooled.checks), /the address is private/);
      assert.equal(strict.stats().inWorkers, 1);
    } finally {
      await strict.close();
    }
  });

  it('hashes related resources fetched through this thread\'s sources, agreeing with in-process verification', async () => {
    const RESOURCE = 'https://audits.example/report.json';
    const bytes = Buffer.from('{"terms": "the audit report"}\n');
    const fetched: string[] = [];
    // A source giving bytes, as the hardened fetcher does for a URL that is not a pinned context.
    const giving = new DocumentResolver([{get: async () => undefined, bytes: async (url) => (fetched.push(url), url === RESOURCE ? bytes : undefined)}]);
    const withBytes = new VerificationPool(giving, 1);
    const digest = (text: Uint8Array) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
    const related = {
      matching: await sign(badge(issuer, {relatedResource: [{id: RESOURCE, digestSRI: digest(bytes)}]}), issuer),
      mismatching: await sign(badge(issuer, {relatedResource: [{id: RESOURCE, digestSRI: digest(Buffer.from('other'))}]}), issuer),
      unobtainable: await sign(badge(issuer, {relatedResource: [{id: 'https://audits.example/gone.json', digestSRI: digest(bytes)}]}), issuer),
    };
    const expectedResult = {matching: 'passed', mismatching: 'failed', unobtainable: 'indeterminate'};
    try {
      await withBytes.ready();
      for (const [name, credential] of Object.entries(related)) {
        const expected = await verify(credential, {resolver: giving.withBudget({maxDocuments: 32, timeoutMs: 30_000}), now: NOW, endorsements: false});
        const pooled = await withBytes.verify(credential, {now: NOW});
        assert.deepEqual(pooled, expected, `${name}: the pooled report differs`);
        const check = pooled.checks.find((entry) => entry.check === 'related-resource');
        assert.equal(check?.result, expectedResult[name as keyof typeof expectedResult], `${name}: ${JSON.stringify(pooled.checks)}`);
      }
      assert.equal(withBytes.stats().inWorkers, 3);
      assert.equal(fetched.filter((url) => url === RESOURCE).length, 4, 'the bytes came from this thread\'s source, in-process and pooled');
    } finally {
      await withBytes.close();
    }
  });

  it('fails the verifications a closing pool was running, and verifies in this thread afterwards', async () => {
    const closing = new VerificationPool(resolver, 1);
    await closing.ready();
    const running = closing.verify(credentials.valid, {now: NOW});
    await closing.close();
    await assert.rejects(running, /verification worker stopped/);
    assert.equal((await closing.verify(credentials.valid, {now: NOW})).status, 'valid');
    assert.equal(closing.stats().workers, 0);
  });
});
