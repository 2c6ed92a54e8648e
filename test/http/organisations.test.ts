import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {COMMUNITY, RELEASE, startPolicyFixture} from '../helpers/policy-fixture.ts';
import {accountAuth, createAccount, grantRole, vettingCast, REVIEW, type Auth} from '../helpers/vetting.ts';

async function account(t: TestHallmark, handle: string): Promise<Record<string, unknown>> {
  return (await t.http.get(`/api/v1/accounts/${handle}`)).body as Record<string, unknown>;
}

async function members(t: TestHallmark, organisation: string): Promise<string[]> {
  const response = await t.http.get(`/api/v1/accounts/${organisation}/members`);
  assert.equal(response.status, 200);
  return (response.body.members as Array<{handle: string}>).map((member) => member.handle);
}

test('organisations: only the admin creates them; a steward trying is refused and the handle stays free', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const claimed = await t.http.post('/api/v1/accounts').set(cast.stella).send({handle: 'fsfe', kind: 'organisation', name: 'FSFE'});
    assert.equal(claimed.status, 403);
    assert.match(claimed.body.error.message, /only the admin may create an organisation account/);
    assert.equal((await t.http.get('/api/v1/accounts/fsfe')).status, 404);
    assert.equal((await createAccount(t, 'fsfe', {kind: 'organisation', name: 'FSFE'})).kind, 'organisation');
  } finally {
    await t.close();
  }
});

test('organisations: a steward-named organisation waits for the organisation to confirm; the admin\'s is confirmed at once', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    assert.equal((await account(t, 'alice')).organisationConfirmed, true);
    const created = await t.http.post('/api/v1/accounts').set(cast.stella).send({handle: 'ursula', kind: 'person', name: 'Ursula', organisation: 'org-a'});
    assert.equal(created.status, 201);
    assert.equal(created.body.organisationConfirmed, false);
    assert.deepEqual(await members(t, 'org-a'), ['alice', 'anna', 'stella']);

    const orgA = await accountAuth(t, 'org-a');
    const confirmed = await t.http.put('/api/v1/accounts/org-a/members/ursula').set(orgA);
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.organisationConfirmed, true);
    assert.deepEqual(await members(t, 'org-a'), ['alice', 'anna', 'stella', 'ursula']);
    // Confirming twice changes nothing.
    assert.equal((await t.http.put('/api/v1/accounts/org-a/members/ursula').set(orgA)).status, 200);

    const withdrawn = await t.http.delete('/api/v1/accounts/org-a/members/ursula').set(t.admin);
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.organisationConfirmed, false);
    assert.equal(withdrawn.body.organisation, 'org-a');
    assert.deepEqual(await members(t, 'org-a'), ['alice', 'anna', 'stella']);
  } finally {
    await t.close();
  }
});

test('organisations: other organisations, the person, anonymous callers and malformed handles are refused and nothing changes', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    await t.http.post('/api/v1/accounts').set(cast.stella).send({handle: 'ursula', kind: 'person', name: 'Ursula', organisation: 'org-a'});
    const ursula = await accountAuth(t, 'ursula');
    const orgB = await accountAuth(t, 'org-b');
    const refusals: Array<[string, string, Auth | null, number]> = [
      ['put', '/api/v1/accounts/org-a/members/ursula', orgB, 403],
      ['put', '/api/v1/accounts/org-a/members/ursula', ursula, 403],
      ['put', '/api/v1/accounts/org-a/members/ursula', cast.stella, 403],
      ['put', '/api/v1/accounts/org-a/members/ursula', null, 401],
      ['put', '/api/v1/accounts/org-b/members/ursula', orgB, 409],
      ['put', '/api/v1/accounts/bob/members/ursula', t.admin, 404],
      ['put', '/api/v1/accounts/org-a/members/nobody', t.admin, 404],
      ['put', '/api/v1/accounts/Org-A/members/ursula', t.admin, 400],
      ['put', '/api/v1/accounts/org-a/members/x', t.admin, 400],
      ['put', `/api/v1/accounts/org-a/members/${'u'.repeat(200)}`, t.admin, 400],
      ['put', '/api/v1/accounts/org-a/members/%2e%2e', t.admin, 400],
      ['delete', '/api/v1/accounts/org-a/members/alice', orgB, 403],
      ['get', '/api/v1/accounts/Bad%20Org/members', null, 400],
      ['get', '/api/v1/accounts/alice/members', null, 404],
    ];
    for (const [method, path, auth, status] of refusals) {
      const request = method === 'put' ? t.http.put(path) : method === 'delete' ? t.http.delete(path) : t.http.get(path);
      const response = await (auth ? request.set(auth) : request);
      assert.equal(response.status, status, `${method} ${path} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.ok(response.body.error?.message, `${method} ${path} explains itself`);
    }
    assert.equal((await account(t, 'ursula')).organisationConfirmed, false);
    assert.equal((await account(t, 'alice')).organisationConfirmed, true);
    assert.deepEqual(await members(t, 'org-a'), ['alice', 'anna', 'stella']);
  } finally {
    await t.close();
  }
});

test('organisations: an unconfirmed same-organisation pair counts as independent; once confirmed, the endorsement stops counting', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    // Confirmed colleagues: the default rule ignores anna's endorsement of alice.
    const confirmedReview = (await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW)).body.review;
    const confirmedPair = await t.http.post(`/api/v1/reviews/${confirmedReview.id}/vettings`).set(cast.anna).send({verdict: 'endorse', reviewDigest: confirmedReview.digest});
    assert.equal(confirmedPair.body.review.standing, 'pending');

    // The same pair as a steward vouched for them: unconfirmed, each stands alone.
    for (const handle of ['ursula', 'uma']) {
      const created = await t.http.post('/api/v1/accounts').set(cast.stella).send({handle, kind: 'person', name: handle, organisation: 'org-b'});
      assert.equal(created.status, 201);
    }
    await grantRole(t, 'npm-vet', 'ursula', 'auditor');
    await grantRole(t, 'npm-vet', 'uma', 'senior-auditor');
    const review = (await t.http.post('/api/v1/communities/npm-vet/reviews').set(await accountAuth(t, 'ursula')).send({...REVIEW, purl: 'pkg:npm/left-pad@1.3.1'})).body.review;
    const unconfirmedPair = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(await accountAuth(t, 'uma')).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(unconfirmedPair.body.review.standing, 'accepted');

    // Org B confirms both: the review is re-decided without anyone touching it.
    const orgB = await accountAuth(t, 'org-b');
    assert.equal((await t.http.put('/api/v1/accounts/org-b/members/ursula').set(orgB)).status, 200);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'accepted');
    assert.equal((await t.http.put('/api/v1/accounts/org-b/members/uma').set(orgB)).status, 200);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'pending');

    assert.equal((await t.http.delete('/api/v1/accounts/org-b/members/uma').set(orgB)).status, 200);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'accepted');
  } finally {
    await t.close();
  }
});

test('organisations: distinctOrganisations counts only confirmed organisations, and a confirmation re-evaluates the badge', async () => {
  const t = await startPolicyFixture();
  try {
    const policy = {name: 'two-orgs', title: 'Two organisations reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}]};
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send(policy)).status, 201);
    const evaluate = async () => (await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`).set(t.as.mem).send({purl: RELEASE})).body;
    await t.review('alice');
    await t.review('carol');
    assert.equal((await evaluate()).evaluation.passed, false, 'two confirmed colleagues are one organisation');

    assert.equal((await t.http.delete('/api/v1/accounts/org-a/members/carol').set(t.admin)).status, 200);
    const passed = await evaluate();
    assert.equal(passed.evaluation.passed, true, 'an unconfirmed reviewer stands alone');
    assert.equal(passed.badge.state, 'active');

    assert.equal((await t.http.put('/api/v1/accounts/org-a/members/carol').set(t.admin)).status, 200);
    const svg = async () => String((await t.http.get(`/badges/${COMMUNITY}/pkg:npm/left-pad.svg`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    })).body);
    assert.match(await svg(), /: suspended/, 'confirming the colleague re-evaluated the badge');
    assert.equal((await t.http.delete('/api/v1/accounts/org-a/members/carol').set(t.admin)).status, 200);
    assert.match(await svg(), /: valid/);
  } finally {
    await t.close();
  }
});
