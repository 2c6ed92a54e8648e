import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, formTokens, invite, PASSWORD, submit, tokenFrom, type Agent} from '../helpers/web.ts';

const SCRIPT = '<script>alert(1)</script>';

async function tokenCount(t: TestHallmark, handle: string): Promise<number> {
  return (await t.http.get(`/api/v1/accounts/${handle}/tokens`).set(t.admin)).body.tokens.length as number;
}

describe('forms refuse what they must, say why, and change nothing', () => {
  let t: TestHallmark;
  let alice: Agent;
  let bob: Agent;
  before(async () => {
    t = await startHallmark();
    alice = browserAgent(t);
    bob = browserAgent(t);
    await acceptInvitation(alice, await invite(t, {foundCommunities: true}), 'alice');
    await acceptInvitation(bob, await invite(t), 'bob');
  });
  after(async () => t.close());

  it('refuses a form without its token, with a forged or altered one, and a replayed one', async () => {
    const missing = await alice.post('/account/tokens').type('form').send({label: 'no token'});
    assert.equal(missing.status, 403);
    assert.match(missing.headers['content-type'], /text\/html/);
    assert.match(alertText(missing.text), /missing its security token/);

    const bobsToken = await tokenFrom(bob, '/account', 1);
    const forged = await alice.post('/account/tokens').type('form').send({_csrf: bobsToken, label: 'forged'});
    assert.equal(forged.status, 403);
    assert.match(alertText(forged.text), /does not belong to your session/);

    const mine = await tokenFrom(alice, '/account', 1);
    const altered = await alice.post('/account/tokens').type('form').send({_csrf: `${mine.slice(0, -2)}AA`, label: 'altered'});
    assert.equal(altered.status, 403);

    const first = await alice.post('/account/tokens').type('form').send({_csrf: mine, label: 'once'});
    assert.equal(first.status, 201);
    const replayed = await alice.post('/account/tokens').type('form').send({_csrf: mine, label: 'once'});
    assert.equal(replayed.status, 403);
    assert.match(alertText(replayed.text), /already sent once/);
    assert.equal(await tokenCount(t, 'alice'), 1, 'only the one good submission made a token');

    // Signing out is a state change too: another site cannot sign you out.
    const crossSiteSignOut = await alice.post('/sign-out').type('form').send({});
    assert.equal(crossSiteSignOut.status, 403);
    assert.equal((await alice.get('/account')).status, 200, 'still signed in');

    // A form sent with no cookie at all (not from our page) cannot be checked.
    const bare = await t.http.post('/sign-in').type('form').send({_csrf: mine, handle: 'alice', password: PASSWORD});
    assert.equal(bare.status, 403);
    assert.match(alertText(bare.text), /no session or form cookie/);
  });

  it('a token made before sign-out is refused after it', async () => {
    const agent = browserAgent(t);
    await acceptInvitation(agent, await invite(t), 'sally');
    const page = await agent.get('/account');
    const [signOut, , labelForm] = formTokens(page.text);
    assert.equal((await agent.post('/sign-out').type('form').send({_csrf: signOut})).status, 303);
    const late = await agent.post('/account/tokens').type('form').send({_csrf: labelForm, label: 'late'});
    assert.notEqual(late.status, 201);
    assert.equal(await tokenCount(t, 'sally'), 0);
  });

  it('refuses a script in every text field of the invitation form and keeps the invitation open', async () => {
    const link = await invite(t);
    const agent = browserAgent(t);
    for (const [field, values] of Object.entries({
      handle: {handle: SCRIPT, name: 'Eve'},
      name: {handle: 'eve', name: SCRIPT},
    })) {
      const refused = await submit(agent, link, link, {...values, password: PASSWORD, confirm: PASSWORD});
      assert.equal(refused.status, 400, field);
      assert.ok(alertText(refused.text).length > 10, `${field}: a clear message`);
      assert.doesNotMatch(refused.text, /<script>alert/, `${field}: never echoed as markup`);
    }
    const mismatch = await submit(agent, link, link, {handle: 'eve', name: 'Eve', password: PASSWORD, confirm: `${PASSWORD}!`});
    assert.equal(mismatch.status, 400);
    assert.match(alertText(mismatch.text), /passwords differ/);
    const short = await submit(agent, link, link, {handle: 'eve', name: 'Eve', password: 'short', confirm: 'short'});
    assert.equal(short.status, 400);
    assert.match(alertText(short.text), /at least 10 characters/);
    assert.equal((await t.http.get('/api/v1/accounts/eve')).status, 404);
    assert.equal((await agent.get(link)).status, 200, 'the invitation is still open');
  });

  it('refuses a script in every field of the found-a-community form and founds nothing', async () => {
    const good = {name: 'Guild', slug: 'guild', description: 'We vet.', ecosystems: 'npm'};
    for (const field of Object.keys(good) as Array<keyof typeof good>) {
      const refused = await submit(alice, '/communities/new', '/communities/new', {...good, [field]: SCRIPT});
      assert.equal(refused.status, 400, field);
      assert.ok(alertText(refused.text).length > 10, `${field}: ${alertText(refused.text)}`);
      assert.doesNotMatch(refused.text, /<script>alert/);
    }
    assert.equal((await t.http.get('/api/v1/communities/guild')).status, 404);
    const made = await submit(alice, '/communities/new', '/communities/new', good);
    assert.equal(made.status, 303);
    assert.equal(made.headers.location, '/communities/guild');
    const community = await t.http.get('/api/v1/communities/guild');
    assert.deepEqual(community.body.roles, [{handle: 'alice', role: 'steward'}], 'the founder is its steward');
  });

  it('refuses a script in a token label and in an invitation note', async () => {
    const label = await submit(alice, '/account', '/account/tokens', {label: SCRIPT}, 1);
    assert.equal(label.status, 400);
    assert.match(alertText(label.text), /may not contain/);
    assert.equal(await tokenCount(t, 'alice'), 1);
    if ((await t.http.get('/api/v1/communities/guild')).status === 404) await submit(alice, '/communities/new', '/communities/new', {name: 'Guild', slug: 'guild', description: '', ecosystems: ''});
    const note = await submit(alice, '/communities/guild/invitations', '/communities/guild/invitations', {role: 'auditor', note: SCRIPT, days: '7'});
    assert.equal(note.status, 400);
    assert.doesNotMatch(note.text, /<script>alert/);
    const listed = await alice.get('/api/v1/communities/guild/invitations').set('Accept', 'application/json');
    assert.equal(listed.body.invitations.length, 0);
  });

  it('refuses oversized, repeated and too many fields with a 400', async () => {
    const token = await tokenFrom(alice, '/account', 1);
    const long = await alice.post('/account/tokens').type('form').send({_csrf: token, label: 'x'.repeat(600)});
    assert.equal(long.status, 400);
    assert.match(alertText(long.text), /at most 500 characters/);
    const repeated = await alice.post('/account/tokens').type('form').send(`_csrf=${encodeURIComponent(await tokenFrom(alice, '/account', 1))}&label=a&label=b`);
    assert.equal(repeated.status, 400);
    const many = await alice.post('/account/tokens').type('form').send(Array.from({length: 300}, (_, i) => `f${i}=x`).join('&'));
    assert.equal(many.status, 400);
    assert.equal(await tokenCount(t, 'alice'), 1);
  });

  it('founding needs the right an admin invitation gives', async () => {
    const refused = await submit(bob, '/communities/new', '/communities/new', {name: 'Bobs', slug: 'bobs', description: '', ecosystems: ''});
    assert.equal(refused.status, 403);
    assert.match(alertText(refused.text), /only the admin or a person an admin invited to found communities may found a community/);
    assert.equal((await t.http.get('/api/v1/communities/bobs')).status, 404);
    const api = await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'by-admin', name: 'By admin'});
    assert.equal(api.status, 201, 'the admin token still founds communities through the API');
  });
});

describe('stewards invite into their community; open communities let people join', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(async () => t.close());

  it('a steward invites an auditor; the link makes an account holding that role', async () => {
    const steward = browserAgent(t);
    await acceptInvitation(steward, await invite(t, {foundCommunities: true}), 'stew');
    await submit(steward, '/communities/new', '/communities/new', {name: 'Rust vetters', slug: 'rust-vet', description: '', ecosystems: 'cargo'});
    const community = await steward.get('/communities/rust-vet');
    assert.match(community.text, /Invite people/);
    const made = await submit(steward, '/communities/rust-vet/invitations', '/communities/rust-vet/invitations', {role: 'auditor', note: 'Ada from Org A', days: '3'});
    assert.equal(made.status, 201);
    const url = /<code class="secret">([^<]+)<\/code>/.exec(made.text)?.[1] ?? '';
    const link = new URL(url).pathname;
    const ada = browserAgent(t);
    const page = await ada.get(link);
    assert.match(page.text, /the auditor role in Rust vetters/);
    const accepted = await acceptInvitation(ada, link, 'ada');
    assert.equal(accepted.headers.location, '/communities/rust-vet');
    const roles = (await t.http.get('/api/v1/communities/rust-vet')).body.roles as Array<{handle: string; role: string}>;
    assert.deepEqual(roles.find((role) => role.handle === 'ada'), {handle: 'ada', role: 'auditor'});
    const history = (await t.http.get('/api/v1/communities/rust-vet/roles/history')).body.history as Array<{handle: string; by: string}>;
    assert.equal(history.find((grant) => grant.handle === 'ada')?.by, 'stew', 'the grant names who invited');
    const list = await steward.get('/communities/rust-vet/invitations');
    assert.match(list.text, /accepted by ada/);

    // Not a steward: no invitations of this community, not even the page.
    assert.equal((await ada.get('/communities/rust-vet/invitations')).status, 403);
    const apiRefused = await t.http.post('/api/v1/invitations').set(t.admin).send({community: 'rust-vet'});
    assert.equal(apiRefused.status, 400, 'a community needs a role');
  });

  it('an open community shows a join button to a signed-in person, who joins as member', async () => {
    await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'open-vet', name: 'Open vetters', membership: 'open'});
    const joe = browserAgent(t);
    await acceptInvitation(joe, await invite(t), 'joe');
    const joined = await submit(joe, '/communities/open-vet', '/communities/open-vet/join', {});
    assert.equal(joined.status, 303);
    assert.deepEqual((await t.http.get('/api/v1/communities/open-vet')).body.roles, [{handle: 'joe', role: 'member'}]);
    assert.doesNotMatch((await joe.get('/communities/open-vet')).text, /Join as a member/, 'no button once joined');
    await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'closed-vet', name: 'Closed vetters'});
    assert.doesNotMatch((await joe.get('/communities/closed-vet')).text, /Join as a member/);
    const token = await tokenFrom(joe, '/account', 0);
    const forced = await joe.post('/communities/closed-vet/join').type('form').send({_csrf: token});
    assert.equal(forced.status, 403);
    assert.deepEqual((await t.http.get('/api/v1/communities/closed-vet')).body.roles, []);
  });
});
