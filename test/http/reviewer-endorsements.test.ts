import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark} from '../helpers/hallmark.ts';
import {REVIEW, accountAuth, vettingCast} from '../helpers/vetting.ts';
import {linkedInAddUrl} from '../../src/pages/linkedin.ts';

const MILESTONES = [{id: 'first-review', name: 'First accepted review', description: 'A first review accepted.', acceptedReviews: 1}];

test('an endorsement of a reviewer\'s page reaches their did:key credentials and their page, which offers each credential baked, as a link and for LinkedIn', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet', {milestones: MILESTONES});
    const review = (await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW)).body.review;
    assert.equal((await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest})).body.review.standing, 'accepted');
    const [milestone] = (await t.http.get('/api/v1/accounts/alice/credentials')).body.credentials;
    const alice = (await t.http.get('/api/v1/accounts/alice')).body;
    assert.equal(milestone.verifiableCredential.credentialSubject.id, alice.did, 'the milestone credential names alice by her did:key');

    // Org B, with an issuer of its own, endorses alice by her page.
    const orgB = await accountAuth(t, 'org-b');
    assert.equal((await t.http.post('/api/v1/accounts/org-b/issuer').set(orgB).send({})).status, 201);
    const page = t.hallmark.services.urls.reviewerPage('alice');
    const endorsed = await t.http.post('/api/v1/issuers/org-b/endorsements').set(orgB).send({target: {kind: 'reviewer', id: page}, comment: 'A careful <reviewer>.'});
    assert.equal(endorsed.status, 201, JSON.stringify(endorsed.body));

    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: milestone.verifiableCredential})).body;
    assert.equal(report.verified, true);
    const found = report.endorsements.find((endorsement: {target: string}) => endorsement.target === page);
    assert.ok(found, JSON.stringify(report.endorsements));
    assert.deepEqual([found.about, found.verified, found.problems], ['subject', true, []]);

    const html = (await t.http.get('/reviewers/alice').set('Accept', 'text/html')).text;
    assert.match(html, /<h2>Endorsed by<\/h2><ul><li><strong>Org B<\/strong>: A careful &#60;reviewer&#62;\.<\/li><\/ul>/);
    const uuid = String(milestone.credentialId).replace('urn:uuid:', '');
    assert.ok(html.includes(`<a href="/credentials/${uuid}/baked.png" download>Download baked PNG</a>`));
    assert.ok(html.includes(`readonly value="${t.hallmark.services.urls.credentialPage(uuid)}"`));
    const linkedIn = /<a href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(html)?.[1]?.replaceAll('&#38;', '&');
    assert.ok(linkedIn);
    const params = new URL(linkedIn).searchParams;
    assert.equal(params.get('startTask'), 'CERTIFICATION_NAME');
    assert.equal(params.get('organizationName'), 'npm-vet community');
    assert.match(params.get('certUrl') ?? '', /\/credentials\/[0-9a-f-]{36}$/);
  } finally {
    await t.close();
  }
});

test('LinkedIn\'s add-certification link carries name, organisation, dates, the page as URL and the id', () => {
  const url = new URL(linkedInAddUrl({name: 'First & best', organizationName: 'JS vetting', issuedAt: '2026-03-05T10:00:00Z', expiresAt: '2027-12-01T00:00:00Z', url: 'https://h.example/credentials/1', id: 'urn:uuid:1'}));
  assert.equal(url.origin + url.pathname, 'https://www.linkedin.com/profile/add');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    startTask: 'CERTIFICATION_NAME', name: 'First & best', organizationName: 'JS vetting', issueYear: '2026', issueMonth: '3',
    expirationYear: '2027', expirationMonth: '12', certUrl: 'https://h.example/credentials/1', certId: 'urn:uuid:1',
  });
});
