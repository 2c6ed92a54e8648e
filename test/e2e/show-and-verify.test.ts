import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {hallmark} from '../helpers/cli.ts';
import {resumePdf} from '../inspect/pdf-fixtures.ts';
import {accountAuth, createAccount, createCommunity, grantRole} from '../helpers/vetting.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';

/**
 * Issue 4's promise, end to end on a live instance on loopback: a badge's
 * embed Markdown pasted into a README and a PDF résumé linking a reviewer's
 * credential both verify — through `hallmark verify` and through /verify —
 * and a revocation turns the README badge red on the very next request.
 */
describe('show and verify anywhere', () => {
  let t: TestHallmark;
  let listening: Listening<TestHallmark>;
  let base: string;
  let dir: string;
  let env: Record<string, string>;
  let badgeUuid: string;
  let reviewerCredentialUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-e2e-'));
    listening = await listeningHallmark(startHallmark, (origin) => ({HALLMARK_FETCH_ALLOW_HOSTS: new URL(origin).host, HALLMARK_SWEEP_INTERVAL: '0'}));
    ({t, base} = listening);
    env = {HALLMARK_FETCH_ALLOW_HOSTS: new URL(base).host};

    await createIssuer(t, 'acme');
    badgeUuid = String((await issueBadge(t)).id).replace('urn:uuid:', '');

    // A reviewer earns a milestone credential: one accepted review.
    await createAccount(t, 'org-a', {kind: 'organisation', name: 'Org A'});
    await createAccount(t, 'org-b', {kind: 'organisation', name: 'Org B'});
    await createAccount(t, 'ada', {organisation: 'org-a'});
    await createAccount(t, 'sam', {organisation: 'org-b'});
    await createCommunity(t, 'assay', {milestones: [{id: 'first-review', name: 'First accepted review', description: 'A first review accepted.', acceptedReviews: 1}]});
    await grantRole(t, 'assay', 'ada', 'auditor');
    await grantRole(t, 'assay', 'sam', 'senior-auditor');
    const ada = await accountAuth(t, 'ada');
    const sam = await accountAuth(t, 'sam');
    const review = (await t.http.post('/api/v1/communities/assay/reviews').set(ada)
      .send({purl: 'pkg:npm/left-pad@1.3.0', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'})).body.review;
    const vetted = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(sam).send({verdict: 'endorse', reviewDigest: review.digest, comment: 'Checked.'});
    assert.equal(vetted.body.review.standing, 'accepted', JSON.stringify(vetted.body));
    const [milestone] = (await t.http.get('/api/v1/accounts/ada/credentials')).body.credentials;
    reviewerCredentialUrl = `${base}/credentials/${String(milestone.verifiableCredential.id).replace('urn:uuid:', '')}`;
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('a README carrying the embed Markdown verifies, through the CLI and through /verify', async () => {
    const embed = await t.http.get(`/api/v1/badges/${badgeUuid}/embed`);
    assert.equal(embed.status, 200);
    const readme = join(dir, 'README.md');
    await writeFile(readme, `# left-pad\n\n${embed.body.markdown}\n\nPads strings.\n`);

    const run = await hallmark(['verify', readme], {env});
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^VALID: OpenBadgeCredential urn:uuid:${badgeUuid}`, 'm'));
    assert.doesNotMatch(run.stdout, /SUSPICIOUS/);

    const page = await t.http.post('/verify').field('text', `# left-pad\n\n${embed.body.markdown}\n`);
    assert.equal(page.status, 200);
    assert.match(page.text, /1 credential checked by Hallmark/);
    assert.doesNotMatch(page.text, /suspicious/i);
  });

  it('a PDF résumé linking a reviewer credential verifies', async () => {
    const cv = join(dir, 'cv.pdf');
    await writeFile(cv, await resumePdf(`${base}/reviewers/ada`, reviewerCredentialUrl));
    const run = await hallmark(['verify', cv], {env});
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^VALID: OpenBadgeCredential .* \(issuer assay community; from /m);
  });

  const badgeSvg = (etag?: string) => {
    const request = t.http.get(`/badges/${badgeUuid}.svg`);
    if (etag) request.set('If-None-Match', etag);
    return request.buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  };

  it('revoking the badge turns its SVG red on the next request and the README stops verifying', async () => {
    const before = await badgeSvg();
    assert.match(String(before.body), /: valid/);
    const revoked = await t.http.post('/issuers/acme/credentials/status').set(t.admin)
      .send({credentialId: `urn:uuid:${badgeUuid}`, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const after = await badgeSvg(String(before.headers.etag));
    assert.equal(after.status, 200, 'a changed status is not a 304');
    assert.match(String(after.body), /: revoked/);
    assert.match(String(after.body), /#e05d44/i, 'red');
    const run = await hallmark(['verify', join(dir, 'README.md')], {env});
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^REVOKED: /m);
  });
});
