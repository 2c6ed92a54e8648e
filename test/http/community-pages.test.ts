import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {name: 'two-orgs', title: 'Two <organisations> reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}, {kind: 'no-violations'}]};

describe('community pages', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY)).status, 201);
    await t.review('alice');
    await t.review('bob');
    const evaluated = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl: RELEASE});
    assert.equal(evaluated.body.evaluation.passed, true);
  });
  after(() => t.close());

  it('shows the community, its policies in words, its auditors and its latest badges', async () => {
    const response = await t.http.get(`/communities/${COMMUNITY}`).set('Accept', 'text/html');
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /^text\/html/);
    assert.match(response.headers['content-security-policy'], /default-src 'none'/);
    const body = response.text;
    assert.match(body, /<h1>JS vetting<\/h1>/);
    assert.match(body, /Two &#60;organisations&#62; reviewed/, 'policy titles are escaped');
    assert.match(body, /At least 2 accepted reviews for &#34;safe-to-run&#34; by reviewers who are now auditor or above, from 2 different organisations/);
    assert.match(body, /No accepted or pending violation report covers the release/);
    assert.match(body, /alice \(auditor\)/);
    assert.match(body, /<code>pkg:npm\/left-pad@1\.3\.0<\/code>/);
    assert.match(body, /<img src="\/badges\/[0-9a-f-]{36}\.svg" alt="Two &#60;organisations&#62; reviewed: valid">/);
    assert.match(body, /<meta property="og:title" content="JS vetting">/);
  });

  const bad: Array<[string, string, number]> = [
    ['an unknown community', '/communities/nobody', 404],
    ['a hostile slug', '/communities/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404],
    ['path traversal', '/communities/..%2F..%2Fetc%2Fpasswd', 404],
  ];
  for (const [what, path, status] of bad) {
    it(`answers ${what} with a ${status} page`, async () => {
      const response = await t.http.get(path).set('Accept', 'text/html');
      assert.ok(response.status === status || response.status === 400, String(response.status));
      assert.match(response.headers['content-type'], /^text\/html/);
      assert.doesNotMatch(response.text, /<script/);
    });
  }
});
