import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {
  name: 'two-orgs',
  criteria: 'safe-to-run',
  rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}, {kind: 'no-violations'}],
};
const SHA = 'c'.repeat(64);

async function verifyStatus(t: PolicyFixture, credential: unknown): Promise<string> {
  const report = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
  return report.body.status as string;
}

describe('policy evaluation and package badges', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    const published = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY);
    assert.equal(published.status, 201);
  });
  after(() => t.close());

  const evaluate = (body: Record<string, unknown> = {purl: RELEASE}, name = 'two-orgs') =>
    t.http.post(`/api/v1/communities/${COMMUNITY}/policies/${name}/evaluate`).set(t.as.mem).send(body);

  it('fails without reviews, says why, and issues nothing', async () => {
    const response = await evaluate();
    assert.equal(response.status, 200);
    assert.equal(response.body.evaluation.passed, false);
    assert.match(response.body.evaluation.rules[0].reason, /0 qualifying reviewers/);
    assert.equal(response.body.badge, null);
  });

  it('issues one verifiable badge when every rule passes, and the same badge on re-evaluation', async () => {
    const a = await t.review('alice');
    const b = await t.review('bob');
    const response = await evaluate();
    assert.equal(response.body.evaluation.passed, true, JSON.stringify(response.body.evaluation));
    assert.deepEqual(response.body.evaluation.rules[0].reviews.sort(), [a.id, b.id].sort());
    const credential = response.body.credential;
    assert.equal(credential.credentialSubject.id, RELEASE);
    assert.equal(credential.credentialSubject.achievement.id, `${t.hallmark.services.config.publicUrl}/communities/${COMMUNITY}/policies/two-orgs/versions/1`);
    assert.deepEqual(credential.evidence.map((e: {id: string}) => e.id).sort(), [a.credentialId, b.credentialId].sort());
    assert.equal(credential.credentialStatus.statusPurpose, 'suspension', 'one 1-bit entry every verifier reads right: suspended, reinstated, suspended for good');
    assert.equal(credential.credentialStatus.statusSize, undefined);
    assert.equal(await verifyStatus(t, credential), 'valid');
    const again = await evaluate();
    assert.equal(again.body.badge.credentialId, response.body.badge.credentialId);
    const view = await t.hallmark.services.vetting.packages.view(RELEASE);
    assert.equal(view.badges?.length, 1);
    assert.equal(view.evaluations?.length, 3);
    assert.equal((await t.hallmark.services.vetting.packages.view('pkg:npm/left-pad@9.9.9')).badges instanceof Array, true);
    assert.equal((await t.hallmark.services.vetting.packages.view('pkg:npm/left-pad@9.9.9')).badges?.length, 0);
  });

  it('suspends when a reviewer loses their role, and reinstates when it comes back', async () => {
    const {vetting} = t.hallmark.services;
    const [badge] = await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad');
    const credential = (await t.hallmark.services.records.get(String(badge.credentialId))).credential;
    await vetting.roles.set({kind: 'admin'}, COMMUNITY, 'bob', null);
    assert.equal((await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad'))[0].state, 'suspended');
    assert.equal(await verifyStatus(t, credential), 'suspended');
    await vetting.roles.set({kind: 'admin'}, COMMUNITY, 'bob', 'auditor');
    assert.equal((await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad'))[0].state, 'active');
    assert.equal(await verifyStatus(t, credential), 'valid');
  });

  it('revokes for good when an accepted violation covers the release', async () => {
    const [badge] = await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad');
    const credential = (await t.hallmark.services.records.get(String(badge.credentialId))).credential;
    await t.review('carol', {kind: 'violation', purl: 'pkg:npm/left-pad', range: 'vers:npm/>=1.0.0|<2.0.0', criteria: ['safe-to-run'], rating: 'negative'});
    const after = (await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad'))[0];
    assert.equal(after.state, 'revoked-by-violation');
    assert.equal(await verifyStatus(t, credential), 'revoked', 'our verifier says revoked, from our records, not suspended');
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
    assert.match(report.checks.find((check: {check: string}) => check.check === 'status').message, /accepted violation report .* covers this release/, 'and says why');
    // The list refuses to reinstate it, whoever asks.
    const reinstate = await t.http.post(`/issuers/${after.community}/credentials/status`).set(t.admin)
      .send({credentialId: after.credentialId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: false}]});
    assert.equal(reinstate.status, 409);
    assert.equal(await verifyStatus(t, credential), 'revoked');
    const rerun = await evaluate();
    assert.equal(rerun.body.evaluation.passed, false);
    assert.equal(rerun.body.badge.state, 'revoked-by-violation');
  });

  it('refuses malformed input with a 4xx and records nothing', async () => {
    const before = (await t.hallmark.services.policies.evaluations.forPackage('pkg:npm/left-pad')).length;
    assert.equal((await evaluate({purl: 'not a purl'})).status, 400);
    assert.equal((await evaluate({purl: 'pkg:npm/left-pad'})).status, 400, 'a package without a version is not a release');
    assert.equal((await evaluate({})).status, 400);
    assert.equal((await evaluate({purl: RELEASE, extra: 1})).status, 400);
    assert.equal((await evaluate({purl: 'pkg:cargo/serde@1.0.0'})).status, 400, 'not an ecosystem of this community');
    assert.equal((await evaluate({purl: RELEASE}, 'no-such-policy')).status, 404);
    assert.equal((await evaluate({purl: RELEASE, version: 9})).status, 404);
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).send({purl: RELEASE})).status, 401);
    // An account with no role here could otherwise evaluate a made-up release into the package's README badge.
    await t.hallmark.services.vetting.accounts.create({handle: 'stranger', kind: 'person', name: 'Stranger'});
    const stranger = await t.hallmark.services.tokens.create({kind: 'account', handle: 'stranger', issuerSlug: null});
    const refused = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set({Authorization: `Bearer ${stranger.token}`}).send({purl: 'pkg:npm/left-pad@999.0.0'});
    assert.equal(refused.status, 403);
    assert.equal((await t.hallmark.services.policies.evaluations.forPackage('pkg:npm/left-pad')).length, before);
  });
});

describe('evidence', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
  });
  after(() => t.close());

  const submit = (body: unknown, headers: {Authorization: string}, purl = RELEASE) =>
    t.http.post(`/api/v1/packages/${encodeURIComponent(purl)}/evidence`).set(headers).send(body as object);
  const stored = async () => (await t.hallmark.services.policies.evidence.forPackage('pkg:npm/left-pad')).length;

  it('stores typed evidence from auditors and the admin, and policies read it', async () => {
    const license = await submit({type: 'license', document: {expression: 'MIT OR Apache-2.0'}}, t.as.alice);
    assert.equal(license.status, 201, JSON.stringify(license.body));
    assert.equal(license.body.purl, RELEASE);
    const statement = {_type: 'https://in-toto.io/Statement/v1', subject: [{name: 'left-pad-1.3.0.tgz', digest: {sha256: SHA}}], predicateType: 'https://slsa.dev/provenance/v1', predicate: {buildDefinition: {}}};
    assert.equal((await submit({type: 'provenance', document: {statement, sha256: SHA}}, t.admin)).status, 201);
    const card = {date: '2026-01-01', repo: {name: 'github.com/left-pad/left-pad'}, scorecard: {version: 'v5.0.0'}, score: 7.2, checks: [{name: 'Code-Review', score: 9, reason: 'ok'}]};
    assert.equal((await submit({type: 'scorecard', document: card, community: COMMUNITY, expiresAt: '2099-01-01T00:00:00Z'}, t.as.bob)).status, 201);
    const published = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({name: 'evidence', criteria: 'safe-to-run',
      rules: [{kind: 'license', allow: ['MIT']}, {kind: 'provenance', requireSubjectDigest: 'sha256'}, {kind: 'scorecard', check: 'Code-Review', min: 8}]});
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const result = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/evidence/evaluate`).set(t.as.alice).send({purl: RELEASE});
    assert.equal(result.body.evaluation.passed, true, JSON.stringify(result.body.evaluation));
    assert.equal(result.body.credential.evidence.length, 3);
    const evidenceUrl = new URL(result.body.credential.evidence[0].id);
    assert.equal((await t.http.get(evidenceUrl.pathname)).status, 200);
  });

  it('refuses bad evidence with a 4xx and stores nothing', async () => {
    const before = await stored();
    const cases: Array<[unknown, {Authorization: string}, number, string?]> = [
      [{type: 'license', document: {expression: 'MIT'}}, t.as.mem, 403],
      [{type: 'license', document: {expression: 'MIT'}, community: 'no-such'}, t.as.alice, 404],
      [{type: 'license', document: {expression: 'MIT'}}, t.as.alice, 400, 'pkg:npm/left-pad'],
      [{type: 'license', document: {expression: 'MIT'}}, t.as.alice, 400, 'pkg:'],
      [{type: 'license', document: {licence: 'MIT'}}, t.as.alice, 400],
      [{type: 'license', document: {expression: 'MIT'}, community: COMMUNITY}, t.as.alice, 400, 'pkg:cargo/serde@1.0.0'],
      [{type: 'sbom', document: {}}, t.as.alice, 400],
      [{type: 'provenance', document: {statement: {_type: 'x', subject: [], predicateType: 'y'}, sha256: SHA}}, t.as.alice, 400],
      [{type: 'provenance', document: {statement: {_type: 'x', subject: [{digest: {sha256: SHA}}], predicateType: 'y'}, sha256: 'ABC'}}, t.as.alice, 400],
      [{type: 'scorecard', document: {date: 'x', repo: {name: 'r'}, scorecard: {version: 'v'}, score: 11, checks: []}}, t.as.alice, 400],
      [{type: 'license', document: {expression: 'MIT'}, expiresAt: '2000-01-01T00:00:00Z'}, t.as.alice, 400],
      [{type: 'scorecard', document: {date: 'x', repo: {name: 'r'}, scorecard: {version: 'v'}, score: 1, checks: [], padding: 'x'.repeat(300_000)}}, t.as.alice, 413],
    ];
    for (const [body, headers, status, purl] of cases) {
      const response = await submit(body, headers, purl);
      assert.equal(response.status, status, `${JSON.stringify(body).slice(0, 120)} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      assert.ok(response.body.error.message);
    }
    assert.equal((await submit({type: 'license', document: {expression: 'MIT'}}, {Authorization: 'Bearer nope'})).status, 401);
    assert.equal(await stored(), before);
  });
});
