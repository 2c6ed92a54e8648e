import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast, createCommunity, grantRole} from '../helpers/vetting.ts';

async function reviewCount(t: TestHallmark, pkg = 'pkg:npm/left-pad'): Promise<number> {
  return (await t.hallmark.services.vetting.reviews.reviewsForPackage(null, pkg)).length;
}

test('an auditor submits a review; it waits for an endorsement from another organisation, then the community signs it', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const submitted = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW);
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const review = submitted.body.review;
    assert.equal(review.standing, 'pending');
    assert.equal(review.reviewer, 'alice');
    assert.equal(review.package, 'pkg:npm/left-pad');
    assert.match(review.digest, /^sha256-[A-Za-z0-9_-]{43}$/);
    assert.equal(submitted.body.credential, null);

    // A senior auditor of the reviewer's own organisation does not count.
    const sameOrg = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.anna).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(sameOrg.status, 201);
    assert.equal(sameOrg.body.review.standing, 'pending');
    // An auditor (below senior) of another organisation does not count either.
    const junior = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(junior.body.review.standing, 'pending');

    const accepted = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', comment: 'checked', reviewDigest: review.digest});
    assert.equal(accepted.status, 201);
    assert.equal(accepted.body.review.standing, 'accepted');
    const read = await t.http.get(`/api/v1/reviews/${review.id}`);
    const credential = read.body.credential;
    assert.deepEqual(credential.type, ['VerifiableCredential', 'EndorsementCredential']);
    assert.equal(credential.credentialSubject.id, 'pkg:npm/left-pad@1.3.0');
    assert.match(credential.evidence[0].description, new RegExp(review.digest));
    const report = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(report.body.verified, true, JSON.stringify(report.body));
  } finally {
    await t.close();
  }
});
