import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {KeyVault} from '../../src/credentials/key-vault.ts';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';
import {loadMasterSecret} from '../../src/secrets.ts';
import {openVetting, type Vetting} from '../../src/vetting/index.ts';
import {MilestoneService} from '../../src/vetting/milestones.ts';
import type {Actor, Review} from '../../src/vetting/model.ts';
import {accountActor} from '../../src/authz/index.ts';

const ADMIN: Actor = {kind: 'admin'};
const MILESTONES = [
  {id: 'first-review', name: 'First accepted review', description: 'A first review accepted by the community.', acceptedReviews: 1},
  {id: 'ten-reviews', name: 'Ten accepted reviews', description: 'Ten reviews accepted.', acceptedReviews: 10},
  {id: 'senior', name: 'Senior auditor', description: 'Promoted to senior auditor.', role: 'senior-auditor' as const},
];
const REVIEW = {kind: 'full' as const, criteria: ['safe-to-run'], thoroughness: 'high' as const, understanding: 'high' as const, rating: 'positive' as const};

type Listed = {community: string; milestone: string; credentialId: string; verifiableCredential: Record<string, any>};

async function setUp(v: Vetting, slug: string): Promise<void> {
  await v.communities.create({slug, name: `${slug} assay office`, ecosystems: ['npm'], milestones: MILESTONES, acceptance: {endorsements: 1, minRole: 'senior-auditor', otherOrganisation: true}});
  await v.roles.set(ADMIN, slug, 'sam', 'steward');
  await v.roles.set(ADMIN, slug, 'alice', 'auditor');
  await v.roles.set(ADMIN, slug, 'bob', 'senior-auditor');
}

async function acceptedReview(v: Vetting, slug: string, purl: string): Promise<Review> {
  const review = await v.reviews.submit(await accountActor('alice', v), slug, {...REVIEW, purl});
  const {review: settled} = await v.vettings.record(await accountActor('bob', v), review.id, {verdict: 'endorse', reviewDigest: review.digest});
  assert.equal(settled.standing, 'accepted');
  return settled;
}

describe('milestone credentials and reviewer ranking', () => {
  let t: TestHallmark;
  let v: Vetting;
  let first: Review;
  before(async () => {
    t = await startHallmark();
    v = t.hallmark.services.vetting;
    await v.accounts.create({handle: 'org-a', kind: 'organisation', name: 'Org A'});
    await v.accounts.create({handle: 'org-b', kind: 'organisation', name: 'Org B'});
    await v.accounts.create({handle: 'sam', kind: 'person', name: 'Sam Steward'});
    await v.accounts.create({handle: 'alice', kind: 'person', name: 'Alice', organisation: 'org-a'});
    await v.accounts.create({handle: 'bob', kind: 'person', name: 'Bob', organisation: 'org-b', didKey: true});
    await setUp(v, 'assay');
    first = await acceptedReview(v, 'assay', 'pkg:npm/left-pad@1.3.0');
  });
  after(() => t.close());

  const credentials = async (handle: string): Promise<Listed[]> => {
    const response = await t.http.get(`/api/v1/accounts/${handle}/credentials`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.credentials;
  };

  it('awards the first-review milestone when a review is accepted: subject the reviewer page, evidence the review, verifiable', async () => {
    const listed = await credentials('alice');
    assert.deepEqual(listed.map((entry) => entry.milestone), ['first-review']);
    const credential = listed[0].verifiableCredential;
    assert.ok(credential.type.includes('OpenBadgeCredential'));
    assert.equal(credential.issuer.id, (await t.hallmark.services.issuers.get('assay')).did);
    assert.equal(credential.credentialSubject.id, `${t.hallmark.services.config.publicUrl}/reviewers/alice`);
    assert.equal(credential.credentialSubject.achievement.id, t.hallmark.services.milestones.achievementId('assay', 'first-review'));
    assert.equal(credential.credentialSubject.achievement.name, 'First accepted review');
    assert.ok(first.credentialId);
    assert.deepEqual(credential.evidence.map((evidence: {id: string}) => evidence.id), [first.credentialId]);
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
    assert.equal(report.verified, true, JSON.stringify(report.errors));
  });

  it('shows an endorsement of the reviewer in the report of their milestone credential', async () => {
    await createIssuer(t, 'fsfe');
    const profile = `${t.hallmark.services.config.publicUrl}/reviewers/alice`;
    const endorsed = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(t.admin).send({target: {kind: 'reviewer', id: profile}, comment: 'Alice reviews with care.'});
    assert.equal(endorsed.status, 201, JSON.stringify(endorsed.body));
    const [{verifiableCredential}] = await credentials('alice');
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential})).body;
    const finding = report.endorsements.find((entry: {id: string}) => entry.id === endorsed.body.verifiableCredential.id);
    assert.ok(finding, JSON.stringify(report.endorsements));
    assert.equal(finding.about, 'subject');
    assert.equal(finding.verified, true);
    assert.equal(finding.comment, 'Alice reviews with care.');
  });

  it('awards a role milestone on promotion, to the reviewer\'s own DID when they have one', async () => {
    const listed = await credentials('bob');
    assert.deepEqual(listed.map((entry) => entry.milestone), ['senior']);
    assert.equal(listed[0].verifiableCredential.credentialSubject.id, (await v.accounts.get('bob')).did);
  });

  it('awards each milestone once, however often and concurrently it is re-evaluated', async () => {
    await Promise.all(Array.from({length: 5}, () => t.hallmark.services.milestones.evaluate('assay', 'alice')));
    await acceptedReview(v, 'assay', 'pkg:npm/left-pad@1.3.1');
    assert.deepEqual((await credentials('alice')).map((entry) => entry.milestone), ['first-review']);
  });

  it('issues one credential when independent evaluators race for a milestone nobody has yet', async () => {
    // A second vetting stack over the same store whose events no milestone service hears.
    const services = t.hallmark.services;
    const quiet = await openVetting({
      store: services.store,
      vault: new KeyVault(loadMasterSecret(t.dataDir, undefined)),
      issuers: services.issuers,
      issuance: services.issuance,
      credentialStatus: services.credentialStatus,
      records: services.records,
      urls: services.urls,
    });
    await setUp(quiet, 'quiet');
    await acceptedReview(quiet, 'quiet', 'pkg:npm/is-odd@3.0.1');
    assert.equal((await credentials('alice')).filter((entry) => entry.community === 'quiet').length, 0);
    const deps = {...quiet, issuance: services.issuance, credentialStatus: services.credentialStatus, records: services.records, urls: new InstanceUrls(services.config.publicUrl)};
    const racers = await Promise.all([1, 2, 3].map(() => MilestoneService.open(services.store, deps)));
    const results = await Promise.all(racers.flatMap((racer) => [racer.evaluate('quiet', 'alice'), racer.evaluate('quiet', 'alice')]));
    assert.equal(results.flat().length, 1, 'exactly one evaluation records the award');
    const quietOnes = (await credentials('alice')).filter((entry) => entry.community === 'quiet');
    assert.equal(quietOnes.length, 1);
  });

  it('ranks reviewers by reputation with their stats, and re-ranks after a vetting', async () => {
    const list = async () => {
      const response = await t.http.get('/api/v1/communities/assay/reviewers');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.reviewers as Array<{handle: string; role: string | null; score: number; stats: Record<string, number>}>;
    };
    const before = await list();
    const alice = before.find((entry) => entry.handle === 'alice');
    assert.ok(alice);
    assert.equal(alice.role, 'auditor');
    assert.equal(alice.stats.reviewsAccepted, 2);
    assert.equal(before.find((entry) => entry.handle === 'bob')?.stats.vettingsGiven, 2);
    // Bob is no steward and nobody endorsed him: his endorsements carry no rank yet.
    assert.equal(alice.score, 0);
    assert.equal(before[0].handle, 'sam');

    await v.vettings.record(await accountActor('sam', v), first.id, {verdict: 'endorse', reviewDigest: first.digest});
    const after = await list();
    const ranked = after.find((entry) => entry.handle === 'alice');
    assert.ok(ranked && ranked.score > 0, 'the steward\'s endorsement reaches alice');
    assert.ok(after.findIndex((entry) => entry.handle === 'alice') < after.findIndex((entry) => entry.handle === 'bob'));
    const scores = after.map((entry) => entry.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  const badPaths: Array<[string, number]> = [
    ['/api/v1/communities/NOT%20A%20SLUG/reviewers', 400],
    [`/api/v1/communities/${'a'.repeat(300)}/reviewers`, 400],
    ['/api/v1/communities/nobody/reviewers', 404],
    ['/api/v1/accounts/Alice_/credentials', 400],
    [`/api/v1/accounts/${'a'.repeat(300)}/credentials`, 400],
    ['/api/v1/accounts/%2e%2e/credentials', 400],
    ['/api/v1/accounts/nobody/credentials', 404],
  ];
  for (const [path, status] of badPaths) {
    it(`answers ${status} for ${path.slice(0, 60)}`, async () => {
      const response = await t.http.get(path);
      assert.equal(response.status, status);
      assert.ok(response.body.error.message);
    });
  }
});

describe('milestone credentials follow their basis', () => {
  let t: TestHallmark;
  let v: Vetting;
  before(async () => {
    t = await startHallmark();
    v = t.hallmark.services.vetting;
    await v.accounts.create({handle: 'org-a', kind: 'organisation', name: 'Org A'});
    await v.accounts.create({handle: 'org-b', kind: 'organisation', name: 'Org B'});
    await v.accounts.create({handle: 'sam', kind: 'person', name: 'Sam Steward'});
    await v.accounts.create({handle: 'alice', kind: 'person', name: 'Alice', organisation: 'org-a'});
    await v.accounts.create({handle: 'bob', kind: 'person', name: 'Bob', organisation: 'org-b'});
    await setUp(v, 'assay');
  });
  after(() => t.close());

  const award = async (handle: string, milestone: string): Promise<Listed & {state: string}> => {
    const response = await t.http.get(`/api/v1/accounts/${handle}/credentials`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const found = response.body.credentials.filter((entry: Listed) => entry.milestone === milestone);
    assert.equal(found.length, 1, 'awarded once, whatever happened since');
    return found[0];
  };
  const status = async (credential: Record<string, unknown>): Promise<string> => {
    const report = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(report.body.verified, report.body.status === 'valid', JSON.stringify(report.body.errors));
    return report.body.status as string;
  };

  it('suspends a review-count milestone when its review is retracted and reinstates it on a new accepted review', async () => {
    const review = await acceptedReview(v, 'assay', 'pkg:npm/left-pad@1.3.0');
    const earned = await award('alice', 'first-review');
    assert.equal(earned.state, 'active');
    assert.equal(await status(earned.verifiableCredential), 'valid');

    await v.reviews.retract(await accountActor('alice', v), review.id);
    const lost = await award('alice', 'first-review');
    assert.equal(lost.state, 'suspended');
    assert.equal(lost.credentialId, earned.credentialId);
    assert.equal(await status(earned.verifiableCredential), 'suspended');

    await acceptedReview(v, 'assay', 'pkg:npm/left-pad@1.3.1');
    const back = await award('alice', 'first-review');
    assert.equal(back.state, 'active');
    assert.equal(back.credentialId, earned.credentialId, 'the same credential comes back, no second one');
    assert.equal(await status(earned.verifiableCredential), 'valid');
  });

  it('suspends a role milestone when the role is withdrawn and reinstates it when granted again', async () => {
    const earned = await award('bob', 'senior');
    assert.equal(await status(earned.verifiableCredential), 'valid');

    await v.roles.set(ADMIN, 'assay', 'bob', 'auditor');
    assert.equal((await award('bob', 'senior')).state, 'suspended', 'a demotion below the role loses it');
    assert.equal(await status(earned.verifiableCredential), 'suspended');
    await v.roles.set(ADMIN, 'assay', 'bob', null);
    assert.equal(await status(earned.verifiableCredential), 'suspended');

    await v.roles.set(ADMIN, 'assay', 'bob', 'steward');
    const back = await award('bob', 'senior');
    assert.equal(back.state, 'active', 'a higher role holds the milestone too');
    assert.equal(back.credentialId, earned.credentialId);
    assert.equal(await status(earned.verifiableCredential), 'valid');
  });
});
