import {test} from 'node:test';
import assert from 'node:assert/strict';
import {MAX_LIVE_TOKENS} from '../../src/auth/tokens.ts';
import {startHallmark, BADGE} from '../helpers/hallmark.ts';
import {accountAuth, createAccount, createCommunity, grantRole, vettingCast} from '../helpers/vetting.ts';

test('accounts: the admin or a steward creates them; anyone else is refused and nothing is written', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet');
    const byAdmin = await createAccount(t, 'carol', {didKey: true});
    assert.match(String(byAdmin.did), /^did:key:z6Mk/);
    assert.equal((byAdmin as Record<string, unknown>).sealedSecretKey, undefined);

    const bySteward = await t.http.post('/api/v1/accounts').set(cast.stella).send({handle: 'dave', kind: 'person', name: 'Dave', organisation: 'org-b'});
    assert.equal(bySteward.status, 201);
    assert.equal(bySteward.body.organisation, 'org-b');

    const byAuditor = await t.http.post('/api/v1/accounts').set(cast.alice).send({handle: 'eve', kind: 'person', name: 'Eve'});
    assert.equal(byAuditor.status, 403);
    const anonymous = await t.http.post('/api/v1/accounts').send({handle: 'eve', kind: 'person', name: 'Eve'});
    assert.equal(anonymous.status, 401);
    const stewardGivesIssuer = await t.http.post('/api/v1/accounts').set(cast.stella).send({handle: 'eve', kind: 'organisation', name: 'Eve Org', issuer: 'npm-vet'});
    assert.equal(stewardGivesIssuer.status, 403);
    assert.equal((await t.http.get('/api/v1/accounts/eve')).status, 404);

    const read = await t.http.get('/api/v1/accounts/alice');
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.roles, [{community: 'npm-vet', role: 'auditor'}]);
  } finally {
    await t.close();
  }
});

test('accounts: malformed, contradictory and hostile bodies get a 400 and create nothing', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'org-a', {kind: 'organisation', name: 'Org A'});
    await createAccount(t, 'pat');
    const bodies: Array<[Record<string, unknown> | string, RegExp]> = [
      [{handle: 'Bad Handle', kind: 'person', name: 'x'}, /handle/],
      [{handle: 'x', kind: 'person', name: 'x'}, /handle/],
      [{handle: 'zed', kind: 'robot', name: 'x'}, /kind/],
      [{handle: 'zed', kind: 'person', name: 'x', admin: true}, /admin|additional/],
      [{handle: 'zed', kind: 'person', name: 'x', organisation: 'nobody'}, /organisation/],
      [{handle: 'zed', kind: 'person', name: 'x', organisation: 'pat'}, /organisation/],
      [{handle: 'zed', kind: 'organisation', name: 'x', organisation: 'org-a'}, /organisation/],
      [{handle: 'zed', kind: 'person', name: 'x', issuer: 'acme'}, /issuer/],
      [{handle: 'zed', kind: 'organisation', name: 'x', issuer: 'no-such-issuer'}, /issuer/],
      [{handle: 'zed', kind: 'person', name: 'x'.repeat(201)}, /name/],
      ['{"handle":"zed","kind":"person","name":"x","__proto__":{"admin":true}}', /__proto__/],
      ['{"handle":', /JSON/],
    ];
    for (const [body, mention] of bodies) {
      const response = await t.http.post('/api/v1/accounts').set(t.admin).set('Content-Type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      assert.equal(response.status, 400, `${JSON.stringify(body)} → ${response.status}`);
      assert.match(JSON.stringify(response.body.error), mention);
    }
    const duplicate = await t.http.post('/api/v1/accounts').set(t.admin).send({handle: 'pat', kind: 'person', name: 'Another Pat'});
    assert.equal(duplicate.status, 409);
    assert.equal((await t.http.get('/api/v1/accounts/pat')).body.name, 'Person pat');
    assert.equal((await t.http.get('/api/v1/accounts/zed')).status, 404);
    const huge = await t.http.post('/api/v1/accounts').set(t.admin).send({handle: 'zed', kind: 'person', name: 'x', pad: 'y'.repeat(2 * 1024 * 1024)});
    assert.equal(huge.status, 413);
    assert.equal((await t.http.get('/api/v1/accounts/zed')).status, 404);
  } finally {
    await t.close();
  }
});

test('account tokens: issued by the admin or the account itself, and stored hashed', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'pat');
    await createAccount(t, 'quinn');
    const pat = await accountAuth(t, 'pat');
    const own = await t.http.post('/api/v1/accounts/pat/tokens').set(pat).send({label: 'laptop'});
    assert.equal(own.status, 201);
    assert.deepEqual(own.body.scope, {kind: 'account', handle: 'pat', issuerSlug: null});
    const other = await t.http.post('/api/v1/accounts/quinn/tokens').set(pat).send({});
    assert.equal(other.status, 403);
    const unknown = await t.http.post('/api/v1/accounts/nobody/tokens').set(t.admin).send({});
    assert.equal(unknown.status, 404);
    const hostile = await t.http.post('/api/v1/accounts/pat/tokens').set(t.admin).send({label: 'x', scope: {kind: 'admin'}});
    assert.equal(hostile.status, 400);
    const listed = await t.hallmark.services.tokens.list({kind: 'account', handle: 'pat', issuerSlug: null});
    assert.equal(listed.length, 2);
    // Only hashes are stored: the secret appears nowhere in the tokens collection.
    const stored = await t.hallmark.services.store.collection({name: 'tokens', indexes: [{fields: ['hash'], unique: true}, {fields: ['scopeKey']}]});
    const docs = await stored.find({scopeKey: 'account:pat'});
    assert.ok(docs.every(({doc}) => !JSON.stringify(doc).includes(own.body.token)));
    // An account token cannot use the admin API.
    assert.equal((await t.http.post('/api/v1/issuers').set(pat).send({slug: 'mine', name: 'Mine'})).status, 403);
  } finally {
    await t.close();
  }
});

test('account tokens are listed and revoked by their account or the admin, never by another account, and are capped', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'pat');
    await createAccount(t, 'quinn');
    const pat = await accountAuth(t, 'pat');
    const quinn = await accountAuth(t, 'quinn');
    const laptop = await t.http.post('/api/v1/accounts/pat/tokens').set(pat).send({label: 'laptop'});
    assert.equal(laptop.headers.location, `/api/v1/accounts/pat/tokens/${laptop.body.id}`);
    const listed = await t.http.get('/api/v1/accounts/pat/tokens').set(pat);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.tokens.map((token: {label: string | null}) => token.label), [null, 'laptop']);
    assert.ok(!JSON.stringify(listed.body).includes(laptop.body.token), 'secrets are never listed');
    assert.equal((await t.http.get('/api/v1/accounts/pat/tokens').set(quinn)).status, 403);
    assert.equal((await t.http.get('/api/v1/accounts/pat/tokens')).status, 401);
    assert.equal((await t.http.delete(`/api/v1/accounts/pat/tokens/${laptop.body.id}`).set(quinn)).status, 403);
    assert.equal((await t.http.delete('/api/v1/accounts/pat/tokens/not-a-token-id').set(pat)).status, 400);
    assert.equal((await t.http.delete(`/api/v1/accounts/quinn/tokens/${laptop.body.id}`).set(t.admin)).status, 404, 'a token is revoked only under its own account');

    // Revoked by the account itself: it stops working at once.
    const laptopAuth = {Authorization: `Bearer ${laptop.body.token}`};
    assert.equal((await t.http.get('/api/v1/accounts/pat/tokens').set(laptopAuth)).status, 200);
    assert.equal((await t.http.delete(`/api/v1/accounts/pat/tokens/${laptop.body.id}`).set(pat)).status, 204);
    assert.equal((await t.http.get('/api/v1/accounts/pat/tokens').set(laptopAuth)).status, 401);

    // The admin revokes any account's token.
    const [first] = (await t.http.get('/api/v1/accounts/pat/tokens').set(t.admin)).body.tokens;
    assert.equal((await t.http.delete(`/api/v1/accounts/pat/tokens/${first.id}`).set(t.admin)).status, 204);
    assert.equal((await t.http.get('/api/v1/accounts/pat/tokens').set(pat)).status, 401);
  } finally {
    await t.close();
  }
});

test('one holder cannot mint more than MAX_LIVE_TOKENS live tokens', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'pat');
    const scope = {kind: 'account' as const, handle: 'pat', issuerSlug: null};
    for (let i = 0; i < MAX_LIVE_TOKENS; i++) await t.hallmark.services.tokens.create(scope);
    const refused = await t.http.post('/api/v1/accounts/pat/tokens').set(t.admin).send({});
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /revoke some first/);
    assert.equal((await t.hallmark.services.tokens.list(scope)).length, MAX_LIVE_TOKENS);
  } finally {
    await t.close();
  }
});

test('an organisation that owns an issuer issues through it with its account token, and only through it', async () => {
  const t = await startHallmark();
  try {
    assert.equal((await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'fsfe', name: 'FSFE'})).status, 201);
    assert.equal((await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'other', name: 'Other'})).status, 201);
    const org = await createAccount(t, 'fsfe-org', {kind: 'organisation', name: 'FSFE e.V.', issuer: 'fsfe'});
    assert.equal(org.issuer, 'fsfe');
    const taken = await t.http.post('/api/v1/accounts').set(t.admin).send({handle: 'copycat', kind: 'organisation', name: 'Copycat', issuer: 'fsfe'});
    assert.equal(taken.status, 409);
    const auth = await accountAuth(t, 'fsfe-org');
    const issued = await t.http.post('/issuers/fsfe/credentials/issue').set(auth).send({credential: BADGE});
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const elsewhere = await t.http.post('/issuers/other/credentials/issue').set(auth).send({credential: BADGE});
    assert.equal(elsewhere.status, 403);
    await createAccount(t, 'pat');
    const person = await accountAuth(t, 'pat');
    assert.equal((await t.http.post('/issuers/fsfe/credentials/issue').set(person).send({credential: BADGE})).status, 403);
  } finally {
    await t.close();
  }
});

test('communities: admin only; the community gets an issuer of the same slug; a refused request writes nothing', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'stella');
    const created = await createCommunity(t, 'rust-vet', {
      ecosystems: ['cargo'], guidance: {url: 'https://example.org/guide', text: 'Read build.rs first.'}, membership: 'open',
      acceptance: {endorsements: 2}, milestones: [{id: 'first-review', name: 'First review', description: 'One accepted review', acceptedReviews: 1}],
      stewards: ['stella'],
    });
    assert.deepEqual(created.acceptance, {endorsements: 2, minRole: 'senior-auditor', otherOrganisation: true});
    const issuer = await t.http.get('/issuers/rust-vet');
    assert.equal(issuer.status, 200);
    assert.equal(issuer.body.name, 'rust-vet community');
    const read = await t.http.get('/api/v1/communities/rust-vet');
    assert.deepEqual(read.body.roles, [{handle: 'stella', role: 'steward'}]);
    assert.deepEqual(read.body.criteria.map((c: {name: string}) => c.name), ['safe-to-run', 'safe-to-deploy']);

    const stella = await accountAuth(t, 'stella');
    assert.equal((await t.http.post('/api/v1/communities').set(stella).send({slug: 'mine', name: 'Mine'})).status, 403);
    assert.equal((await t.http.post('/api/v1/communities').send({slug: 'mine', name: 'Mine'})).status, 401);

    const again = await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'rust-vet', name: 'Again'});
    assert.equal(again.status, 409);
    assert.equal((await t.http.get('/api/v1/communities/rust-vet')).body.name, 'rust-vet community');

    const refusals: Array<Record<string, unknown>> = [
      {slug: 'bad', name: 'Bad', stewards: ['nobody']},
      {slug: 'bad', name: 'Bad', ecosystems: ['NPM!']},
      {slug: 'bad', name: 'Bad', acceptance: {endorsements: -1}},
      {slug: 'bad', name: 'Bad', acceptance: {minRole: 'king'}},
      {slug: 'bad', name: 'Bad', membership: 'everyone'},
      {slug: 'bad', name: 'Bad', guidance: {url: 'javascript:alert(1)'}},
      {slug: 'Bad Slug', name: 'Bad'},
      {slug: 'bad', name: 'Bad', milestones: [{id: 'x'}]},
    ];
    for (const body of refusals) {
      const response = await t.http.post('/api/v1/communities').set(t.admin).send(body);
      assert.equal(response.status, 400, `${JSON.stringify(body)} → ${response.status}`);
      assert.ok(response.body.error.problems.length > 0);
    }
    assert.equal((await t.http.get('/api/v1/communities/bad')).status, 404);
    assert.equal((await t.http.get('/issuers/bad')).status, 404);
  } finally {
    await t.close();
  }
});

test('roles: stewards grant and withdraw in their own community only; every change is in the history', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet');
    await createAccount(t, 'tom');
    await createAccount(t, 'ursula');
    await createCommunity(t, 'other', {stewards: ['ursula']});
    const ursula = await accountAuth(t, 'ursula');

    const granted = await t.http.put('/api/v1/communities/npm-vet/roles/tom').set(cast.stella).send({role: 'auditor', reason: 'passed the trial'});
    assert.equal(granted.status, 200);
    assert.equal(granted.body.by, 'stella');

    // Tenancy: the steward of "other" cannot touch npm-vet, nor the other way round.
    const foreign = await t.http.put('/api/v1/communities/npm-vet/roles/tom').set(ursula).send({role: 'steward'});
    assert.equal(foreign.status, 403);
    const foreignWithdraw = await t.http.delete('/api/v1/communities/npm-vet/roles/alice').set(ursula).send({});
    assert.equal(foreignWithdraw.status, 403);
    assert.equal((await t.http.put('/api/v1/communities/other/roles/tom').set(cast.stella).send({role: 'auditor'})).status, 403);
    assert.equal((await t.http.post('/api/v1/communities/npm-vet/criteria').set(ursula).send({name: 'x-crit', description: 'x'})).status, 403);

    const byAuditor = await t.http.put('/api/v1/communities/npm-vet/roles/tom').set(cast.alice).send({role: 'steward'});
    assert.equal(byAuditor.status, 403);
    assert.match(byAuditor.body.error.message, /steward/);
    assert.equal((await t.http.put('/api/v1/communities/npm-vet/roles/org-a').set(cast.stella).send({role: 'auditor'})).status, 400);
    assert.equal((await t.http.put('/api/v1/communities/npm-vet/roles/nobody').set(cast.stella).send({role: 'auditor'})).status, 400);
    assert.equal((await t.http.put('/api/v1/communities/npm-vet/roles/tom').set(cast.stella).send({role: 'emperor'})).status, 400);
    // The same role again is a retry: answered with the standing grant, and nothing is appended to the history.
    const again = await t.http.put('/api/v1/communities/npm-vet/roles/tom').set(cast.stella).send({role: 'auditor'});
    assert.equal(again.status, 200);
    assert.equal(again.body.role, 'auditor');
    assert.equal((await t.http.put('/api/v1/communities/nowhere/roles/tom').set(t.admin).send({role: 'auditor'})).status, 404);

    const withdrawn = await t.http.delete('/api/v1/communities/npm-vet/roles/tom').set(cast.stella).send({reason: 'left'});
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.role, null);
    const withdrawnAgain = await t.http.delete('/api/v1/communities/npm-vet/roles/tom').set(cast.stella).send({});
    assert.equal(withdrawnAgain.status, 200);
    assert.equal(withdrawnAgain.body.role, null);

    const history = (await t.http.get('/api/v1/communities/npm-vet/roles/history')).body.history as Array<{community: string; handle: string; role: string | null; by: string; reason?: string}>;
    const toms = history.filter((grant) => grant.handle === 'tom');
    assert.deepEqual(toms.map((grant) => [grant.role, grant.by, grant.reason]), [['auditor', 'stella', 'passed the trial'], [null, 'stella', 'left']]);
    assert.equal(await t.hallmark.services.vetting.roles.currentRole('npm-vet', 'tom'), null);
    assert.ok(!history.some((grant) => grant.community !== 'npm-vet'));
  } finally {
    await t.close();
  }
});

test('roles: in an open community an account joins itself as member, and no further', async () => {
  const t = await startHallmark();
  try {
    await createAccount(t, 'vic');
    await createCommunity(t, 'open-vet', {membership: 'open'});
    await createCommunity(t, 'closed-vet');
    const vic = await accountAuth(t, 'vic');
    assert.equal((await t.http.put('/api/v1/communities/open-vet/roles/vic').set(vic).send({role: 'member'})).status, 200);
    assert.equal((await t.http.put('/api/v1/communities/open-vet/roles/vic').set(vic).send({role: 'auditor'})).status, 403);
    assert.equal((await t.http.put('/api/v1/communities/closed-vet/roles/vic').set(vic).send({role: 'member'})).status, 403);
  } finally {
    await t.close();
  }
});

test('criteria: built-ins, custom ones with implied closure; unknown implied names and cycles are refused', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet');
    const defined = await t.http.post('/api/v1/communities/npm-vet/criteria').set(cast.stella).send({name: 'crypto-reviewed', description: 'Cryptography checked by an expert', implies: ['safe-to-deploy']});
    assert.equal(defined.status, 201);
    assert.deepEqual(defined.body.closure, ['crypto-reviewed', 'safe-to-deploy', 'safe-to-run']);
    assert.equal(defined.headers.location, '/api/v1/communities/npm-vet/criteria/crypto-reviewed');
    const located = await t.http.get(defined.headers.location);
    assert.equal(located.status, 200);
    assert.equal(located.body.description, 'Cryptography checked by an expert');
    assert.equal((await t.http.get('/api/v1/communities/npm-vet/criteria/no-such-criterion')).status, 404);
    assert.deepEqual(await t.hallmark.services.vetting.criteria.closure('npm-vet', ['safe-to-deploy']), ['safe-to-deploy', 'safe-to-run']);

    const refusals: Array<[Record<string, unknown>, number]> = [
      [{name: 'loopy', description: 'x', implies: ['loopy']}, 400],
      [{name: 'dangling', description: 'x', implies: ['no-such-criterion']}, 400],
      [{name: 'safe-to-run', description: 'redefined'}, 409],
      [{name: 'crypto-reviewed', description: 'again'}, 409],
      [{name: 'Bad Name', description: 'x'}, 400],
      [{name: 'nodesc'}, 400],
    ];
    for (const [body, status] of refusals) {
      const response = await t.http.post('/api/v1/communities/npm-vet/criteria').set(cast.stella).send(body);
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
    }
    assert.equal((await t.http.post('/api/v1/communities/npm-vet/criteria').set(cast.alice).send({name: 'mine', description: 'x'})).status, 403);
    const listed = (await t.http.get('/api/v1/communities/npm-vet/criteria')).body.criteria.map((c: {name: string}) => c.name);
    assert.deepEqual(listed, ['safe-to-run', 'safe-to-deploy', 'crypto-reviewed']);
  } finally {
    await t.close();
  }
});

test('a withdrawn steward loses the power to grant', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet');
    await createAccount(t, 'wes');
    await t.http.delete('/api/v1/communities/npm-vet/roles/stella').set(t.admin).send({reason: 'stepped down'});
    assert.equal((await t.http.put('/api/v1/communities/npm-vet/roles/wes').set(cast.stella).send({role: 'member'})).status, 403);
    await grantRole(t, 'npm-vet', 'wes', 'member');
  } finally {
    await t.close();
  }
});
