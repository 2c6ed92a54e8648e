import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, invite, submit, tokenFrom, type Agent} from '../helpers/web.ts';
import {createCommunity} from '../helpers/vetting.ts';

const SCRIPT = '<script>alert(1)</script>';

describe('a steward grants and withdraws roles from a form', () => {
  let t: TestHallmark;
  let stella: Agent;
  let bob: Agent;
  before(async () => {
    t = await startHallmark();
    await createCommunity(t, 'js-vet', {name: 'JS vetting'});
    stella = browserAgent(t);
    bob = browserAgent(t);
    await acceptInvitation(stella, await invite(t, {community: 'js-vet', role: 'steward'}), 'stella');
    await acceptInvitation(bob, await invite(t), 'bob');
  });
  after(() => t.close());

  const holders = async () => ((await t.http.get('/api/v1/communities/js-vet')).body.roles as Array<{handle: string; role: string}>).sort((a, b) => a.handle.localeCompare(b.handle));
  const grant = (agent: Agent, fields: Record<string, string>) => submit(agent, '/communities/js-vet/roles', '/communities/js-vet/roles', {handle: 'bob', role: 'auditor', reason: '', ...fields});

  it('grants a role and withdraws it; the history keeps both with their reasons', async () => {
    assert.match((await stella.get('/communities/js-vet')).text, /href="\/communities\/js-vet\/roles">Grant and withdraw roles<\/a>/);
    const granted = await grant(stella, {reason: 'passed the audit course'});
    assert.equal(granted.status, 303, granted.text.slice(0, 400));
    assert.deepEqual(await holders(), [{handle: 'bob', role: 'auditor'}, {handle: 'stella', role: 'steward'}]);
    const page = await stella.get('/communities/js-vet/roles');
    assert.match(page.text, /made bob auditor <span class="muted">\(passed the audit course\)<\/span>/);
    // The withdraw button of bob's row (the grant form's token comes first, then one per row in handle order).
    const token = await tokenFrom(stella, '/communities/js-vet/roles', 1);
    const withdrawn = await stella.post('/communities/js-vet/roles/bob/withdraw').type('form').send({_csrf: token});
    assert.equal(withdrawn.status, 303, withdrawn.text.slice(0, 400));
    assert.deepEqual(await holders(), [{handle: 'stella', role: 'steward'}]);
    assert.match((await stella.get('/communities/js-vet/roles')).text, /withdrew the role of bob/);
  });

  it('refuses bad input with a clear message and grants nothing', async () => {
    const before = await holders();
    const history = (await t.http.get('/api/v1/communities/js-vet/roles/history')).body.history.length;
    const unknown = await grant(stella, {handle: 'nobody-here'});
    assert.equal(unknown.status, 400);
    assert.match(alertText(unknown.text), /no account &#34;nobody-here&#34;/);
    const scripted = await grant(stella, {reason: SCRIPT});
    assert.equal(scripted.status, 400);
    assert.match(alertText(scripted.text), /the reason may not contain &#60; or &#62;/);
    assert.doesNotMatch(scripted.text, /<script>alert/);
    const badHandle = await grant(stella, {handle: SCRIPT});
    assert.equal(badHandle.status, 400);
    const badRole = await grant(stella, {role: 'emperor'});
    assert.equal(badRole.status, 400);
    const oversized = await grant(stella, {reason: 'x'.repeat(3000)});
    assert.equal(oversized.status, 400);
    const noToken = await stella.post('/communities/js-vet/roles').type('form').send({handle: 'bob', role: 'steward'});
    assert.equal(noToken.status, 403);
    assert.match(alertText(noToken.text), /security token/);
    const forged = await stella.post('/communities/js-vet/roles').type('form').send({_csrf: 'forged', handle: 'bob', role: 'steward'});
    assert.equal(forged.status, 403);
    assert.deepEqual(await holders(), before);
    assert.equal((await t.http.get('/api/v1/communities/js-vet/roles/history')).body.history.length, history);
  });

  it('is for stewards only: anyone else is refused and changes nothing', async () => {
    assert.equal((await bob.get('/communities/js-vet/roles')).status, 403);
    const before = await holders();
    const token = await tokenFrom(bob, '/account');
    const refused = await bob.post('/communities/js-vet/roles').type('form').send({_csrf: token, handle: 'bob', role: 'steward'});
    assert.equal(refused.status, 403);
    const signedOut = await browserAgent(t).get('/communities/js-vet/roles');
    assert.equal(signedOut.status, 303);
    assert.match(signedOut.headers.location, /^\/sign-in\?next=/);
    assert.deepEqual(await holders(), before);
  });
});
