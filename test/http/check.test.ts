import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {name: 'reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]};
const REQUIREMENT = `${COMMUNITY}/reviewed`;

function cyclonedx(...purls: string[]) {
  return {bomFormat: 'CycloneDX', specVersion: '1.6', components: purls.map((purl) => ({type: 'library', purl}))};
}

describe('SBOM check', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY)).status, 201);
    await t.review('alice');
    const evaluated = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/reviewed/evaluate`).set(t.as.mem).send({purl: RELEASE});
    assert.equal(evaluated.body.evaluation.passed, true);
    // Every check below then verifies on worker threads, status changes included.
    await t.hallmark.services.verifyPool.ready();
    assert.ok(t.hallmark.services.verifyPool.stats().ready > 0);
  });
  after(() => t.close());

  const check = (body: unknown) => t.http.post('/api/v1/check').send(body as object);

  it('passes only when every listed package holds a verifying badge, and says which do not', async () => {
    const mixed = await check({sbom: cyclonedx(RELEASE, 'pkg:npm/is-odd@1.0.0'), policies: [REQUIREMENT]});
    assert.equal(mixed.status, 200);
    assert.equal(mixed.body.passed, false);
    assert.deepEqual(mixed.body.summary, {packages: 2, meeting: 1, failing: 1, skipped: 0});
    const [leftPad, isOdd] = mixed.body.packages;
    assert.equal(leftPad.meets, true);
    assert.equal(leftPad.badge.status, 'valid');
    assert.equal(isOdd.meets, false);
    assert.match(isOdd.reason, /no badge under js-vet\/reviewed/);

    const clean = await check({sbom: cyclonedx(RELEASE), policies: [REQUIREMENT]});
    assert.equal(clean.body.passed, true);
  });

  it('reads an uploaded lockfile with the policy in the query', async () => {
    const lockfile = {lockfileVersion: 3, packages: {'': {name: 'app'}, 'node_modules/left-pad': {version: '1.3.0'}}};
    const response = await t.http.post(`/api/v1/check?policy=${encodeURIComponent(REQUIREMENT)}`).attach('file', Buffer.from(JSON.stringify(lockfile)), 'package-lock.json');
    assert.equal(response.status, 200);
    assert.equal(response.body.format, 'npm-lockfile');
    assert.equal(response.body.passed, true);
  });

  it('a badge under another policy does not count, and a suspended badge fails with its status', async () => {
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({...POLICY, name: 'something-else'});
    const other = await check({sbom: cyclonedx(RELEASE), policies: [`${COMMUNITY}/something-else`]});
    assert.equal(other.body.passed, false);
    await t.hallmark.services.vetting.roles.set({kind: 'admin'}, COMMUNITY, 'alice', null);
    try {
      const suspended = await check({sbom: cyclonedx(RELEASE), policies: [REQUIREMENT]});
      assert.equal(suspended.body.passed, false);
      assert.equal(suspended.body.packages[0].badge.status, 'suspended');
      assert.match(suspended.body.packages[0].reason, /suspended/);
    } finally {
      await t.hallmark.services.vetting.roles.set({kind: 'admin'}, COMMUNITY, 'alice', 'auditor');
    }
    assert.equal((await check({sbom: cyclonedx(RELEASE), policies: [REQUIREMENT]})).body.passed, true);
    assert.ok(t.hallmark.services.verifyPool.stats().inWorkers >= 3, 'the checks verified in the pool\'s workers');
  });

  it('answers 404 naming a policy or community that does not exist, instead of failing every package', async () => {
    for (const [requirement, named] of [[`${COMMUNITY}/reviewd`, /js-vet\/reviewd does not exist/], ['no-such-community/reviewed', /no-such-community\/reviewed does not exist/]] as const) {
      const response = await check({sbom: cyclonedx(RELEASE), policies: [REQUIREMENT, requirement]});
      assert.equal(response.status, 404);
      assert.match(response.body.error.message, named);
      assert.equal(response.body.passed, undefined);
    }
  });

  it('refuses malformed, hostile and oversized requests with a clear 4xx', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{sbom: cyclonedx(RELEASE)}, 400, /policies/],
      [{sbom: cyclonedx(RELEASE), policies: []}, 400, /policies/],
      [{sbom: cyclonedx(RELEASE), policies: ['no-slash']}, 400, /policies/],
      [{sbom: cyclonedx(RELEASE), policies: ['../etc/passwd']}, 400, /policies/],
      [{sbom: {hello: 'world'}, policies: [REQUIREMENT]}, 400, /not a recognised SBOM/],
      [{sbom: 'text', policies: [REQUIREMENT]}, 400, /sbom/],
      [{sbom: cyclonedx(RELEASE), policies: [REQUIREMENT], extra: 1}, 400, /extra|additional/i],
    ];
    for (const [body, status, message] of cases) {
      const response = await check(body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(JSON.stringify(response.body.error), message);
    }
    const plain = await t.http.post('/api/v1/check').set('Content-Type', 'text/plain').send('pkg:npm/x@1');
    assert.equal(plain.status, 400);
    const notJson = await t.http.post(`/api/v1/check?policy=${REQUIREMENT}`).attach('file', Buffer.from('<bom/>'), 'bom.xml');
    assert.equal(notJson.status, 400);
    assert.match(notJson.body.error.message, /not JSON/);
    const noPolicy = await t.http.post('/api/v1/check').attach('file', Buffer.from(JSON.stringify(cyclonedx(RELEASE))), 'bom.json');
    assert.equal(noPolicy.status, 400);
    const huge = await t.http.post(`/api/v1/check?policy=${REQUIREMENT}`).attach('file', Buffer.alloc(11 * 1024 * 1024, 0x20), 'bom.json');
    assert.equal(huge.status, 413);
    assert.equal(huge.headers.connection, 'close', 'the rest of an oversized upload is not read to keep the connection');
  });
});
