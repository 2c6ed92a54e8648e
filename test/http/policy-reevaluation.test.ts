import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const SCOPED = 'pkg:npm/%40acme/widget@2.0.0';

describe('re-evaluation of package badges', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'one', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}, {kind: 'no-violations'}]}).expect(201);
  });
  after(() => t.close());

  const evaluate = (purl: string) => t.http.post(`/api/v1/communities/${COMMUNITY}/policies/one/evaluate`).set(t.as.mem).send({purl});
  const stateOf = async (purl: string) => (await t.hallmark.services.policies.badges.forPackage(purl.replace(/@[^@/]+$/, '')))[0]?.state;

  it('issues exactly one badge when many evaluations race', async () => {
    // A review for safe-to-deploy counts for safe-to-run: criteria are closed under implies.
    await t.review('alice', {purl: SCOPED, criteria: ['safe-to-deploy']});
    const results = await Promise.all(Array.from({length: 6}, () => evaluate(SCOPED)));
    assert.ok(results.every((response) => response.status === 200 && response.body.evaluation.passed === true), JSON.stringify(results[0].body));
    const badges = await t.hallmark.services.policies.badges.forPackage('pkg:npm/%40acme/widget');
    assert.equal(badges.length, 1);
    const ids = new Set(results.map((response) => response.body.badge.credentialId).filter(Boolean));
    assert.equal(ids.size, 1);
    const issued = results.filter((response) => response.body.credential !== null);
    assert.ok(issued.length >= 1);
  });

  it('shows badges, evaluations and evidence in GET /packages/{purl}', async () => {
    const evidence = await t.http.post(`/api/v1/packages/${encodeURIComponent(SCOPED)}/evidence`).set(t.as.bob).send({type: 'license', document: {expression: 'MIT'}});
    assert.equal(evidence.status, 201, JSON.stringify(evidence.body));
    assert.equal(evidence.body.purl, SCOPED);
    const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(SCOPED)}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.badges.length, 1);
    assert.equal(view.body.badges[0].state, 'active');
    assert.ok(view.body.evaluations.length >= 6);
    assert.equal(view.body.evidence.length, 1);
    const other = await t.http.get(`/api/v1/packages/${encodeURIComponent('pkg:npm/%40acme/widget@3.0.0')}`);
    assert.equal(other.body.badges.length, 0);
  });

  it('suspends when the only review is retracted', async () => {
    const purl = 'pkg:npm/retracted@1.0.0';
    const review = await t.review('bob', {purl});
    assert.equal((await evaluate(purl)).body.badge.state, 'active');
    await t.hallmark.services.vetting.reviews.retract(await t.actor('bob'), review.id);
    assert.equal(await stateOf(purl), 'suspended');
  });

  it('suspends for a pending violation, reinstates when it is rejected, and revokes for good once one is accepted', async () => {
    const {vetting} = t.hallmark.services;
    const admin = {kind: 'admin'} as const;
    // A community where reports need an endorsement, so a violation starts out pending.
    await vetting.communities.create({slug: 'strict', name: 'Strict', ecosystems: ['npm'], acceptance: {endorsements: 1, minRole: 'auditor', otherOrganisation: false}});
    for (const handle of ['alice', 'bob', 'carol']) await vetting.roles.set(admin, 'strict', handle, 'auditor');
    await vetting.roles.set(admin, 'strict', 'stew', 'steward');
    await t.http.post('/api/v1/communities/strict/policies').set(t.as.stew)
      .send({name: 'clean', criteria: 'safe-to-run', rules: [{kind: 'no-violations'}]}).expect(201);
    const purl = 'pkg:npm/disputed@1.0.0';
    const run = () => t.http.post('/api/v1/communities/strict/policies/clean/evaluate').set(t.admin).send({purl});
    const issued = await run();
    assert.equal(issued.body.badge.state, 'active');
    const credential = issued.body.credential;
    const verifiedAs = async () => (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body.status;
    const report = async (handle: string) => vetting.reviews.submit(await t.actor(handle), 'strict', {purl: 'pkg:npm/disputed', kind: 'violation', range: 'vers:npm/>=1.0.0|<1.0.1', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'negative'});
    const pending = await report('carol');
    assert.equal(pending.standing, 'pending');
    assert.equal(await stateOf(purl), 'suspended');
    assert.equal(await verifiedAs(), 'suspended');
    await vetting.reviews.changeStanding(pending.id, 'rejected');
    assert.equal(await stateOf(purl), 'active');
    assert.equal(await verifiedAs(), 'valid');
    const confirmed = await report('bob');
    await vetting.vettings.record(await t.actor('alice'), confirmed.id, {verdict: 'endorse', comment: 'reproduced', reviewDigest: confirmed.digest});
    assert.equal((await vetting.reviews.get(confirmed.id)).standing, 'accepted');
    assert.equal(await stateOf(purl), 'revoked-by-violation');
    assert.equal(await verifiedAs(), 'revoked');
    await vetting.reviews.retract(await t.actor('bob'), confirmed.id);
    assert.equal(await stateOf(purl), 'revoked-by-violation', 'a revoked badge is never reinstated');
    assert.equal(await verifiedAs(), 'revoked');
  });

  it('keeps a badge issued with a message entry working: a confirmed violation revokes it (0x2)', async () => {
    const {vetting, issuance, store} = t.hallmark.services;
    const admin = {kind: 'admin'} as const;
    await vetting.communities.create({slug: 'legacy', name: 'Legacy', ecosystems: ['npm'], acceptance: {endorsements: 0, minRole: 'auditor', otherOrganisation: false}});
    for (const handle of ['alice', 'bob']) await vetting.roles.set(admin, 'legacy', handle, 'auditor');
    await vetting.roles.set(admin, 'legacy', 'stew', 'steward');
    await t.http.post('/api/v1/communities/legacy/policies').set(t.as.stew)
      .send({name: 'clean', criteria: 'safe-to-run', rules: [{kind: 'no-violations'}]}).expect(201);
    const purl = 'pkg:npm/old-badge@1.0.0';
    const issued = await t.http.post('/api/v1/communities/legacy/policies/clean/evaluate').set(t.admin).send({purl});
    assert.equal(issued.body.badge.state, 'active');
    // Rewrite the badge as one from when badges carried 2-bit message entries.
    const credential = {type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'old badge', credentialSubject: issued.body.credential.credentialSubject};
    const old = await issuance.issue('legacy', {credential, options: {statusPurpose: 'message'}});
    const badges = await store.collection<Record<string, unknown> & {id: string}>({name: 'package_badges', indexes: [{fields: ['package']}, {fields: ['purl']}, {fields: ['community']}, {fields: ['state']}]});
    const found = await badges.get(issued.body.badge.id);
    assert.ok(found);
    assert.ok(await badges.update(found.doc.id, found.version, {...found.doc, statusPurpose: 'message', credentialId: old.verifiableCredential.id}));

    await vetting.reviews.submit(await t.actor('bob'), 'legacy', {purl: 'pkg:npm/old-badge', kind: 'violation', range: 'vers:npm/>=1.0.0|<1.0.1', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'negative'});
    assert.equal(await stateOf(purl), 'revoked-by-violation');
    const report = await t.http.post('/credentials/verify').send({verifiableCredential: old.verifiableCredential});
    assert.equal(report.body.status, 'revoked');
    assert.match(report.body.checks.find((check: {check: string}) => check.check === 'status').message, /covers this release \(0x2 "revoked"/);
  });
});
