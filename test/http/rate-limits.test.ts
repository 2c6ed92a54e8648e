import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {ADMIN_TOKEN, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

describe('rate limits at the HTTP edge', () => {
  let t: TestHallmark;
  let credential: Record<string, unknown>;
  before(async () => {
    t = await startHallmark({HALLMARK_RATE_LIMITS: 'token-failures=4/10m,verify=3/1m'});
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
  });
  after(() => t.close());

  it('refuses verification past the allowance with 429 and Retry-After, on every verify endpoint', async () => {
    for (let n = 0; n < 3; n++) {
      const response = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
      assert.equal(response.status, 200);
    }
    const vcApi = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(vcApi.status, 429);
    assert.equal(vcApi.body.error.kind, 'rate-limited');
    const retryAfter = Number(vcApi.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, vcApi.headers['retry-after']);

    const inspect = await t.http.post('/api/v1/verify').send({text: JSON.stringify(credential)});
    assert.equal(inspect.status, 429, 'one budget for every way of asking for a verification');
    assert.ok(inspect.headers['retry-after']);
    const page = await t.http.post('/verify').set('Accept', 'text/html').field('text', JSON.stringify(credential));
    assert.equal(page.status, 429);
    assert.match(page.headers['content-type'], /text\/html/);
    assert.ok(page.headers['retry-after']);

    // Reading is not verifying: the credential and its badge stay available.
    assert.equal((await t.http.get(`/credentials/${String(credential.id).split(':').pop()}`).set('Accept', 'application/json')).status, 200);
  });

  it('stops wrong-token guessing from an address, without counting good tokens or anonymous reads', async () => {
    const good = await t.http.get('/api/v1/admin/tokens').set(t.admin);
    assert.equal(good.status, 200);
    const tokensBefore = good.body;
    for (let n = 0; n < 4; n++) {
      const wrong = await t.http.get('/api/v1/admin/tokens').set('Authorization', `Bearer hm_guess${n}_${'x'.repeat(40)}`);
      assert.equal(wrong.status, 401);
    }
    const malformed = await t.http.get('/api/v1/admin/tokens').set('Authorization', 'Basic abc');
    assert.equal(malformed.status, 429, 'a malformed header after the allowance is refused too');
    const guess = await t.http.post('/api/v1/admin/tokens').set('Authorization', `Bearer hm_${'y'.repeat(43)}`).send({label: 'sneaky'});
    assert.equal(guess.status, 429);
    assert.ok(Number(guess.headers['retry-after']) > 60, 'the window is ten minutes');
    const blockedAdmin = await t.http.get('/api/v1/admin/tokens').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    assert.equal(blockedAdmin.status, 429, 'while the address is blocked, even a right token waits: no oracle for guesses');
    assert.equal((await t.http.get('/issuers/acme')).status, 200, 'anonymous requests are not affected');

    await t.hallmark.services.limits.limiter('token-failures').reset('ip:127.0.0.1');
    const after = await t.http.get('/api/v1/admin/tokens').set(t.admin);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body, tokensBefore, 'no token was created by a refused request');
  });
});
