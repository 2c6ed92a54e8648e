import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, startHallmark} from '../helpers/hallmark.ts';
import {accountAuth, createAccount, grantRole, type Auth} from '../helpers/vetting.ts';

const PUBLIC_URL = 'https://hallmark.test';
const FSFE = 'did:web:hallmark.test:issuers:fsfe';
const RELEASE = 'pkg:npm/left-pad@1.3.0';

/**
 * Issue 3's whole story over HTTP, in one run: a community, two auditors from
 * different organisations, a policy, reviews, vettings, a passing evaluation
 * whose badge verifies (with the community's endorsement by a trusted
 * organisation in the report), a reviewer's milestone credential, and a
 * violation report that revokes the badge by itself once it is accepted.
 */
test('from reviews to a badge, a milestone, an endorsement and an automatic revocation', async () => {
  const t = await startHallmark({HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_TRUSTED_ENDORSERS: FSFE, HALLMARK_SWEEP_INTERVAL: '0'});
  try {
    // People, organisations and an endorsing organisation with its own issuer.
    await createIssuer(t, 'fsfe', {name: 'FSFE'});
    await createAccount(t, 'fsfe-org', {kind: 'organisation', name: 'FSFE', issuer: 'fsfe'});
    await createAccount(t, 'org-a', {kind: 'organisation', name: 'Org A'});
    await createAccount(t, 'org-b', {kind: 'organisation', name: 'Org B'});
    for (const [handle, organisation] of [['stella', 'org-a'], ['alice', 'org-a'], ['anna', 'org-a'], ['bob', 'org-b'], ['sam', 'org-b']]) {
      await createAccount(t, handle!, {organisation});
    }
    const as: Record<string, Auth> = {};
    for (const handle of ['fsfe-org', 'stella', 'alice', 'anna', 'bob', 'sam']) as[handle] = await accountAuth(t, handle);

    // The community, by the admin; its steward admits auditors.
    const community = await t.http.post('/api/v1/communities').set(t.admin).send({
      slug: 'npm-vet', name: 'npm vetting', ecosystems: ['npm'], stewards: ['stella'],
      acceptance: {endorsements: 1, minRole: 'senior-auditor', otherOrganisation: true},
      milestones: [{id: 'first-review', name: 'First accepted review', description: 'A first review accepted by the community.', acceptedReviews: 1}],
    });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    await grantRole(t, 'npm-vet', 'alice', 'auditor', as.stella);
    await grantRole(t, 'npm-vet', 'bob', 'auditor', as.stella);
    await grantRole(t, 'npm-vet', 'anna', 'senior-auditor', as.stella);
    await grantRole(t, 'npm-vet', 'sam', 'senior-auditor', as.stella);

    // A policy: two accepted reviews from two organisations, no violations.
    const policy = await t.http.post('/api/v1/communities/npm-vet/policies').set(as.stella).send({
      name: 'deployable', criteria: 'safe-to-deploy',
      rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 2, distinctOrganisations: 2}, {kind: 'no-violations'}],
    });
    assert.equal(policy.status, 201, JSON.stringify(policy.body));

    // Bad input changes nothing.
    assert.equal((await t.http.post('/api/v1/communities/npm-vet/reviews').set(as.alice).send({purl: 'npm/left-pad', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'})).status, 400);
    assert.equal((await t.http.post('/api/v1/communities/npm-vet/reviews').set(as.stella).send({purl: RELEASE, kind: 'full', criteria: ['made-up'], thoroughness: 'high', understanding: 'high', rating: 'positive'})).status, 400);

    const review = async (auth: Auth) => {
      const response = await t.http.post('/api/v1/communities/npm-vet/reviews').set(auth)
        .send({purl: RELEASE, kind: 'full', criteria: ['safe-to-deploy'], thoroughness: 'high', understanding: 'medium', rating: 'positive', notes: 'Read every line.'});
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.review as {id: string; digest: string};
    };
    const endorse = (auth: Auth, target: {id: string; digest: string}) =>
      t.http.post(`/api/v1/reviews/${target.id}/vettings`).set(auth).send({verdict: 'endorse', comment: 'Checked.', reviewDigest: target.digest});
    const alices = await review(as.alice);
    const bobs = await review(as.bob);
    assert.equal((await endorse(as.alice, alices)).status, 403, 'nobody vets their own review');
    assert.equal((await endorse(as.sam, alices)).status, 201);
    assert.equal((await endorse(as.anna, bobs)).status, 201);

    // The organisation endorses the community through its own issuer.
    const endorsement = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(as['fsfe-org'])
      .send({target: {kind: 'issuer', id: `${PUBLIC_URL}/issuers/npm-vet`}, comment: 'A careful community.'});
    assert.equal(endorsement.status, 201, JSON.stringify(endorsement.body));

    // Evaluation passes and issues the badge, which verifies and shows the trusted endorsement.
    const evaluated = await t.http.post('/api/v1/communities/npm-vet/policies/deployable/evaluate').set(as.bob).send({purl: RELEASE});
    assert.equal(evaluated.body.evaluation.passed, true, JSON.stringify(evaluated.body.evaluation));
    const badge = evaluated.body.credential;
    const verified = await t.http.post('/credentials/verify').send({verifiableCredential: badge});
    assert.equal(verified.body.status, 'valid', JSON.stringify(verified.body.checks));
    assert.equal(verified.body.credential.subject.id, RELEASE);
    assert.deepEqual(verified.body.endorsements.map(({endorser, verified: ok, trusted}: {endorser: {id: string}; verified: boolean; trusted: boolean}) => ({endorser: endorser.id, ok, trusted})),
      [{endorser: FSFE, ok: true, trusted: true}]);

    // Alice's accepted review earned her the milestone credential, which verifies.
    const milestones = (await t.http.get('/api/v1/accounts/alice/credentials')).body.credentials;
    assert.equal(milestones.length, 1);
    assert.equal((await t.http.post('/credentials/verify').send({verifiableCredential: milestones[0].verifiableCredential})).body.status, 'valid');

    // A violation report, once accepted, revokes the badge without anyone touching it.
    const violation = await t.http.post('/api/v1/communities/npm-vet/reviews').set(as.bob)
      .send({purl: 'pkg:npm/left-pad', kind: 'violation', range: 'vers:npm/>=1.0.0|<1.4.0', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'negative', findings: [{id: 'GHSA-aaaa-bbbb-cccc', severity: 'high'}]});
    assert.equal(violation.status, 201, JSON.stringify(violation.body));
    assert.equal((await endorse(as.anna, violation.body.review)).status, 201);
    const reverified = await t.http.post('/credentials/verify').send({verifiableCredential: badge});
    assert.equal(reverified.body.verified, false);
    assert.equal(reverified.body.status, 'revoked');
    const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(RELEASE)}`);
    assert.equal(view.body.badges[0].state, 'revoked-by-violation');
  } finally {
    await t.close();
  }
});
