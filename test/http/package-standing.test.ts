import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const POLICY = {name: 'two-orgs', title: 'Two organisations reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}, {kind: 'license', allow: ['MIT']}]};
const PACKAGE = 'pkg:npm/left-pad';

describe('a package under a community: what it lacks, its README embed and the page the badge links to', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(POLICY)).status, 201);
  });
  after(() => t.close());

  const verifyText = async (text: string) => (await t.http.post('/api/v1/verify').send({text})).body;

  it('says what a release still lacks, per policy, without storing an evaluation or issuing anything', async () => {
    await t.review('alice');
    const standing = await t.http.get(`/api/v1/communities/${COMMUNITY}/packages/${RELEASE}`);
    assert.equal(standing.status, 200, JSON.stringify(standing.body));
    assert.equal(standing.body.release, RELEASE);
    assert.equal(standing.body.badge, null);
    assert.deepEqual(standing.body.policies.map((policy: {policy: string; passed: boolean; lacking: string}) => [policy.policy, policy.passed, policy.lacking]),
      [['two-orgs', false, '1 of 2 accepted reviews; licence evidence missing']]);
    assert.equal((await t.hallmark.services.policies.evaluations.forPackage(PACKAGE)).length, 0, 'nothing stored');
    const page = await t.http.get(`/communities/${COMMUNITY}/packages/${RELEASE}`).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /Not vetted/);
    assert.match(page.text, /Two organisations reviewed<\/a>: 1 of 2 accepted reviews; licence evidence missing/);
    // Without a version and with nothing evaluated, there is no release to judge yet.
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/packages/${PACKAGE}`)).body.release, null);
  });

  it('embeds the package badge: the README verifies as valid, not suspicious, and the page shows the current credential', async () => {
    await t.review('bob');
    await t.http.post(`/api/v1/packages/${encodeURIComponent(RELEASE)}/evidence`).set(t.as.alice).send({type: 'license', document: {expression: 'MIT'}});
    const evaluated = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl: RELEASE});
    assert.equal(evaluated.body.evaluation.passed, true, JSON.stringify(evaluated.body.evaluation));
    const credentialId = evaluated.body.badge.credentialId as string;
    const uuid = credentialId.replace('urn:uuid:', '');

    const embed = await t.http.get(`/api/v1/badges/${COMMUNITY}/${PACKAGE}/embed`);
    assert.equal(embed.status, 200, JSON.stringify(embed.body));
    const base = t.hallmark.services.urls.base;
    assert.equal(embed.body.imageUrl, `${base}/badges/${COMMUNITY}/${PACKAGE}.svg`);
    assert.equal(embed.body.pageUrl, `${base}/communities/${COMMUNITY}/packages/${PACKAGE}`);
    assert.equal(embed.body.markdown, `[![JS vetting: left\\-pad badge](${embed.body.imageUrl})](${embed.body.pageUrl})`);
    assert.match(embed.body.html, /^<a href="[^"]+\/communities\/js-vet\/packages\/pkg:npm\/left-pad"><img src="[^"]+\/badges\/js-vet\/pkg:npm\/left-pad\.svg"/);
    assert.match(embed.body.restructuredtext, /^\.\. image:: .+\n {3}:target: .+\/communities\/js-vet\/packages\/pkg:npm\/left-pad\n/);

    for (const readme of [`# left-pad\n\n${embed.body.markdown}\n`, `<p>${embed.body.html}</p>`]) {
      const inspection = await verifyText(readme);
      assert.deepEqual(inspection.suspicious, [], JSON.stringify(inspection));
      assert.equal(inspection.reports.length, 1);
      assert.equal(inspection.reports[0].report.status, 'valid');
      assert.equal(inspection.reports[0].report.credential.id, credentialId);
    }

    // The link target: a page for people, the credential itself for programs.
    const page = await t.http.get(new URL(embed.body.pageUrl).pathname).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /Genuine and currently valid/);
    assert.ok(page.text.includes(`href="/credentials/${uuid}"`));
    assert.ok(page.text.includes('<textarea id="embed-markdown" class="snippet" readonly rows="3" spellcheck="false">[![JS vetting: left\\-pad badge]'));
    const json = await t.http.get(new URL(embed.body.pageUrl).pathname).set('Accept', 'application/ld+json');
    assert.equal(json.status, 200);
    assert.equal(JSON.parse(json.text).id, credentialId);
    const standing = (await t.http.get(`/api/v1/communities/${COMMUNITY}/packages/${PACKAGE}`)).body;
    assert.equal(standing.badge.credentialId, credentialId);
    assert.equal(standing.badge.state, 'valid');
    assert.equal(standing.policies[0].lacking, null);
  });

  it('calls a package badge whose link leads elsewhere suspicious', async () => {
    const image = `${t.hallmark.services.urls.base}/badges/${COMMUNITY}/${PACKAGE}.svg`;
    const other = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl: RELEASE});
    assert.equal(other.status, 200);
    const foreign = `${t.hallmark.services.urls.base}/communities/${COMMUNITY}/packages/pkg:npm/is-odd`;
    const inspection = await verifyText(`[![badge](${image})](${foreign})`);
    assert.equal(inspection.suspicious.length, 1, JSON.stringify(inspection));
    assert.match(inspection.suspicious[0].reason, /leads to no credential/);
    const unvetted = await verifyText(`[![badge](${t.hallmark.services.urls.base}/badges/${COMMUNITY}/pkg:npm/is-odd.svg)](${foreign})`);
    assert.deepEqual(unvetted.suspicious, []);
    assert.match(JSON.stringify(unvetted.problems), /not vetted/);
  });

  it('refuses bad input with a clear 4xx', async () => {
    assert.equal((await t.http.get(`/api/v1/badges/no-such/${PACKAGE}/embed`)).status, 404);
    assert.equal((await t.http.get(`/api/v1/badges/${COMMUNITY}/pkg:cargo/serde/embed`)).status, 400);
    assert.equal((await t.http.get(`/api/v1/badges/${COMMUNITY}/not-a-purl/embed`)).status, 400);
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/packages/pkg:npm/left-pad@1.3.0?x=1`)).status, 200);
    assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/packages/pkg:npm/left-pad@1.3.0%3Fa%3Db`)).status, 400);
    const missing = await t.http.get(`/communities/${COMMUNITY}/packages/pkg:npm/is-odd`).set('Accept', 'application/json');
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /no badge/);
    const page = await t.http.get(`/communities/${COMMUNITY}/packages/<script>`).set('Accept', 'text/html');
    assert.equal(page.status, 400);
    assert.doesNotMatch(page.text, /<script>/);
  });
});
