/** HALLMARK_FEDERATION=off: no actors, no inboxes, no federation API, and nothing announced. */
import assert from 'node:assert/strict';
import {after, before, it} from 'node:test';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

let t: TestHallmark;
before(async () => {
  t = await startHallmark({HALLMARK_FEDERATION: 'off'});
  await t.hallmark.services.vetting.communities.create({slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm']});
});
after(() => t.close());

it('serves no WebFinger, NodeInfo, actor or inbox, and refuses the federation API with 404', async () => {
  assert.equal((await t.http.get('/.well-known/webfinger?resource=acct:js-vet@localhost:3000')).status, 404);
  assert.equal((await t.http.get('/.well-known/nodeinfo')).status, 404);
  const actor = await t.http.get('/communities/js-vet').set('accept', 'application/activity+json');
  assert.doesNotMatch(actor.headers['content-type'] ?? '', /activity\+json/);
  assert.equal((await t.http.post('/communities/js-vet/inbox').set('content-type', 'application/activity+json').send('{}')).status, 404);
  assert.equal((await t.http.get('/api/v1/federation/peers').set(t.admin)).status, 404);
  assert.equal((await t.http.post('/api/v1/communities/js-vet/following').set(t.admin).send({actor: 'https://a.example/x'})).status, 404);
  assert.equal((await t.http.get('/api/v1/communities/js-vet/imports')).status, 404);
});
