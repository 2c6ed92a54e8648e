import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {loadContext} from '../../src/credentials/contexts.ts';
import {MAX_PRESENTATION_CREDENTIALS} from '../../src/credentials/verify/presentation.ts';
import {createIssuer as createHolder, type Json} from '../credentials/helpers/signing.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/** VC-API POST /presentations/verify: the holder's proof, bound to challenge and domain, and each credential through the one pipeline. */
describe('POST /presentations/verify', () => {
  let t: TestHallmark;
  let valid: Json;
  let revoked: Json;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    valid = await issueBadge(t);
    revoked = await issueBadge(t);
    await t.http.post('/issuers/acme/credentials/status').set(t.admin)
      .send({credentialId: revoked.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}).expect(200);
  });
  after(() => t.close());

  const verify = (body: unknown) => t.http.post('/presentations/verify').send(body as object);

  async function signedBy(holder: Awaited<ReturnType<typeof createHolder>>, credentials: Json[], challenge: string, domain?: string): Promise<Json> {
    const presentation = vc.createPresentation({verifiableCredential: credentials, holder: holder.id});
    const suite = new DataIntegrityProof({signer: holder.keyPair.signer(), cryptosuite: eddsaRdfc2022});
    return vc.signPresentation({presentation, suite, documentLoader: async (url) => loadContext(url), challenge, ...(domain ? {domain} : {})});
  }

  it('verifies the holder proof against the caller\'s challenge and domain, and reports each credential', async () => {
    const holder = await createHolder();
    const presentation = await signedBy(holder, [valid, revoked], 'c-123', 'verifier.example');
    const response = await verify({verifiablePresentation: presentation, options: {challenge: 'c-123', domain: 'verifier.example'}});
    assert.equal(response.status, 400, 'one credential is revoked');
    const report = response.body;
    assert.equal(report.verified, false);
    assert.equal(report.presentation.holder, holder.id);
    const proof = report.presentation.checks.find((check: {check: string}) => check.check === 'proof');
    assert.equal(proof.result, 'passed', proof.message);
    assert.match(proof.message, /bound to your challenge and domain/);
    assert.deepEqual(report.credentials.map((entry: {report: {status: string}}) => entry.report.status), ['valid', 'revoked']);
    assert.deepEqual(report.errors, ['credential 1: revoked']);

    const good = await verify({verifiablePresentation: await signedBy(holder, [valid], 'c-456'), options: {challenge: 'c-456'}});
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.verified, true);
  });

  it('fails a proof made for another challenge or domain, or by someone other than the holder', async () => {
    const holder = await createHolder();
    const presentation = await signedBy(holder, [valid], 'c-1', 'verifier.example');
    for (const options of [{challenge: 'c-2'}, {challenge: 'c-1', domain: 'elsewhere.example'}]) {
      const response = await verify({verifiablePresentation: presentation, options});
      assert.equal(response.status, 400);
      assert.equal(response.body.presentation.checks.find((check: {check: string}) => check.check === 'proof').result, 'failed', JSON.stringify(options));
    }
    const impostor = {...presentation, holder: (await createHolder()).id};
    const response = await verify({verifiablePresentation: impostor, options: {challenge: 'c-1', domain: 'verifier.example'}});
    assert.equal(response.status, 400);
    const tampered = {...presentation, verifiableCredential: [valid, valid]};
    assert.equal((await verify({verifiablePresentation: tampered, options: {challenge: 'c-1'}})).status, 400);
  });

  it('takes an unsigned presentation (a wallet export), saying nothing shows who presented it', async () => {
    const response = await verify({verifiablePresentation: vc.createPresentation({verifiableCredential: [valid]})});
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.presentation.checks.find((check: {check: string}) => check.check === 'proof').result, 'skipped');
    assert.ok(response.body.presentation.warnings.some((warning: string) => /not signed/.test(warning)));
  });

  it('refuses a presentation of 1,000 credentials at once, with the reason, before verifying any', async () => {
    const many = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: Array.from({length: 1000}, (_, index) => ({'@context': ['https://www.w3.org/ns/credentials/v2'], id: `urn:uuid:${index}`, type: ['VerifiableCredential']}))};
    const started = Date.now();
    const response = await verify({verifiablePresentation: many});
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, new RegExp(`holds 1000 credentials; at most ${MAX_PRESENTATION_CREDENTIALS}`));
    assert.ok(Date.now() - started < 30_000);
  });

  const hostile: Array<[string, unknown]> = [
    ['no body', {}],
    ['a JSON string of a presentation', {verifiablePresentation: JSON.stringify({'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation']})}],
    ['a credential instead of a presentation', {verifiablePresentation: {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential']}}],
    ['a non-string challenge', {verifiablePresentation: {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation']}, options: {challenge: 7}}],
  ];
  const deep = `{"verifiablePresentation": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
  for (const [what, body] of [...hostile, ['a presentation nested 10,000 deep', deep]]) {
    it(`answers 400 to ${what}`, async () => {
      const response = await t.http.post('/presentations/verify').set('Content-Type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      assert.ok(response.status === 400 || response.status === 413, `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      assert.equal(typeof response.body.error?.message, 'string');
    });
  }
});
