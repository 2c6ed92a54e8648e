import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const VECTOR = resolve(import.meta.dirname, '../../../shared/interop/ob3-spec/test-vectors/obv3p0/signed-credential.json');

describe('POST /credentials/verify', () => {
  let t: TestHallmark;
  let credential: Record<string, unknown>;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
  });
  after(() => t.close());

  const verify = (body: unknown) => t.http.post('/credentials/verify').send(body as object);

  it('answers 200 with the full report for a valid credential, no token needed', async () => {
    const response = await verify({verifiableCredential: credential});
    assert.equal(response.status, 200);
    const report = response.body;
    assert.equal(report.verified, true);
    assert.equal(report.status, 'valid');
    const names = report.checks.map((check: {check: string}) => check.check);
    for (const name of ['context', 'schema', 'proof', 'issuer', 'validity-period', 'status']) assert.ok(names.includes(name), name);
    assert.equal(report.credential.id, credential.id);
    assert.equal(report.credential.issuer.name, 'acme community');
    assert.equal(report.credential.achievement.name, 'Safe to run');
    assert.deepEqual(report.errors, []);
  });

  it('answers 400 with the full report for a forgery, naming the failing check', async () => {
    const forged = structuredClone(credential);
    (forged.credentialSubject as {achievement: {name: string}}).achievement.name = 'Safe to deploy';
    const response = await verify({verifiableCredential: forged});
    assert.equal(response.status, 400);
    assert.equal(response.body.verified, false);
    assert.equal(response.body.status, 'invalid');
    assert.equal(response.body.checks.find((check: {check: string}) => check.check === 'proof').result, 'failed');
  });

  it('answers 400 with a report to a VC-JWT signed with alg "none" (an unsigned token proves nothing)', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const {proof: _proof, ...unsigned} = credential;
    const response = await verify({verifiableCredential: `${encode({alg: 'none', typ: 'vc+jwt'})}.${encode(unsigned)}.`});
    assert.equal(response.status, 400);
    assert.equal(response.body.status, 'invalid');
    assert.match(response.body.checks.find((check: {check: string}) => check.check === 'proof').message, /alg "none"/);
  });

  it('verifies a third-party credential (the OB 3.0 spec test vector) the same way', async () => {
    const vector = JSON.parse(readFileSync(VECTOR, 'utf8'));
    const response = await verify({verifiableCredential: vector});
    assert.equal(response.body.checks.find((check: {check: string}) => check.check === 'proof').result, 'passed', JSON.stringify(response.body.checks));
  });

  const notCredentials: Array<[string, unknown]> = [
    ['a missing verifiableCredential', {credential: {}}],
    ['a number', {verifiableCredential: 42}],
    ['plain text', {verifiableCredential: 'hello world'}],
    ['a JWT-shaped string that is not a JWT', {verifiableCredential: 'a.b.c'}],
    ['an object without @context or type', {verifiableCredential: {hello: 'world'}}],
    ['an array', {verifiableCredential: [{'@context': [], type: ['VerifiableCredential']}]}],
    ['a JSON array body', [{verifiableCredential: {}}]],
    ['null', {verifiableCredential: null}],
    // Data Integrity: the secured document must be a map; a JSON string of one is a parsing error, not a credential.
    ['a JSON string of a credential object', {verifiableCredential: JSON.stringify({'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential']})}],
  ];
  for (const [what, body] of notCredentials) {
    it(`answers 400 with an error for ${what}`, async () => {
      const response = await verify(body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.kind, 'invalid-input');
      assert.ok(response.body.error.message.length > 0);
    });
  }

  it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
    const malformed = await t.http.post('/credentials/verify').set('Content-Type', 'application/json').send('{"verifiableCredential": {');
    assert.equal(malformed.status, 400);
    const huge = await verify({verifiableCredential: {...credential, description: 'x'.repeat(2 * 1024 * 1024)}});
    assert.equal(huge.status, 413);
  });

  it('survives hostile structure: deep nesting, __proto__ keys and huge arrays come back as a report, not a crash', async () => {
    let deep: unknown = 'leaf';
    for (let depth = 0; depth < 2_000; depth++) deep = {nested: deep};
    const nested = await t.http.post('/credentials/verify').set('Content-Type', 'application/json')
      .send(JSON.stringify({verifiableCredential: {...credential, credentialSubject: deep}}));
    assert.equal(nested.status, 400);
    assert.match(nested.body.error.message, /nests deeper/);
    const polluted = await t.http.post('/credentials/verify').set('Content-Type', 'application/json')
      .send(`{"verifiableCredential": ${JSON.stringify(credential).replace(/^\{/, '{"__proto__": {"verified": true}, ')}}`);
    assert.equal(polluted.status, 400);
    assert.match(polluted.body.error.message, /__proto__/);
    assert.equal(({} as {verified?: boolean}).verified, undefined, 'no prototype pollution');
    const wide = await verify({verifiableCredential: {...credential, evidence: Array.from({length: 20_000}, (_, n) => ({id: `urn:x:${n}`, type: ['Evidence']}))}});
    assert.equal(wide.status, 400);
    assert.equal((await t.http.get('/healthz')).status, 200);
  });
});
