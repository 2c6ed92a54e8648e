import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {name: 'two-orgs', title: 'Two organisations reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}]};

describe('package badges under a community', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY)).status, 201);
  });
  after(() => t.close());

  const svg = async (path: string) => {
    const response = await t.http.get(path).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
    return {status: response.status, type: String(response.headers['content-type']), etag: response.headers.etag, body: String(response.body)};
  };
  const evaluate = (purl: string) => t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl});

  it('says "not vetted" for a package the community has not passed', async () => {
    const response = await svg(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`);
    assert.equal(response.status, 200);
    assert.match(response.type, /^image\/svg\+xml/);
    assert.match(response.body, /js-vet: not vetted/);
  });

  it('shows the latest evaluated version\'s badge with its live status, and "not vetted" once a newer release fails', async () => {
    await t.review('alice');
    await t.review('bob');
    assert.equal((await evaluate(RELEASE)).body.evaluation.passed, true);
    const valid = await svg(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`);
    assert.equal(valid.status, 200);
    assert.match(valid.body, /: valid/);
    assert.equal((await svg(`/badges/${COMMUNITY}/${encodeURIComponent('pkg:npm/left-pad')}.svg`)).body, valid.body, 'an encoded purl names the same package');

    await t.hallmark.services.vetting.roles.set({kind: 'admin'}, COMMUNITY, 'bob', null);
    assert.match((await svg(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`)).body, /: suspended/, 'a suspension shows on the next request');
    await t.hallmark.services.vetting.roles.set({kind: 'admin'}, COMMUNITY, 'bob', 'auditor');
    assert.match((await svg(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`)).body, /: valid/);

    assert.equal((await evaluate('pkg:npm/left-pad@1.4.0')).body.evaluation.passed, false);
    assert.match((await svg(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`)).body, /: not vetted/);
  });

  // A purl that parses but was never reviewed is simply not vetted; anything unparseable is not found.
  const unknown: Array<[string, string, number[]]> = [
    ['an unknown community', '/badges/nobody/pkg:npm/left-pad.svg', [404]],
    ['a malformed purl', `/badges/${COMMUNITY}/not-a-purl.svg`, [404]],
    ['a hostile purl', `/badges/${COMMUNITY}/pkg:npm/%3Cscript%3E.svg`, [200, 404]],
    ['path traversal', `/badges/${COMMUNITY}/..%2F..%2Fetc%2Fpasswd.svg`, [404]],
    ['no .svg extension', `/badges/${COMMUNITY}/pkg:npm/left-pad`, [404]],
    ['an oversized purl', `/badges/${COMMUNITY}/pkg:npm/${'a'.repeat(5000)}.svg`, [404]],
  ];
  for (const [what, path, statuses] of unknown) {
    it(`answers ${what} with a grey SVG, never an error page`, async () => {
      const response = await svg(path);
      assert.ok(statuses.includes(response.status), String(response.status));
      assert.match(response.type, /^image\/svg\+xml/);
      assert.match(response.body, /not (found|vetted)/);
      assert.doesNotMatch(response.body, /<script/);
    });
  }
});
