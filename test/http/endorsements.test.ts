import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {validateAgainstOfficialSchema} from '../../src/credentials/schemas.ts';

const PUBLIC_URL = 'https://hallmark.test';
const FSFE_DID = 'did:web:hallmark.test:issuers:fsfe';
const ACME_DID = 'did:web:hallmark.test:issuers:acme';
const ACHIEVEMENT = (BADGE.credentialSubject.achievement as {id: string}).id;

type Finding = {id: string; endorser: {id: string; name: string}; target: string; about: string; comment: string; verified: boolean; status: string; trusted: boolean; source: string};

async function endorse(t: TestHallmark, slug: string, body: unknown, headers: Record<string, string> = t.admin) {
  return t.http.post(`/api/v1/issuers/${slug}/endorsements`).set(headers).send(body as object);
}

async function known(t: TestHallmark, target: string): Promise<unknown[]> {
  const response = await t.http.get('/api/v1/endorsements').query({target});
  assert.equal(response.status, 200);
  return response.body.endorsements;
}

describe('endorsements', () => {
  let t: TestHallmark;
  let badge: Record<string, unknown>;
  before(async () => {
    // https: issuers are did:web, so the trusted DID is known before the instance starts.
    t = await startHallmark({HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_TRUSTED_ENDORSERS: `${FSFE_DID}, did:web:elsewhere.example`});
    await createIssuer(t, 'acme');
    await createIssuer(t, 'fsfe', {name: 'Free Software Foundation Europe'});
    await createIssuer(t, 'unknown-org');
    badge = await issueBadge(t, 'acme');
  });
  after(() => t.close());

  it('issues an official-schema EndorsementCredential about an issuer, indexed under its DID', async () => {
    const response = await endorse(t, 'fsfe', {target: {kind: 'issuer', id: `${PUBLIC_URL}/issuers/acme`}, comment: 'Acme vets carefully.'});
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const credential = response.body.verifiableCredential;
    assert.ok(credential.type.includes('EndorsementCredential'));
    assert.equal(credential.issuer.id, FSFE_DID);
    // The profile URL is the issuer's; credentials name it by its DID, and so does the endorsement.
    assert.deepEqual(credential.credentialSubject, {id: ACME_DID, type: ['EndorsementSubject'], endorsementComment: 'Acme vets carefully.'});
    assert.deepEqual(validateAgainstOfficialSchema(credential), {schema: 'endorsementcredential', valid: true, problems: []});
    const listed = await known(t, ACME_DID);
    assert.equal(listed.length, 1);
    assert.equal((listed[0] as {credentialId: string}).credentialId, credential.id);
  });

  it('shows the endorsement, verified and trusted, in the report of a credential from the endorsed issuer', async () => {
    const response = await t.http.post('/credentials/verify').send({verifiableCredential: badge});
    assert.equal(response.status, 200);
    const findings: Finding[] = response.body.endorsements;
    const fsfe = findings.find((finding) => finding.endorser.id === FSFE_DID);
    assert.ok(fsfe, JSON.stringify(findings));
    assert.equal(fsfe.verified, true, JSON.stringify(fsfe));
    assert.equal(fsfe.status, 'valid');
    assert.equal(fsfe.trusted, true);
    assert.equal(fsfe.about, 'issuer');
    assert.equal(fsfe.target, ACME_DID);
    assert.equal(fsfe.comment, 'Acme vets carefully.');
    assert.equal(fsfe.source, 'known');
    assert.equal(fsfe.endorser.name, 'Free Software Foundation Europe');
  });

  it('marks an endorsement from an endorser not in HALLMARK_TRUSTED_ENDORSERS verified but untrusted, and one about the achievement as such', async () => {
    const response = await endorse(t, 'unknown-org', {target: {kind: 'achievement', id: ACHIEVEMENT}, comment: 'A sound policy.'});
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: badge})).body;
    const finding = (report.endorsements as Finding[]).find((entry) => entry.id === response.body.verifiableCredential.id);
    assert.ok(finding);
    assert.equal(finding.verified, true);
    assert.equal(finding.trusted, false);
    assert.equal(finding.about, 'achievement');
  });

  it('shows a revoked endorsement as revoked and never trusted', async () => {
    const issued = (await endorse(t, 'fsfe', {target: {kind: 'achievement', id: ACHIEVEMENT}, comment: 'Withdrawn later.'})).body.verifiableCredential;
    const revoked = await t.http.post('/issuers/fsfe/credentials/status').set(t.admin).send({credentialId: issued.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: badge})).body;
    const finding = (report.endorsements as Finding[]).find((entry) => entry.id === issued.id);
    assert.ok(finding);
    assert.equal(finding.verified, false);
    assert.equal(finding.status, 'revoked');
    assert.equal(finding.trusted, false);
    assert.equal(report.verified, true, 'the endorsed credential itself is unaffected');
  });

  it('gives a forged credential no endorsements: it does not prove the issuer they are about', async () => {
    const forged = structuredClone(badge);
    forged.name = 'Forged';
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: forged})).body;
    assert.equal(report.verified, false);
    assert.deepEqual(report.endorsements, []);
  });

  it('lets an issuer token endorse as its own issuer only', async () => {
    const token = (await t.http.post('/api/v1/issuers/fsfe/tokens').set(t.admin).send({})).body.token;
    const own = await endorse(t, 'fsfe', {target: {kind: 'reviewer', id: `${PUBLIC_URL}/reviewers/alice`}, comment: 'Careful reviewer.'}, {Authorization: `Bearer ${token}`});
    assert.equal(own.status, 201);
    const other = await endorse(t, 'acme', {target: {kind: 'reviewer', id: `${PUBLIC_URL}/reviewers/bob`}, comment: 'x'}, {Authorization: `Bearer ${token}`});
    assert.equal(other.status, 403);
    const anonymous = await t.http.post('/api/v1/issuers/fsfe/endorsements').send({target: {kind: 'reviewer', id: `${PUBLIC_URL}/reviewers/bob`}, comment: 'x'});
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await known(t, `${PUBLIC_URL}/reviewers/bob`), []);
  });

  const badRequests: Array<[string, unknown, number]> = [
    ['no comment', {target: {kind: 'issuer', id: ACME_DID}}, 400],
    ['an unknown target kind', {target: {kind: 'package', id: ACME_DID}, comment: 'x'}, 400],
    ['a javascript: target', {target: {kind: 'reviewer', id: 'javascript:alert(1)'}, comment: 'x'}, 400],
    ['a target with spaces', {target: {kind: 'reviewer', id: 'https://x.example/a b'}, comment: 'x'}, 400],
    ['an oversized comment', {target: {kind: 'issuer', id: ACME_DID}, comment: 'x'.repeat(20_000)}, 400],
    ['an extra field that would ride into the credential', {target: {kind: 'issuer', id: ACME_DID}, comment: 'x', credentialSubject: {id: 'did:web:evil'}}, 400],
    ['an array body', [{target: {kind: 'issuer', id: ACME_DID}, comment: 'x'}], 400],
    ['a profile URL of an issuer that does not exist', {target: {kind: 'issuer', id: `${PUBLIC_URL}/issuers/nobody`}, comment: 'x'}, 400],
  ];
  for (const [what, body, status] of badRequests) {
    it(`refuses ${what} with ${status}, writing nothing`, async () => {
      const before = (await t.http.get('/api/v1/issuers/fsfe').set(t.admin)).body;
      const response = await endorse(t, 'fsfe', body);
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.ok(response.body.error.message);
      assert.deepEqual(await known(t, 'did:web:evil'), []);
      assert.deepEqual(await known(t, `${PUBLIC_URL}/issuers/nobody`), []);
      assert.deepEqual((await t.http.get('/api/v1/issuers/fsfe').set(t.admin)).body, before);
    });
  }

  it('answers 404 for an unknown issuer and 413 for a body over the limit', async () => {
    assert.equal((await endorse(t, 'nobody', {target: {kind: 'issuer', id: ACME_DID}, comment: 'x'})).status, 404);
    const huge = await endorse(t, 'fsfe', {target: {kind: 'issuer', id: ACME_DID}, comment: 'x'.repeat(2 * 1024 * 1024)});
    assert.equal(huge.status, 413);
    assert.equal((await t.http.get('/api/v1/endorsements')).status, 400);
    assert.equal((await t.http.get('/api/v1/endorsements').query({target: 'x'.repeat(3000)})).status, 400);
    assert.equal((await t.http.get('/api/v1/endorsements?target=a&target=b')).status, 400);
  });

  describe('registering an endorsement signed elsewhere', () => {
    const TARGET = 'https://example.org/achievements/registered';
    let foreign: Record<string, unknown>;
    before(async () => {
      // Issued through the plain VC-API, so this instance does not know it as an endorsement yet.
      const response = await t.http.post('/issuers/unknown-org/credentials/issue').set(t.admin).send({
        credential: {type: ['VerifiableCredential', 'EndorsementCredential'], name: 'Endorsement', credentialSubject: {id: TARGET, type: ['EndorsementSubject'], endorsementComment: 'Good.'}},
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      foreign = response.body.verifiableCredential;
    });

    it('refuses a tampered endorsement, storing nothing', async () => {
      const tampered = structuredClone(foreign);
      (tampered.credentialSubject as {endorsementComment: string}).endorsementComment = 'Excellent!';
      const response = await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: tampered});
      assert.equal(response.status, 400);
      assert.match(JSON.stringify(response.body.error.problems), /does not verify/);
      assert.deepEqual(await known(t, TARGET), []);
    });

    it('refuses what is not an endorsement, oversized input and non-admins', async () => {
      const badgeResponse = await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: badge});
      assert.equal(badgeResponse.status, 400);
      assert.match(JSON.stringify(badgeResponse.body.error.problems), /EndorsementCredential/);
      const padded = {...structuredClone(foreign), description: 'x'.repeat(70 * 1024)};
      assert.equal((await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: padded})).status, 413);
      assert.equal((await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: 42})).status, 400);
      assert.equal((await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: 'not.a.jwt'})).status, 400);
      assert.equal((await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: {__proto__: null, constructor: {prototype: {}}}})).status, 400);
      assert.equal((await t.http.post('/api/v1/endorsements').set(t.admin).send({credential: foreign})).status, 400);
      assert.equal((await t.http.post('/api/v1/endorsements').send({verifiableCredential: foreign})).status, 401);
      assert.deepEqual(await known(t, TARGET), []);
    });

    it('stores a verified one once, and then reports it for credentials about its target', async () => {
      const first = await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: foreign});
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.endorsement.origin, 'registered');
      const again = await t.http.post('/api/v1/endorsements').set(t.admin).send({verifiableCredential: foreign});
      assert.equal(again.status, 200);
      assert.equal(again.body.created, false);
      assert.equal(again.body.endorsement.credentialId, first.body.endorsement.credentialId, 'the replay answers the stored endorsement');
      assert.equal(first.headers.location, `/api/v1/endorsements?target=${encodeURIComponent(TARGET)}`);
      assert.equal(again.headers.location, first.headers.location);
      assert.equal((await known(t, TARGET)).length, 1);

      const subject = {...BADGE.credentialSubject, achievement: {...BADGE.credentialSubject.achievement, id: TARGET}};
      const other = await issueBadge(t, 'acme', {}, {...BADGE, credentialSubject: subject});
      const report = (await t.http.post('/credentials/verify').send({verifiableCredential: other})).body;
      const finding = (report.endorsements as Finding[]).find((entry) => entry.id === foreign.id);
      assert.ok(finding, JSON.stringify(report.endorsements));
      assert.equal(finding.verified, true);
      assert.equal(finding.about, 'achievement');
      assert.equal(finding.trusted, false);
    });
  });
});
