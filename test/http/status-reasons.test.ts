import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';
import {COMMUNITY, RELEASE, startPolicyFixture} from '../helpers/policy-fixture.ts';

const page = async (t: TestHallmark, path: string) => {
  const response = await t.http.get(path).set('Accept', 'text/html');
  assert.equal(response.status, 200, path);
  return response.text;
};

test('a suspended review credential says why and links to the dispute; the review page shows it in words, identifiers behind a disclosure', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const review = (await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW)).body.review;
    await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest});
    const credentialId = (await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.credentialId as string;
    const dispute = (await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'dispute', comment: 'Misses the <eval> call.', reviewDigest: review.digest})).body.vetting;
    const credentialPage = await page(t, `/credentials/${credentialId.replace('urn:uuid:', '')}`);
    assert.match(credentialPage, /<p class="headline">Suspended<\/p>/);
    assert.ok(credentialPage.includes(`<p class="reason">Suspended: the review is disputed, held by a dispute from bob until a steward of the community resolves it. <a href="/reviews/${review.id}#vetting-${dispute.id}">Read the dispute</a></p>`), credentialPage);
    assert.match(credentialPage, /<h2>Issued by<\/h2>\n<p><a href="\/communities\/npm-vet">npm-vet community<\/a><\/p>/);
    assert.match(credentialPage, /<dt>Package<\/dt><dd><a href="\/packages\/pkg:npm\/left-pad@1\.3\.0">left-pad<\/a><\/dd>/);
    assert.match(credentialPage, /<details class="technical"><summary>Technical details<\/summary>[\s\S]*did:key:[\s\S]*<\/details>/);
    assert.doesNotMatch(credentialPage.split('<details')[0], /did:key:|urn:uuid:/, 'no identifier before the disclosure');

    const reviewPage = await page(t, `/reviews/${review.id}`);
    assert.match(reviewPage, /<p class="headline">Disputed<\/p>/);
    assert.match(reviewPage, /<dt>Thoroughness<\/dt><dd>high: read every line of the release/);
    assert.ok(reviewPage.includes(`<li id="vetting-${dispute.id}"><a href="/reviewers/bob">Person bob</a> disputes it`));
    assert.match(reviewPage, /Misses the &#60;eval&#62; call\./);
    assert.match(reviewPage, new RegExp(`<dt>Digest</dt><dd><code>${review.digest}</code>`));
    assert.equal((await t.http.get('/reviews/not-a-uuid').set('Accept', 'text/html')).status, 400);
    assert.equal((await t.http.get('/reviews/00000000-0000-4000-8000-000000000000').set('Accept', 'text/html')).status, 404);
  } finally {
    await t.close();
  }
});

test('a suspended package badge points at its policy; one revoked by a violation, at the report', async () => {
  const t = await startPolicyFixture();
  try {
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({name: 'one', title: 'One review', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}, {kind: 'no-violations'}]});
    const review = await t.review('alice');
    const badge = (await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/one/evaluate`).set(t.as.mem).send({purl: RELEASE})).body.badge;
    const path = `/credentials/${String(badge.credentialId).replace('urn:uuid:', '')}`;
    await t.hallmark.services.vetting.reviews.retract(await t.actor('alice'), review.id);
    const suspended = await page(t, path);
    assert.match(suspended, /<p class="reason">Suspended because the release no longer meets the policy: reviews: 0 qualifying reviewers[^<]*\. It is reinstated by itself once every rule passes again\. <a href="\/communities\/js-vet\/policies\/one\/versions\/1">See the policy and its rules<\/a><\/p>/);
    await t.review('bob');
    const violation = await t.review('carol', {kind: 'violation', range: 'vers:npm/>=1.0.0|<2.0.0', rating: 'negative'});
    const revoked = await page(t, path);
    assert.match(revoked, /<p class="headline">Revoked<\/p>/);
    assert.ok(revoked.includes(`<p class="reason">Revoked for good: a violation report the community accepted covers this release. <a href="/reviews/${violation.id}">Read the violation report</a></p>`), revoked);
  } finally {
    await t.close();
  }
});
