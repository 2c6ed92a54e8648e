import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

/**
 * Reviews are of a release as its registry serves it. A purl's qualifiers
 * and subpath (repository_url, download_url, vcs_url, #subpath) can name a
 * different artifact; the community must not sign a badge for one on the
 * strength of reviews of the other, and no caller may mint a badge per variant.
 */
describe('release purls with qualifiers or a subpath', () => {
  let t: PolicyFixture;
  const VARIANTS = [
    `${RELEASE}?repository_url=https://evil.example/npm`,
    `${RELEASE}?download_url=https://evil.example/left-pad.tgz`,
    `${RELEASE}#lib`,
  ];
  before(async () => {
    t = await startPolicyFixture();
    const published = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'one-review', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    assert.equal(published.status, 201, JSON.stringify(published.body));
    await t.review('alice');
  });
  after(() => t.close());

  it('evaluation refuses them with a 400 and issues no badge', async () => {
    for (const purl of VARIANTS) {
      const response = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/one-review/evaluate`).set(t.as.mem).send({purl});
      assert.equal(response.status, 400, `${purl}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.problems[0].field, '/purl');
    }
    assert.deepEqual(await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad'), []);
  });

  it('the plain release still earns its badge, and an SBOM naming a variant does not pass on it', async () => {
    const response = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/one-review/evaluate`).set(t.as.mem).send({purl: RELEASE});
    assert.equal(response.body.badge?.state, 'active', JSON.stringify(response.body));
    const sbom = {bomFormat: 'CycloneDX', specVersion: '1.5', components: [{type: 'library', name: 'left-pad', version: '1.3.0', purl: VARIANTS[0]}]};
    const check = await t.http.post('/api/v1/check').send({sbom, policies: [`${COMMUNITY}/one-review`]});
    assert.equal(check.status, 200);
    assert.equal(check.body.passed, false, JSON.stringify(check.body));
  });

  it('reviews and evidence refuse them too, storing nothing', async () => {
    const before = (await t.hallmark.services.vetting.reviews.reviewsForPackage(null, 'pkg:npm/left-pad')).length;
    for (const purl of VARIANTS) {
      const review = await t.http.post(`/api/v1/communities/${COMMUNITY}/reviews`).set(t.as.bob)
        .send({purl, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
      assert.equal(review.status, 400, `${purl}: ${JSON.stringify(review.body)}`);
      const evidence = await t.http.post(`/api/v1/packages/${encodeURIComponent(purl)}/evidence`).set(t.as.bob).send({type: 'license', document: {expression: 'MIT'}});
      assert.equal(evidence.status, 400, `${purl}: ${JSON.stringify(evidence.body)}`);
    }
    assert.equal((await t.hallmark.services.vetting.reviews.reviewsForPackage(null, 'pkg:npm/left-pad')).length, before);
    assert.deepEqual(await t.hallmark.services.policies.evidence.forPackage('pkg:npm/left-pad'), []);
  });
});
