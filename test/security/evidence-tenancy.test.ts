import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

/**
 * Evidence submitted without a community is read by every community's
 * policies. An auditor of another community must not be able to decide a
 * badge here with it (neither grant one nor take one away).
 */
describe('instance-wide evidence and community tenancy', () => {
  let t: PolicyFixture;
  let mallory: {Authorization: string};
  before(async () => {
    t = await startPolicyFixture();
    const {vetting, tokens} = t.hallmark.services;
    await vetting.communities.create({slug: 'elsewhere', name: 'Elsewhere', acceptance: {endorsements: 0}});
    await vetting.accounts.create({handle: 'mallory', kind: 'person', name: 'Mallory'});
    await vetting.roles.set({kind: 'admin'}, 'elsewhere', 'mallory', 'auditor');
    mallory = {Authorization: `Bearer ${(await tokens.create({kind: 'account', handle: 'mallory', issuerSlug: null})).token}`};
    const published = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'mit-only', criteria: 'safe-to-run', rules: [{kind: 'license', allow: ['MIT']}]});
    assert.equal(published.status, 201, JSON.stringify(published.body));
  });
  after(() => t.close());

  const submit = (headers: {Authorization: string}, expression: string) =>
    t.http.post(`/api/v1/packages/${encodeURIComponent(RELEASE)}/evidence`).set(headers).send({type: 'license', document: {expression}});
  const evaluate = () => t.http.post(`/api/v1/communities/${COMMUNITY}/policies/mit-only/evaluate`).set(t.as.mem).send({purl: RELEASE});

  it('an outsider\'s evidence does not grant a badge', async () => {
    assert.equal((await submit(mallory, 'MIT')).status, 201);
    const result = await evaluate();
    assert.equal(result.status, 200);
    assert.equal(result.body.evaluation.passed, false, JSON.stringify(result.body.evaluation));
    assert.equal(result.body.badge, null);
  });

  it('an outsider\'s newer evidence does not suspend a badge the community\'s own auditor earned', async () => {
    assert.equal((await submit(t.as.alice, 'MIT')).status, 201);
    const earned = await evaluate();
    assert.equal(earned.body.badge?.state, 'active', JSON.stringify(earned.body));
    assert.equal((await submit(mallory, 'GPL-3.0-only')).status, 201);
    const [badge] = await t.hallmark.services.policies.badges.forPackage('pkg:npm/left-pad');
    assert.equal(badge.state, 'active', badge.reason);
  });
});
