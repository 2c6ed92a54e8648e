/**
 * Two (and three) Hallmark instances federating over real loopback HTTP with
 * real signatures: follows, credentials travelling with their provenance,
 * imported reviews counting toward a policy, and a revocation on one side
 * suspending the badge on the other.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {eventually, RELEASE, startInstance, type Instance} from './instances.ts';
import {accountActor} from '../../src/authz/index.ts';

let a: Instance;
let b: Instance;
let c: Instance;
let reviewCredential = '';
let badgeCredential = '';

before(async () => {
  [a, b, c] = await Promise.all([startInstance('A', 'js-vet'), startInstance('B', 'npm-guild'), startInstance('C', 'pkg-watch')]);
  // Each knows the others as federated peers.
  for (const [self, other] of [[a, b], [b, a], [b, c], [c, b], [c, a], [a, c]] as const) {
    const response = await self.t.http.put(`/api/v1/federation/peers/${other.host}`).set(self.admin).send({tier: 'federated'});
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
});

after(async () => {
  await Promise.all([a?.close(), b?.close(), c?.close()]);
});

describe('two instances', () => {
  it('serves a community as an ActivityPub Group at its page URL, bound to its issuer', async () => {
    const response = await fetch(a.actor('js-vet'), {headers: {accept: 'application/activity+json'}});
    assert.equal(response.status, 200);
    const actor = await response.json() as Record<string, unknown>;
    assert.equal(actor.type, 'Group');
    assert.equal(actor.id, a.actor('js-vet'));
    const issuer = await a.t.hallmark.services.issuers.get('js-vet');
    assert.deepEqual([actor.alsoKnownAs].flat(), [issuer.did]);
    const statement = (actor.attachment as Array<Record<string, unknown>>).find((item) => item.type === 'VerifiableIdentityStatement');
    assert.equal(statement?.subject, issuer.did);
    const page = await fetch(a.actor('js-vet'), {headers: {accept: 'text/html'}});
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /html/);
  });

  it('C follows B only (B accepts)', async () => {
    const follow = await c.t.http.post('/api/v1/communities/pkg-watch/following').set(c.as.stew).send({actor: b.actor('npm-guild')});
    assert.equal(follow.status, 202, JSON.stringify(follow.body));
    const request = await eventually('C\'s request on B', async () => (await b.t.http.get('/api/v1/communities/npm-guild/followers').set(b.as.stew)).body.followers?.find((one: {actor: string}) => one.actor === c.actor('pkg-watch')));
    assert.equal((await b.t.http.post(`/api/v1/communities/npm-guild/followers/${request.id}/accept`).set(b.as.stew).send({})).status, 200);
    await eventually('C to see the Accept', async () => (await c.t.http.get('/api/v1/communities/pkg-watch/following').set(c.as.stew)).body.following?.find((one: {state: string}) => one.state === 'accepted'));
  });

  it('B follows A; A\'s steward accepts; both sides record it', async () => {
    const follow = await b.t.http.post('/api/v1/communities/npm-guild/following').set(b.as.stew).send({actor: a.actor('js-vet')});
    assert.equal(follow.status, 202, JSON.stringify(follow.body));
    assert.equal(follow.body.state, 'pending');
    const request = await eventually('the follow request on A', async () => {
      const followers = await a.t.http.get('/api/v1/communities/js-vet/followers').set(a.as.stew);
      return followers.body.followers?.find((one: {actor: string}) => one.actor === b.actor('npm-guild'));
    });
    assert.equal(request.state, 'pending');
    const accepted = await a.t.http.post(`/api/v1/communities/js-vet/followers/${request.id}/accept`).set(a.as.stew).send({});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    await eventually('B to see the Accept', async () => {
      const following = await b.t.http.get('/api/v1/communities/npm-guild/following').set(b.as.stew);
      return following.body.following?.find((one: {actor: string; state: string}) => one.actor === a.actor('js-vet') && one.state === 'accepted');
    });
  });

  it('a credential A issues appears on B, verified, with its provenance', async () => {
    const review = await a.t.hallmark.services.vetting.reviews.submit(await accountActor('alice', a.t.hallmark.services.vetting), 'js-vet', {purl: RELEASE, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    assert.ok(review.credentialId);
    const received = await eventually('the review credential on B', async () => {
      const list = await b.t.http.get('/api/v1/communities/npm-guild/received').set(b.as.stew);
      return list.body.received?.find((one: {credentialId: string}) => one.credentialId === review.credentialId);
    });
    assert.equal(received.actor, a.actor('js-vet'));
    assert.equal(received.report.verified, true);
    assert.equal(received.report.status, 'valid');
    assert.equal(received.review.purl, RELEASE);
    assert.equal(received.quarantined, false);
    reviewCredential = review.credentialId;
  });

  it('B imports A\'s reviews: one local and one imported review pass B\'s policy of two organisations, and B issues its badge', async () => {
    const declared = await b.t.http.put('/api/v1/communities/npm-guild/imports/js-vet').set(b.as.stew).send({actor: a.actor('js-vet'), criteria: {'safe-to-run': 'safe-to-run'}});
    assert.equal(declared.status, 201, JSON.stringify(declared.body));
    assert.equal(declared.body.actor, a.actor('js-vet'));
    const listed = await b.t.http.get('/api/v1/communities/npm-guild/imports');
    assert.deepEqual(listed.body.imports.map((one: {name: string}) => one.name), ['js-vet']);
    const policy = await b.t.http.post('/api/v1/communities/npm-guild/policies').set(b.as.stew)
      .send({name: 'two-orgs', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}]});
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    const evaluate = () => b.t.http.post('/api/v1/communities/npm-guild/policies/two-orgs/evaluate').set(b.as.stew).send({purl: RELEASE});
    await b.t.hallmark.services.vetting.reviews.submit(await accountActor('bob', b.t.hallmark.services.vetting), 'npm-guild', {purl: RELEASE, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    const outcome = await evaluate();
    assert.equal(outcome.status, 200, JSON.stringify(outcome.body));
    assert.equal(outcome.body.evaluation.passed, true, JSON.stringify(outcome.body.evaluation.rules));
    assert.equal(outcome.body.badge.state, 'active');
    assert.equal(outcome.body.evaluation.rules[0].reviews.filter((id: string) => id.startsWith('imported:')).length, 1);
    badgeCredential = outcome.body.badge.credentialId;
    const view = await b.t.http.get(`/api/v1/packages/${RELEASE}`);
    const imported = view.body.importedReviews.find((one: {credentialId: string}) => one.credentialId === reviewCredential);
    assert.equal(imported.origin, 'imported');
    assert.equal(imported.peer, a.actor('js-vet'));
    assert.equal(imported.counts, true);
    // With the import limited to local reviews, the same facts fall short.
    // C, which follows only B, gets B's badge from B, and nothing of A's: imports are not transitive.
    const onC = await eventually('B\'s badge on C', async () => (await c.t.http.get('/api/v1/communities/pkg-watch/received').set(c.as.stew)).body.received?.find((one: {credentialId: string}) => one.credentialId === badgeCredential));
    assert.equal(onC.actor, b.actor('npm-guild'));
    assert.equal(onC.report.verified, true);
    const everythingOnC = (await c.t.http.get('/api/v1/communities/pkg-watch/received').set(c.as.stew)).body.received as Array<{credentialId: string; issuer: string}>;
    assert.equal(everythingOnC.some((one) => one.credentialId === reviewCredential), false);
    const issuerA = (await a.t.hallmark.services.issuers.get('js-vet')).did;
    assert.equal(everythingOnC.some((one) => one.issuer === issuerA), false);
    const localOnly = await b.t.http.post('/api/v1/communities/npm-guild/policies').set(b.as.stew)
      .send({name: 'local-only', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2, origin: 'local'}]});
    assert.equal(localOnly.status, 201);
    const refused = await b.t.http.post('/api/v1/communities/npm-guild/policies/local-only/evaluate').set(b.as.stew).send({purl: RELEASE});
    assert.equal(refused.body.evaluation.passed, false);
  });

  it('A revokes its review credential: B re-fetches A\'s status list and suspends its badge by itself', async () => {
    const revoked = await a.t.http.post('/issuers/js-vet/credentials/status').set(a.admin)
      .send({credentialId: reviewCredential, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const badge = await eventually('B\'s badge to be suspended', async () => {
      const badges = await b.t.hallmark.services.policies.badges.forRelease(RELEASE);
      return badges.find((one) => one.credentialId === badgeCredential && one.state === 'suspended');
    });
    assert.match(badge.reason, /reviews/);
    const received = await b.t.http.get('/api/v1/communities/npm-guild/received').set(b.as.stew);
    // Vetting credentials carry one suspension entry (TEAM contract 3): A's revocation sets it for good, which B reads as suspended.
    assert.equal(received.body.received.find((one: {credentialId: string}) => one.credentialId === reviewCredential).report.status, 'suspended');
    const verified = await b.t.http.post('/credentials/verify').send({verifiableCredential: (await b.t.hallmark.services.records.get(badgeCredential)).credential});
    assert.equal(verified.body.status, 'suspended');
  });

  it('a retracted review\'s note is deleted on A, and B stops counting what it carried', async () => {
    const submit = async (version: string) => a.t.hallmark.services.vetting.reviews.submit(await accountActor('alice', a.t.hallmark.services.vetting), 'js-vet', {purl: `pkg:npm/left-pad@${version}`, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    const review = await submit('1.3.1');
    const received = () => b.t.http.get('/api/v1/communities/npm-guild/received').set(b.as.stew).then((response) => response.body.received as Array<{credentialId: string; deleted: boolean; report: {status: string}}>);
    await eventually('the second review on B', async () => (await received()).find((one) => one.credentialId === review.credentialId));
    assert.equal((await a.t.http.post(`/api/v1/reviews/${review.id}/retract`).set(a.as.alice).send({})).status, 200);
    const gone = await eventually('the Delete on B', async () => (await received()).find((one) => one.credentialId === review.credentialId && one.deleted));
    assert.equal(gone.deleted, true);
    const view = await b.t.http.get('/api/v1/packages/pkg:npm/left-pad@1.3.1');
    assert.equal(view.body.importedReviews.find((one: {credentialId: string}) => one.credentialId === review.credentialId).counts, false);
  });

  it('what an unknown host sends is stored quarantined and does not count', async () => {
    assert.equal((await b.t.http.put(`/api/v1/federation/peers/${a.host}`).set(b.admin).send({tier: 'unknown'})).status, 200);
    const review = await a.t.hallmark.services.vetting.reviews.submit(await accountActor('alice', a.t.hallmark.services.vetting), 'js-vet', {purl: 'pkg:npm/left-pad@1.4.0', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    const quarantined = await eventually('the quarantined review on B', async () => (await b.t.http.get('/api/v1/communities/npm-guild/received').set(b.as.stew)).body.received.find((one: {credentialId: string}) => one.credentialId === review.credentialId));
    assert.equal(quarantined.quarantined, true);
    assert.equal(quarantined.report.verified, true);
    const view = await b.t.http.get('/api/v1/packages/pkg:npm/left-pad@1.4.0');
    assert.equal(view.body.importedReviews[0].counts, false);
  });
});
