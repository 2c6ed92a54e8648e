import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {escapeHtml} from '../../src/pages/html.ts';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';
import {accountActor} from '../../src/authz/index.ts';

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
    // The page shows the words the signed Achievement carries, not a paraphrase of the rules.
    const published = (await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/two-orgs`)).body.latest;
    const lines = String(published.achievement.criteria.narrative).split('\n').map((line) => line.replace(/^- /, ''));
    assert.ok(lines.length >= 3);
    for (const line of lines) assert.ok(body.includes(escapeHtml(line)), `the page shows "${line}"`);
    assert.match(body, /<li>No accepted or pending violation report covers the release\.<\/li>/);
    assert.match(body, /alice \(auditor\)/);
    assert.match(body, /<code>pkg:npm\/left-pad@1\.3\.0<\/code>/);
    assert.match(body, /<img src="\/badges\/[0-9a-f-]{36}\.svg" alt="Two &#60;organisations&#62; reviewed: valid">/);
    assert.match(body, /<meta property="og:title" content="JS vetting">/);
  });

  it('links each policy to a page that says what its badges assert, and serves the Achievement JSON at the same id', async () => {
    const community = (await t.http.get(`/communities/${COMMUNITY}`).set('Accept', 'text/html')).text;
    const href = /<h3><a href="([^"]+)">Two &#60;organisations&#62; reviewed<\/a><\/h3>/.exec(community)?.[1];
    assert.equal(href, `/communities/${COMMUNITY}/policies/two-orgs/versions/1`);
    const page = await t.http.get(href).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.text, /<h1>Two &#60;organisations&#62; reviewed<\/h1>/);
    assert.match(page.text, /<li>No accepted or pending violation report covers the release\.<\/li>/);
    assert.match(page.text, new RegExp(`href="/communities/${COMMUNITY}"`));
    const json = await t.http.get(href).set('Accept', 'application/json');
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.body.id, `${t.hallmark.services.config.publicUrl}${href}`, 'the link is the Achievement id badges carry');
    assert.deepEqual((await t.http.get(`${href}?format=json`).set('Accept', 'text/html')).body, json.body);
    assert.equal((await t.http.get(`/communities/${COMMUNITY}/policies/two-orgs/versions/9`).set('Accept', 'text/html')).status, 404);
    assert.equal((await t.http.get(`/communities/${COMMUNITY}/policies/two-orgs/versions/x`).set('Accept', 'text/html')).status, 400);
  });

  it('shows endorsements of the community\'s issuer that verify, and not revoked ones', async () => {
    const endorse = async (slug: string, comment: string) => {
      await t.http.post('/api/v1/issuers').set(t.admin).send({slug, name: `${slug} <Foundation>`});
      const did = (await t.http.get(`/api/v1/issuers/${COMMUNITY}`).set(t.admin)).body.profile.id;
      const issued = await t.http.post(`/api/v1/issuers/${slug}/endorsements`).set(t.admin).send({target: {kind: 'issuer', id: did}, comment});
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      return issued.body.verifiableCredential;
    };
    await endorse('ossf', 'Runs a careful <review> process.');
    const revoked = await endorse('lapsed', 'Once trusted.');
    const status = await t.http.post('/issuers/lapsed/credentials/status').set(t.admin).send({credentialId: revoked.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(status.status, 200, JSON.stringify(status.body));
    const body = (await t.http.get(`/communities/${COMMUNITY}`).set('Accept', 'text/html')).text;
    assert.match(body, /<h2>Endorsed by<\/h2>/);
    assert.match(body, /<strong>ossf &#60;Foundation&#62;<\/strong>: Runs a careful &#60;review&#62; process\./);
    assert.doesNotMatch(body, /lapsed/, 'a revoked endorsement is not shown');
  });

  it('shows a package with its badges and reviews, linking reviewers', async () => {
    for (const path of ['/packages/pkg:npm/left-pad', `/packages/${encodeURIComponent(RELEASE)}`]) {
      const response = await t.http.get(path).set('Accept', 'text/html');
      assert.equal(response.status, 200, path);
      assert.match(response.text, /<h1>left-pad(@1\.3\.0)?<\/h1>/);
      assert.match(response.text, /<img src="\/badges\/[0-9a-f-]{36}\.svg" alt="two-orgs: valid">/);
      assert.match(response.text, /<a href="\/reviews\/[0-9a-f-]{36}">full review, positive, accepted<\/a><\/strong> by <a href="\/reviewers\/alice">alice<\/a>/);
    }
    const unreviewed = await t.http.get('/packages/pkg:npm/never-seen').set('Accept', 'text/html');
    assert.equal(unreviewed.status, 200);
    assert.match(unreviewed.text, /No community has vetted this package yet/);
  });

  it('shows a reviewer\'s profile: roles, standing, reviews and review credentials', async () => {
    const response = await t.http.get('/reviewers/alice').set('Accept', 'text/html');
    assert.equal(response.status, 200);
    assert.match(response.text, /<h1>alice<\/h1>/);
    assert.match(response.text, /auditor of js-vet/);
    assert.match(response.text, /1 accepted review in 1 community/);
    assert.match(response.text, /<\/a> Review of pkg:npm\/left-pad@1\.3\.0<\/h3>/);
    assert.match(response.text, /href="\/packages\/pkg:npm\/left-pad"/);
  });

  it('lists a reviewer\'s milestone credentials on their profile', async () => {
    const {vetting} = t.hallmark.services;
    await vetting.communities.create({slug: 'milestoned', name: 'Milestoned', ecosystems: ['npm'], acceptance: {endorsements: 0}, milestones: [{id: 'first-review', name: 'First <accepted> review', description: 'A first review accepted.', acceptedReviews: 1}]});
    await vetting.roles.set({kind: 'admin'}, 'milestoned', 'carol', 'auditor');
    await vetting.reviews.submit(await accountActor('carol', vetting), 'milestoned', {purl: RELEASE, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    const body = (await t.http.get('/reviewers/carol').set('Accept', 'text/html')).text;
    assert.match(body, /<\/a> First &#60;accepted&#62; review<\/h3>\n<p>Awarded by Milestoned on [^<]+ · <code>first-review milestone<\/code><\/p>/);
  });

  const bad: Array<[string, string, number]> = [
    ['an unknown reviewer', '/reviewers/nobody', 404],
    ['a hostile reviewer handle', '/reviewers/%3Cscript%3E', 400],
    ['a malformed purl', '/packages/not-a-purl', 400],
    ['a hostile purl', '/packages/pkg:npm/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 200],
    ['an oversized purl', `/packages/pkg:npm/${'a'.repeat(5000)}`, 400],
    ['an unknown community', '/communities/nobody', 404],
    ['a hostile slug', '/communities/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 400],
    ['path traversal', '/communities/..%2F..%2Fetc%2Fpasswd', 400],
  ];
  for (const [what, path, status] of bad) {
    it(`answers ${what} with a ${status} page`, async () => {
      const response = await t.http.get(path).set('Accept', 'text/html');
      assert.equal(response.status, status);
      assert.match(response.headers['content-type'], /^text\/html/);
      // Package pages carry one linked-data block (data, not script); nothing else may open a script element.
      assert.doesNotMatch(response.text.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, ''), /<script/);
    });
  }
});
