import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';

const RELEASE = 'pkg:npm/left-pad@1.3.0';

/** The policy half of issue 3's story, all over HTTP: reviews → vetting → evaluation → badge → violation → revoked. */
test('a passing evaluation issues a verifiable badge, and a confirmed violation revokes it', async () => {
  const t = await startHallmark({HALLMARK_SWEEP_INTERVAL: '0'});
  try {
    const cast = await vettingCast(t, 'npm-vet');
    const policy = await t.http.post('/api/v1/communities/npm-vet/policies').set(cast.stella).set('Content-Type', 'application/yaml').send([
      'name: deployable',
      'criteria: safe-to-deploy',
      'rules:',
      '  - {kind: reviews, criterion: safe-to-deploy, min: 2, distinctOrganisations: 2}',
      '  - {kind: no-violations}',
      '',
    ].join('\n'));
    assert.equal(policy.status, 201, JSON.stringify(policy.body));

    const alice = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW);
    const bob = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob).send(REVIEW);
    assert.equal(alice.status, 201, JSON.stringify(alice.body));
    const evaluate = () => t.http.post('/api/v1/communities/npm-vet/policies/deployable/evaluate').set(cast.alice).send({purl: RELEASE});
    const pending = await evaluate();
    assert.equal(pending.body.evaluation.passed, false, 'pending reviews do not count');

    // Each review is endorsed by a senior auditor of the other organisation, which accepts it.
    const endorse = (auth: {Authorization: string}, review: {id: string; digest: string}) =>
      t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(auth).send({verdict: 'endorse', comment: 'checked', reviewDigest: review.digest});
    assert.equal((await endorse(cast.sam, alice.body.review)).status, 201);
    assert.equal((await endorse(cast.anna, bob.body.review)).status, 201);

    const passed = await evaluate();
    assert.equal(passed.body.evaluation.passed, true, JSON.stringify(passed.body.evaluation));
    const credential = passed.body.credential;
    const verified = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(verified.body.status, 'valid', JSON.stringify(verified.body.checks));
    assert.equal(verified.body.credential.subject.id, RELEASE);

    const violation = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob)
      .send({...REVIEW, kind: 'violation', purl: 'pkg:npm/left-pad', range: 'vers:npm/>=1.0.0|<1.4.0', rating: 'negative', findings: [{id: 'GHSA-aaaa-bbbb-cccc', severity: 'high'}]});
    assert.equal(violation.status, 201, JSON.stringify(violation.body));
    const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(RELEASE)}`);
    assert.equal(view.body.badges[0].state, 'suspended', 'a pending report suspends');
    const suspended = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(suspended.body.status, 'suspended');
    assert.equal((await endorse(cast.anna, violation.body.review)).status, 201);
    const after = await t.http.get(`/api/v1/packages/${encodeURIComponent(RELEASE)}`);
    assert.equal(after.body.badges[0].state, 'revoked-by-violation');
    const reverified = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(reverified.body.verified, false);
    assert.equal(reverified.body.status, 'revoked');
  } finally {
    await t.close();
  }
});
