import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {rm} from 'node:fs/promises';
import supertest from 'supertest';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {ADMIN_TOKEN, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, accountAuth, createAccount, vettingCast, type Auth} from '../helpers/vetting.ts';

const RELEASE = 'pkg:npm/left-pad@1.3.0';
const REQUEST = {purl: RELEASE, source: 'https://github.com/left-pad/left-pad/tree/v1.3.0', note: 'First release with the new loop.'};

describe('review requests', () => {
  let t: TestHallmark;
  let cast: Awaited<ReturnType<typeof vettingCast>>;
  let maintainer: Auth;
  before(async () => {
    t = await startHallmark();
    cast = await vettingCast(t);
    await createAccount(t, 'mia');
    maintainer = await accountAuth(t, 'mia');
  });
  after(() => t.close());

  const openRequests = async () => (await t.http.get('/api/v1/communities/npm-vet/review-requests')).body.requests as Array<Record<string, unknown>>;

  it('a maintainer without any role asks for a review; it is listed for the community until a review of that release covers it', async () => {
    const created = await t.http.post('/api/v1/communities/npm-vet/review-requests').set(maintainer).send(REQUEST);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.location, `/api/v1/review-requests/${created.body.id}`);
    assert.deepEqual({...created.body, id: 'x', createdAt: 'x'}, {id: 'x', createdAt: 'x', community: 'npm-vet', purl: RELEASE, package: 'pkg:npm/left-pad', source: REQUEST.source, note: REQUEST.note, requester: 'mia', state: 'open'});
    assert.deepEqual((await openRequests()).map((request) => request.id), [created.body.id]);

    const again = await t.http.post('/api/v1/communities/npm-vet/review-requests').set(cast.bob).send({purl: 'pkg:npm/left-pad@1.3.0', source: 'https://example.org'});
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, new RegExp(`already requested .*${created.body.id}`));

    // A review of another version, or a violation report, does not answer the request.
    const other = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, purl: 'pkg:npm/left-pad@1.2.0'});
    assert.equal(other.status, 201);
    const violation = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, kind: 'violation', range: 'vers:npm/>=1.0.0|<2.0.0', rating: 'negative'});
    assert.equal(violation.status, 201, JSON.stringify(violation.body));
    assert.equal((await openRequests()).length, 1);

    const review = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob).send(REVIEW);
    assert.equal(review.status, 201);
    assert.deepEqual(await openRequests(), []);
    const closed = await t.http.get(created.headers.location);
    assert.equal(closed.body.state, 'closed');
    assert.equal(closed.body.closedByReview, review.body.review.id);
    assert.deepEqual((await t.http.get('/api/v1/communities/npm-vet/review-requests?state=closed')).body.requests.map((request: {id: string}) => request.id), [created.body.id]);
    // A new request for the same release may follow (a policy may need a second review).
    const second = await t.http.post('/api/v1/communities/npm-vet/review-requests').set(maintainer).send(REQUEST);
    assert.equal(second.status, 201);
    assert.equal((await t.http.post(`/api/v1/review-requests/${second.body.id}/withdraw`).set(maintainer).send({reason: 'asked twice'})).status, 200);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = (await t.http.get('/api/v1/communities/npm-vet/review-requests?state=withdrawn')).body.requests.length;
    const cases: Array<[Auth | null, unknown, number, RegExp]> = [
      [null, REQUEST, 401, /bearer token/],
      [t.admin, REQUEST, 403, /account token/],
      [maintainer, {...REQUEST, purl: 'pkg:npm/left-pad'}, 400, /version/],
      [maintainer, {...REQUEST, purl: 'pkg:cargo/serde@1.0.0'}, 400, /npm/],
      [maintainer, {...REQUEST, purl: 'not a purl'}, 400, /purl/],
      [maintainer, {...REQUEST, source: 'javascript:alert(1)'}, 400, /source/],
      [maintainer, {purl: RELEASE}, 400, /source/],
      [maintainer, {...REQUEST, note: 'x'.repeat(5001)}, 400, /note/],
      [maintainer, {...REQUEST, requester: 'alice'}, 400, /requester/],
      [maintainer, [REQUEST], 400, /object/],
    ];
    for (const [auth, body, status, message] of cases) {
      const request = t.http.post('/api/v1/communities/npm-vet/review-requests');
      const response = await (auth ? request.set(auth) : request).send(body as object);
      assert.equal(response.status, status, `${JSON.stringify(body).slice(0, 80)} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.match(JSON.stringify(response.body.error), message);
    }
    assert.equal((await t.http.post('/api/v1/communities/no-such/review-requests').set(maintainer).send(REQUEST)).status, 404);
    assert.equal((await t.http.get('/api/v1/communities/npm-vet/review-requests?state=everything')).status, 400);
    assert.equal((await t.http.get('/api/v1/review-requests/not-a-uuid')).status, 400);
    assert.equal((await t.http.get(`/api/v1/review-requests/${randomUUID()}`)).status, 404);
    assert.deepEqual(await openRequests(), []);
    assert.equal((await t.http.get('/api/v1/communities/npm-vet/review-requests?state=withdrawn')).body.requests.length, before);
  });

  it('the requester or a steward withdraws an open request; others cannot, and a request ends once', async () => {
    const created = (await t.http.post('/api/v1/communities/npm-vet/review-requests').set(maintainer).send({...REQUEST, purl: 'pkg:npm/left-pad@2.0.0'})).body;
    const stranger = await t.http.post(`/api/v1/review-requests/${created.id}/withdraw`).set(cast.alice).send({});
    assert.equal(stranger.status, 403);
    assert.equal((await t.http.post(`/api/v1/review-requests/${created.id}/withdraw`).set(cast.stella).send({reason: 'x'.repeat(2001)})).status, 400);
    assert.equal((await openRequests()).length, 1);
    const withdrawn = await t.http.post(`/api/v1/review-requests/${created.id}/withdraw`).set(cast.stella).send({reason: 'not ours to review'});
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.state, 'withdrawn');
    assert.equal(withdrawn.body.withdrawnBy, 'stella');
    assert.equal((await t.http.post(`/api/v1/review-requests/${created.id}/withdraw`).set(maintainer).send({})).status, 409);
    assert.deepEqual(await openRequests(), []);
  });
});

describe('a review request whose close was lost to a crash', () => {
  it('is closed on the next read, and by the sweep at start', async () => {
    const first = await startHallmark();
    const dataDir = first.dataDir;
    let second: Awaited<ReturnType<typeof createHallmark>> | null = null;
    let firstOpen = true;
    try {
      const cast = await vettingCast(first);
      await createAccount(first, 'mia');
      const mia = await accountAuth(first, 'mia');
      const one = (await first.http.post('/api/v1/communities/npm-vet/review-requests').set(mia).send(REQUEST)).body;
      const two = (await first.http.post('/api/v1/communities/npm-vet/review-requests').set(mia).send({...REQUEST, purl: 'pkg:npm/left-pad@1.4.0'})).body;
      // The crash: reviews are stored, and the process dies before the requests are closed.
      const {vetting, store} = first.hallmark.services;
      for (const purl of [RELEASE, 'pkg:npm/left-pad@1.4.0']) {
        const reviews = await store.collection<{id: string}>({name: 'vetting_reviews', indexes: []});
        const template = (await first.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, purl: 'pkg:npm/left-pad@0.0.1'})).body.review;
        await reviews.insert({...template, id: randomUUID(), purl, createdAt: new Date().toISOString()});
      }
      assert.equal((await first.hallmark.services.store.collection<{id: string; state: string}>({name: 'vetting_review_requests', indexes: []}).then((c) => c.get(one.id)))?.doc.state, 'open');
      // Read: the request is answered as it really is, and stays so.
      assert.equal((await first.http.get(`/api/v1/review-requests/${one.id}`)).body.state, 'closed');
      assert.equal((await vetting.requests.get(one.id)).state, 'closed');
      await first.hallmark.close();
      firstOpen = false;
      // Start: the sweep closes the other one before anyone reads it.
      second = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN}));
      const requests = await second.services.store.collection<{id: string; state: string}>({name: 'vetting_review_requests', indexes: []});
      assert.equal((await requests.get(two.id))?.doc.state, 'closed');
      assert.deepEqual((await supertest(second.app).get('/api/v1/communities/npm-vet/review-requests')).body.requests, []);
    } finally {
      if (firstOpen) await first.hallmark.close();
      await second?.close();
      await rm(dataDir, {recursive: true, force: true});
    }
  });
});
