import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {
  name: 'two-orgs',
  title: 'Vetted by two organisations',
  criteria: 'safe-to-run',
  rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}, {kind: 'no-violations'}],
};

const YAML = `name: licensed
criteria: safe-to-run
rules:
  - kind: license
    allow: [MIT]
`;

describe('policy publication', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
  });
  after(() => t.close());

  const count = async () => (await t.http.get(`/api/v1/communities/${COMMUNITY}/policies`)).body.policies.length as number;

  it('publishes JSON as version 1, idempotently, and a change as version 2', async () => {
    const first = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.version, 1);
    assert.match(first.body.digest, /^sha256-/);
    assert.equal(first.body.achievement.id, `${t.hallmark.services.config.publicUrl}/communities/${COMMUNITY}/policies/two-orgs/versions/1`);
    const again = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY);
    assert.equal(again.status, 200);
    assert.equal(again.body.version, 1);
    const changed = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.admin).send({...POLICY, rules: [POLICY.rules[0]]});
    assert.equal(changed.status, 201);
    assert.equal(changed.body.version, 2);
    const v1 = await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/versions/1`);
    assert.equal(v1.body.document.rules.length, 2, 'published versions never change');
    const listing = await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/two-orgs`);
    assert.deepEqual(listing.body.versions.map((v: {version: number}) => v.version), [1, 2]);
    const achievement = await t.http.get(`/communities/${COMMUNITY}/policies/two-orgs/versions/2`);
    assert.equal(achievement.body.type[0], 'Achievement');
    assert.match(achievement.body.criteria.narrative, /2 different reviewers/);
  });

  it('publishes YAML', async () => {
    const response = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).set('Content-Type', 'application/yaml').send(YAML);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.name, 'licensed');
  });

  it('refuses bad policies with a 4xx naming the problem, and stores nothing', async () => {
    const before = await count();
    const post = () => t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew);
    const schema = await post().send({...POLICY, name: 'bad', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 0}]});
    assert.equal(schema.status, 400);
    assert.ok(schema.body.error.problems.some((p: {field: string}) => p.field === '/rules/0/min'));
    const unknown = await post().send({...POLICY, name: 'bad', criteria: 'safe-to-fly'});
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /safe-to-fly/);
    const bomb = await post().set('Content-Type', 'application/yaml').send(`a: &a [x, x, x, x]\nb: [*a, *a, *a, *a]\n${YAML}`);
    assert.equal(bomb.status, 400);
    assert.match(JSON.stringify(bomb.body), /aliases are not allowed/);
    const tagged = await post().set('Content-Type', 'text/yaml').send(`name: !!binary aGk=\ncriteria: safe-to-run\nrules: [{kind: no-violations}]\n`);
    assert.equal(tagged.status, 400);
    const huge = await post().set('Content-Type', 'application/yaml').send(`${YAML}# ${'x'.repeat(70_000)}\n`);
    assert.equal(huge.status, 413);
    const text = await post().set('Content-Type', 'text/plain').send('name: x');
    assert.equal(text.status, 400);
    const member = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.alice).send({...POLICY, name: 'mine'});
    assert.equal(member.status, 403);
    const anonymous = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).send({...POLICY, name: 'mine'});
    assert.equal(anonymous.status, 401);
    const nowhere = await t.http.post('/api/v1/communities/no-such/policies').set(t.admin).send(POLICY);
    assert.equal(nowhere.status, 404);
    assert.equal((await t.http.get('/api/v1/communities/no-such/policies')).status, 404);
    assert.equal(await count(), before);
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/bad`)).status, 404);
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/versions/0`)).status, 400);
  });

  it('previews a policy — its problems, or its narrative and the version it would become — without publishing', async () => {
    const before = await count();
    const preview = () => t.http.post(`/api/v1/communities/${COMMUNITY}/policies/preview`);
    const fresh = await preview().set('Content-Type', 'application/yaml').send(YAML.replace('licensed', 'previewed'));
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    assert.equal(fresh.body.valid, true);
    assert.equal(fresh.body.version, 1);
    assert.equal(fresh.body.published, false);
    assert.equal(fresh.body.narrative, 'A release earns this badge when all of the following hold:\n- The release\'s SPDX licence expression can be satisfied using only MIT.');
    assert.equal(fresh.body.achievement.id, `${t.hallmark.services.urls.base}/communities/${COMMUNITY}/policies/previewed/versions/1`);
    const known = await preview().send(POLICY);
    assert.equal(known.body.published, true, 'the same content as a published version says which');
    assert.equal(known.body.version, 1);
    const wrong = await preview().set('Content-Type', 'application/yaml').send('name: x\ncriteria: safe-to-fly\nrules:\n  - kind: reviews\n    criterion: safe-to-run\n    min: 0\n');
    assert.equal(wrong.status, 200);
    assert.equal(wrong.body.valid, false);
    assert.ok(wrong.body.problems.some((problem: {field: string}) => problem.field === '/rules/0/min'), JSON.stringify(wrong.body));
    const criterion = await preview().send({...POLICY, criteria: 'safe-to-fly'});
    assert.deepEqual([criterion.body.valid, criterion.body.problems[0].field], [false, '/criteria/0']);
    assert.equal((await preview().set('Content-Type', 'application/yaml').send(`${YAML}# ${'x'.repeat(70_000)}\n`)).status, 413);
    assert.equal((await preview().set('Content-Type', 'text/plain').send('name: x')).status, 400);
    assert.equal((await t.http.post('/api/v1/communities/no-such/policies/preview').send(POLICY)).status, 404);
    assert.equal(await count(), before);
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/previewed`)).status, 404);
  });
});
