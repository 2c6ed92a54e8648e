import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, invite, submit, type Agent} from '../helpers/web.ts';
import {REVIEW, accountAuth, createCommunity} from '../helpers/vetting.ts';

const SCRIPT = '<script>alert(1)</script>';
const POLICY = `name: one-review
title: One review
criteria: safe-to-run
rules:
  - kind: reviews
    criterion: safe-to-run
    min: 1
`;

describe('a steward edits the community, writes a policy after a preview, and settles a dispute, in the browser', () => {
  let t: TestHallmark;
  let stella: Agent;
  before(async () => {
    t = await startHallmark();
    await createCommunity(t, 'js-vet', {name: 'JS vetting', acceptance: {endorsements: 1, minRole: 'auditor', otherOrganisation: false}});
    stella = browserAgent(t);
    await acceptInvitation(stella, await invite(t, {community: 'js-vet', role: 'steward'}), 'stella');
  });
  after(() => t.close());

  const community = async () => (await t.http.get('/api/v1/communities/js-vet')).body;
  const edit = (fields: Record<string, string>) => submit(stella, '/communities/js-vet/edit', '/communities/js-vet/edit', {
    description: 'We vet npm packages.', guidanceUrl: '', guidanceText: '', membership: 'invite', endorsements: '1', minRole: 'auditor', otherOrganisation: '', milestones: '', ...fields,
  });

  it('edits description, acceptance rule and milestones; bad input is refused with a clear message and changes nothing', async () => {
    const page = await stella.get('/communities/js-vet');
    assert.match(page.text, /href="\/communities\/js-vet\/edit">Edit the community<\/a>/);
    const before = await community();
    const badLine = await edit({milestones: 'first-review | First review'});
    assert.equal(badLine.status, 400);
    assert.match(alertText(badLine.text), /milestone line 1/);
    const badNumber = await edit({endorsements: 'many'});
    assert.equal(badNumber.status, 400);
    const badUrl = await edit({guidanceUrl: 'javascript:alert(1)'});
    assert.equal(badUrl.status, 400);
    assert.match(badUrl.text, /id="field-guidanceUrl-error"/);
    const noToken = await stella.post('/communities/js-vet/edit').type('form').send({description: 'x', endorsements: '1', minRole: 'auditor', membership: 'invite'});
    assert.equal(noToken.status, 403);
    assert.deepEqual(await community(), before);

    const saved = await edit({description: SCRIPT, milestones: 'first-review | First accepted review | A first review accepted | 1\npromoted | Senior | Made a senior auditor | senior-auditor'});
    assert.equal(saved.status, 303, saved.text.slice(0, 400));
    const after = await community();
    assert.equal(after.description, SCRIPT);
    assert.deepEqual(after.milestones.map((milestone: {id: string}) => milestone.id), ['first-review', 'promoted']);
    assert.deepEqual(after.acceptance, {endorsements: 1, minRole: 'auditor', otherOrganisation: false});
    const shown = (await stella.get('/communities/js-vet')).text;
    assert.doesNotMatch(shown, /<script>alert/);
    assert.equal((await t.http.get('/api/v1/communities/js-vet/history')).body.history.length, 1);
  });

  it('previews a YAML policy, then publishes it; a wrong or oversized one is refused and nothing is published', async () => {
    const preview = await submit(stella, '/communities/js-vet/policies/new', '/communities/js-vet/policies/new', {policy: POLICY, action: 'preview'});
    assert.equal(preview.status, 200);
    assert.match(preview.text, /Preview: would be version 1/);
    assert.match(preview.text, /<li>At least one accepted review found the release safe-to-run; reviewers must be auditors of the community or above\.<\/li>/);
    assert.equal((await t.http.get('/api/v1/communities/js-vet/policies')).body.policies.length, 0);

    const wrong = await submit(stella, '/communities/js-vet/policies/new', '/communities/js-vet/policies/new', {policy: POLICY.replace('min: 1', 'min: 0'), action: 'publish'});
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /<code>\/rules\/0\/min<\/code>/);
    const huge = await submit(stella, '/communities/js-vet/policies/new', '/communities/js-vet/policies/new', {policy: `${POLICY}# ${'x'.repeat(70_000)}`, action: 'publish'});
    assert.equal(huge.status, 400);
    assert.match(huge.text, /at most 65536 characters/);
    const scripted = await submit(stella, '/communities/js-vet/policies/new', '/communities/js-vet/policies/new', {policy: `${POLICY}description: ${SCRIPT}`, action: 'preview'});
    assert.doesNotMatch(scripted.text, /<script>alert/);
    assert.equal((await t.http.get('/api/v1/communities/js-vet/policies')).body.policies.length, 0);

    const published = await submit(stella, '/communities/js-vet/policies/new', '/communities/js-vet/policies/new', {policy: POLICY, action: 'publish'});
    assert.equal(published.status, 303);
    assert.equal(published.headers.location, '/communities/js-vet/policies/one-review/versions/1');
    assert.equal((await t.http.get('/api/v1/communities/js-vet/policies')).body.policies.length, 1);
  });

  it('resolves a dispute from the review page', async () => {
    for (const handle of ['ann', 'bo']) {
      await t.http.post('/api/v1/accounts').set(t.admin).send({handle, kind: 'person', name: handle});
      await t.http.put(`/api/v1/communities/js-vet/roles/${handle}`).set(t.admin).send({role: 'auditor'});
    }
    const review = (await t.http.post('/api/v1/communities/js-vet/reviews').set(await accountAuth(t, 'ann')).send({...REVIEW, criteria: ['safe-to-run']})).body.review;
    await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(await accountAuth(t, 'bo')).send({verdict: 'dispute', reviewDigest: review.digest});
    const page = await stella.get(`/reviews/${review.id}`);
    assert.match(page.text, /Dismiss it \(the review counts again\)/);
    const dismissed = await submit(stella, `/reviews/${review.id}`, `/vettings/${/action="\/vettings\/([0-9a-f-]{36})\/resolve"/.exec(page.text)?.[1]}/resolve`, {outcome: 'dismissed'}, 1);
    assert.equal(dismissed.status, 303);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'pending');
  });
});
