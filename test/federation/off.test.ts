/** HALLMARK_FEDERATION=off serves no federation; a public URL with a path prefix puts every actor route under it. */
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

it('serves actors under the public URL\'s path prefix, with ids that carry it', async () => {
  const prefixed = await startHallmark({HALLMARK_PUBLIC_URL: 'https://x.example/hallmark'});
  try {
    await prefixed.hallmark.services.vetting.communities.create({slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm']});
    const actor = await prefixed.http.get('/hallmark/communities/js-vet').set('accept', 'application/activity+json');
    assert.equal(actor.status, 200);
    assert.equal(actor.body.id, 'https://x.example/hallmark/communities/js-vet');
    assert.equal(actor.body.inbox, 'https://x.example/hallmark/communities/js-vet/inbox');
    const instance = await prefixed.http.get('/hallmark/actor').set('accept', 'application/activity+json');
    assert.equal(instance.body.id, 'https://x.example/hallmark/actor');
    const page = await prefixed.http.get('/hallmark/communities/js-vet').set('accept', 'text/html');
    assert.match(page.headers['content-type'], /html/);
  } finally {
    await prefixed.close();
  }
});
