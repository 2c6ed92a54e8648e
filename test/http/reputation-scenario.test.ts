import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const PUBLIC_URL = 'https://hallmark.test';
const FSFE_DID = 'did:web:hallmark.test:issuers:fsfe';

/** Over HTTP only: a reviewer earns a milestone, an organisation endorses the community, a verifier sees both. */
describe('reputation over HTTP', () => {
  let t: TestHallmark;
  const tokens: Record<string, {Authorization: string}> = {};

  before(async () => {
    t = await startHallmark({HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_TRUSTED_ENDORSERS: FSFE_DID});
    await createIssuer(t, 'fsfe', {name: 'FSFE'});
    const accounts = [
      {handle: 'fsfe-org', kind: 'organisation', name: 'FSFE', issuer: 'fsfe'},
      {handle: 'org-a', kind: 'organisation', name: 'Org A'},
      {handle: 'org-b', kind: 'organisation', name: 'Org B'},
      {handle: 'sam', kind: 'person', name: 'Sam'},
      {handle: 'alice', kind: 'person', name: 'Alice', organisation: 'org-a'},
      {handle: 'bob', kind: 'person', name: 'Bob', organisation: 'org-b'},
    ];
    for (const account of accounts) {
      const created = await t.http.post('/api/v1/accounts').set(t.admin).send(account);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const token = await t.http.post(`/api/v1/accounts/${account.handle}/tokens`).set(t.admin).send({});
      tokens[account.handle] = {Authorization: `Bearer ${token.body.token}`};
    }
    const community = await t.http.post('/api/v1/communities').set(t.admin).send({
      slug: 'assay', name: 'Assay Office', ecosystems: ['npm'], stewards: ['sam'],
      milestones: [{id: 'first-review', name: 'First accepted review', description: 'A first review accepted.', acceptedReviews: 1}],
    });
    assert.equal(community.status, 201, JSON.stringify(community.body));
    for (const [handle, role] of [['alice', 'auditor'], ['bob', 'senior-auditor']]) {
      const granted = await t.http.put(`/api/v1/communities/assay/roles/${handle}`).set(tokens.sam).send({role});
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
    }
  });
  after(() => t.close());

  it('takes a reviewer from a review to a verifiable milestone credential endorsed by a trusted organisation', async () => {
    const submitted = await t.http.post('/api/v1/communities/assay/reviews').set(tokens.alice).send({
      purl: 'pkg:npm/left-pad@1.3.0', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'medium', rating: 'positive',
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const review = submitted.body.review;
    assert.deepEqual((await t.http.get('/api/v1/accounts/alice/credentials')).body.credentials, [], 'nothing before acceptance');

    const vetted = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(tokens.bob).send({verdict: 'endorse', reviewDigest: review.digest, comment: 'Checked.'});
    assert.equal(vetted.status, 201, JSON.stringify(vetted.body));
    assert.equal(vetted.body.review.standing, 'accepted');

    const listed = (await t.http.get('/api/v1/accounts/alice/credentials')).body.credentials;
    assert.equal(listed.length, 1);
    const credential = listed[0].verifiableCredential;
    assert.equal(credential.credentialSubject.id, `${PUBLIC_URL}/reviewers/alice`);
    assert.deepEqual(credential.evidence.map((evidence: {id: string}) => evidence.id), [vetted.body.review.credentialId]);

    // The organisation endorses the community through its own issuer, with its account token.
    const endorsed = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(tokens['fsfe-org']).send({target: {kind: 'issuer', id: `${PUBLIC_URL}/issuers/assay`}, comment: 'A careful assay office.'});
    assert.equal(endorsed.status, 201, JSON.stringify(endorsed.body));
    const forbidden = await t.http.post('/api/v1/issuers/assay/endorsements').set(tokens['fsfe-org']).send({target: {kind: 'issuer', id: FSFE_DID}, comment: 'Self-praise.'});
    assert.equal(forbidden.status, 403);

    const report = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(report.status, 200, JSON.stringify(report.body.errors));
    assert.deepEqual(
      report.body.endorsements.map(({endorser, about, verified, trusted, comment}: Record<string, unknown>) => ({endorser, about, verified, trusted, comment})),
      [{endorser: {id: FSFE_DID, name: 'FSFE'}, about: 'issuer', verified: true, trusted: true, comment: 'A careful assay office.'}],
    );

    const reviewers = (await t.http.get('/api/v1/communities/assay/reviewers')).body.reviewers;
    const alice = reviewers.find((entry: {handle: string}) => entry.handle === 'alice');
    assert.deepEqual(alice.stats, {reviewsAccepted: 1, reviewsDisputed: 0, reviewsRetracted: 0, vettingsGiven: 0});
    assert.equal(reviewers.find((entry: {handle: string}) => entry.handle === 'bob').stats.vettingsGiven, 1);
  });
});
