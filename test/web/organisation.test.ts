import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, invite, submit, tokenFrom, type Agent} from '../helpers/web.ts';
import {createCommunity} from '../helpers/vetting.ts';

const SCRIPT = '<script>alert(1)</script>';

describe('an organisation confirms its members, gets an issuer and endorses, in the browser', () => {
  let t: TestHallmark;
  let acme: Agent;
  let bob: Agent;
  before(async () => {
    t = await startHallmark();
    await createCommunity(t, 'js-vet', {name: 'JS vetting'});
    acme = browserAgent(t);
    bob = browserAgent(t);
    await acceptInvitation(bob, await invite(t), 'bob');
  });
  after(() => t.close());

  const account = async (handle: string) => (await t.http.get(`/api/v1/accounts/${handle}`)).body;
  const members = async () => ((await t.http.get('/api/v1/accounts/acme/members')).body.members as Array<{handle: string}>).map((member) => member.handle);

  it('an admin invitation makes an organisation account; nobody else invites one, and a signed-in person cannot take it', async () => {
    const steward = await t.http.post('/api/v1/invitations').set(t.admin).send({community: 'js-vet', role: 'steward'});
    assert.equal(steward.status, 201);
    const link = await invite(t, {organisation: true, note: 'ACME Corp'});
    assert.equal((await t.http.post('/api/v1/invitations').set(t.admin).send({organisation: true, foundCommunities: true})).status, 400);
    const page = await bob.get(link);
    assert.match(page.text, /an organisation&#39;s account/);
    assert.match(page.text, /sign out first/);
    const taken = await submit(bob, link, link, {as: 'signed-in'});
    assert.equal(taken.status, 400);
    assert.equal((await account('bob')).kind, 'person');
    const made = await acceptInvitation(acme, link, 'acme');
    assert.equal(made.headers.location, '/account/organisation');
    const org = await account('acme');
    assert.equal(org.kind, 'organisation');
    assert.equal(org.issuer, null);
    assert.equal((await bob.get('/account/organisation')).status, 403);
  });

  it('a person names the organisation; it confirms and withdraws them from a form', async () => {
    const bad = await submit(bob, '/account', '/account/affiliation', {organisation: 'no-such-org'}, 1);
    assert.equal(bad.status, 400);
    assert.match(alertText(bad.text), /not an organisation account/);
    assert.equal((await account('bob')).organisation, null);
    const named = await submit(bob, '/account', '/account/affiliation', {organisation: 'acme'}, 1);
    assert.equal(named.status, 303, named.text.slice(0, 300));
    assert.equal((await account('bob')).organisationConfirmed, false);
    assert.match((await bob.get('/account')).text, /not confirmed yet/);
    const page = await acme.get('/account/organisation');
    assert.match(page.text, /not confirmed/);
    const confirm = await submit(acme, '/account/organisation', '/account/organisation/members/bob/confirm', {});
    assert.equal(confirm.status, 303);
    assert.deepEqual(await members(), ['bob']);
    const noToken = await acme.post('/account/organisation/members/bob/withdraw').type('form').send({});
    assert.equal(noToken.status, 403);
    assert.deepEqual(await members(), ['bob']);
    const withdraw = await submit(acme, '/account/organisation', '/account/organisation/members/bob/withdraw', {});
    assert.equal(withdraw.status, 303);
    assert.deepEqual(await members(), []);
    // Someone who does not name acme cannot be confirmed by it.
    await acceptInvitation(browserAgent(t), await invite(t), 'carol');
    const stranger = await submit(acme, '/account/organisation', '/account/organisation/members/carol/confirm', {});
    assert.equal(stranger.status, 409);
    assert.match(alertText(stranger.text), /does not name/);
  });

  it('gets an issuer of its own; the session acts for it at once and endorses a community, a policy and a reviewer', async () => {
    const refusedEarly = await submit(acme, '/account/organisation', '/account/organisation/endorsements', {target: '/communities/js-vet', comment: 'Good.'});
    assert.equal(refusedEarly.status, 409);
    assert.match(alertText(refusedEarly.text), /has no issuer yet/);
    const before = await account('acme');
    for (const fields of [{slug: 'Not A Slug', name: 'ACME'}, {slug: 'acme', name: SCRIPT}, {slug: 'acme', name: 'ACME', url: 'javascript:alert(1)'}, {slug: 'acme', name: 'x'.repeat(600)}]) {
      const refused = await submit(acme, '/account/organisation', '/account/organisation/issuer', {url: '', description: '', ...fields});
      assert.equal(refused.status, 400, JSON.stringify(fields));
      assert.ok(alertText(refused.text), 'says why');
    }
    assert.deepEqual(await account('acme'), before);
    const got = await submit(acme, '/account/organisation', '/account/organisation/issuer', {slug: 'acme', name: 'ACME Corp', url: 'https://acme.example', description: ''});
    assert.equal(got.status, 303, got.text.slice(0, 400));
    assert.equal((await account('acme')).issuer, 'acme');
    const sessions = await t.hallmark.services.auth.sessions.list('acme');
    assert.deepEqual(sessions.map((session) => session.issuerSlug), ['acme'], 'the live session acts for the new issuer without signing in again');

    const endorse = (fields: Record<string, string>) => submit(acme, '/account/organisation', '/account/organisation/endorsements', fields);
    const community = await endorse({target: '/communities/js-vet', comment: 'We rely on its reviews.'});
    assert.equal(community.status, 201, alertText(community.text) || community.text.slice(0, 300));
    assert.match(community.text, /See the endorsement/);
    const issuerDid = (await t.http.get('/issuers/js-vet').set('Accept', 'application/json')).body.id as string;
    const listed = (await t.http.get(`/api/v1/endorsements?target=${encodeURIComponent(issuerDid)}`)).body.endorsements;
    assert.equal(listed.length, 1);
    const published = await t.http.post('/api/v1/communities/js-vet/policies').set(t.admin).send({name: 'one-review', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const policyUrl = `${t.hallmark.services.urls.base}/communities/js-vet/policies/one-review/versions/1`;
    assert.equal((await endorse({target: '/communities/js-vet/policies/one-review/versions/1', comment: 'A sound policy.'})).status, 201);
    assert.equal((await t.http.get(`/api/v1/endorsements?target=${encodeURIComponent(policyUrl)}`)).body.endorsements.length, 1);
    const reviewer = await endorse({target: `${t.hallmark.services.urls.base}/reviewers/bob`, comment: 'Bob knows npm.'});
    assert.equal(reviewer.status, 201);
    assert.equal((await t.http.get(`/api/v1/endorsements?target=${encodeURIComponent(`${t.hallmark.services.urls.base}/reviewers/bob`)}`)).body.endorsements.length, 1);
  });

  it('refuses a bad endorsement with a clear message and issues nothing', async () => {
    const issuerDid = (await t.http.get('/issuers/js-vet').set('Accept', 'application/json')).body.id as string;
    const count = async () => (await t.http.get(`/api/v1/endorsements?target=${encodeURIComponent(issuerDid)}`)).body.endorsements.length as number;
    const before = await count();
    const endorse = (fields: Record<string, string>) => submit(acme, '/account/organisation', '/account/organisation/endorsements', fields);
    for (const fields of [
      {target: 'https://elsewhere.example/communities/js-vet', comment: 'x'},
      {target: '/communities/no-such', comment: 'x'},
      {target: '/communities/js-vet/policies/none/versions/1', comment: 'x'},
      {target: '/reviewers/acme', comment: 'an organisation is not a reviewer'},
      {target: '/communities/js-vet', comment: SCRIPT},
      {target: '/communities/js-vet', comment: ''},
    ]) {
      const refused = await endorse(fields);
      assert.equal(refused.status, 400, `${JSON.stringify(fields)}: ${refused.status}`);
      assert.ok(alertText(refused.text), 'says why');
      assert.doesNotMatch(refused.text, /<script>alert/);
    }
    const forged = await acme.post('/account/organisation/endorsements').type('form').send({_csrf: 'forged', target: '/communities/js-vet', comment: 'x'});
    assert.equal(forged.status, 403);
    const person = await bob.post('/account/organisation/endorsements').type('form').send({_csrf: await tokenFrom(bob, '/account'), target: '/communities/js-vet', comment: 'x'});
    assert.equal(person.status, 403);
    assert.equal(await count(), before);
  });
});
