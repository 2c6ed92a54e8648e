/**
 * The inbox against other servers' signatures, over real HTTP: requests
 * signed the way Mastodon and GoToSocial sign them are accepted; unsigned,
 * tampered, stale, replayed, wrongly attributed, oversized and blocked ones
 * are refused and change nothing; and what Hallmark sends satisfies both
 * servers' rules for accepting a signature.
 */
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {after, before, describe, it} from 'node:test';
import {eventually, startInstance, type Instance} from './instances.ts';
import {signatureRuleBroken, startRemoteServer, type RemoteServer, type SignatureStyle} from './remote-server.ts';

let a: Instance;
let remote: RemoteServer;
let inbox = '';

before(async () => {
  [a, remote] = await Promise.all([startInstance('A', 'js-vet', {HALLMARK_RATE_LIMITS: 'inbox=30/1m'}), startRemoteServer()]);
  inbox = `${a.actor('js-vet')}/inbox`;
});

after(async () => {
  await Promise.all([a?.close(), remote?.close()]);
});

function followFrom(name: string, actor = remote.actor(name)): string {
  return JSON.stringify({'@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.base}/activities/${randomUUID()}`, type: 'Follow', actor, object: a.actor('js-vet')});
}

async function post(body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(inbox, {method: 'POST', headers, body});
  await response.arrayBuffer();
  return response.status;
}

async function followers(): Promise<Array<{id: string; actor: string; state: string}>> {
  return (await a.t.http.get('/api/v1/communities/js-vet/followers').set(a.as.stew)).body.followers;
}

describe('signatures other servers make', () => {
  for (const style of ['mastodon', 'gotosocial'] as SignatureStyle[]) {
    it(`accepts a Follow signed the way ${style} signs (draft-cavage, Digest), from an unknown host: it waits for a steward`, async () => {
      const body = followFrom(`${style}-user`);
      assert.equal(await post(body, remote.signPost(style, `${style}-user`, inbox, body)), 202);
      const request = await eventually('the follow request', async () => (await followers()).find((one) => one.actor === remote.actor(`${style}-user`)));
      assert.equal(request.state, 'pending', 'allowlist mode: an unknown host\'s follow waits');
    });
  }

  it('what Hallmark sends (the Accept) satisfies Mastodon\'s and GoToSocial\'s signature rules', async () => {
    const request = (await followers()).find((one) => one.actor === remote.actor('mastodon-user'));
    assert.ok(request);
    const accepted = await a.t.http.post(`/api/v1/communities/js-vet/followers/${request.id}/accept`).set(a.as.stew).send({});
    assert.equal(accepted.status, 200);
    const delivery = await eventually('the Accept delivery', async () => remote.seen.find((seen) => seen.method === 'POST' && seen.body.includes('"Accept"')));
    const actor = await (await fetch(a.actor('js-vet'), {headers: {accept: 'application/activity+json'}})).json() as {publicKey: {publicKeyPem: string}};
    assert.equal(signatureRuleBroken('mastodon', delivery, actor.publicKey.publicKeyPem), null);
    assert.equal(signatureRuleBroken('gotosocial', delivery, actor.publicKey.publicKeyPem), null);
    assert.equal(delivery.headers['content-type'], 'application/activity+json');
    // FEP-8b32: the activity carries an object proof by the community's Ed25519 key.
    const proof = (JSON.parse(delivery.body) as {proof?: {cryptosuite?: string; verificationMethod?: string}}).proof;
    assert.equal(proof?.cryptosuite, 'eddsa-jcs-2022');
    assert.ok(proof?.verificationMethod?.startsWith(a.actor('js-vet')));
  });

  it('the GETs Hallmark signs (fetching actors, as Mastodon\'s authorized fetch wants) satisfy both servers\' rules', async () => {
    const signed = remote.seen.filter((seen) => seen.method === 'GET' && typeof seen.headers.signature === 'string');
    assert.ok(signed.length > 0, 'actor fetches are signed');
    const instance = await (await fetch(`${a.base}/actor`, {headers: {accept: 'application/activity+json'}})).json() as {type: string};
    assert.equal(instance.type, 'Application');
    for (const request of signed) {
      const keyId = /keyId="([^"]+)"/.exec(String(request.headers.signature))?.[1] ?? '';
      assert.ok(keyId.startsWith(a.base), `signed by a key of this instance: ${keyId}`);
      const owner = await (await fetch(keyId.replace(/#.*$/, ''), {headers: {accept: 'application/activity+json'}})).json() as {publicKey: {id: string; publicKeyPem: string}};
      assert.equal(owner.publicKey.id, keyId);
      assert.equal(signatureRuleBroken('mastodon', request, owner.publicKey.publicKeyPem), null);
      assert.equal(signatureRuleBroken('gotosocial', request, owner.publicKey.publicKeyPem), null);
    }
  });
});

describe('refused at the inbox, changing nothing', () => {
  it('an unsigned activity: 401', async () => {
    const body = followFrom('unsigned');
    assert.equal(await post(body, {'content-type': 'application/activity+json'}), 401);
  });

  it('a tampered body (the signed digest no longer matches): 401', async () => {
    const body = followFrom('tamper');
    const headers = remote.signPost('mastodon', 'tamper', inbox, body);
    assert.equal(await post(body.replace('Follow', 'Follow '), headers), 401);
  });

  it('a signature outside the clock-skew window: 401', async () => {
    const body = followFrom('stale');
    assert.equal(await post(body, remote.signPost('mastodon', 'stale', inbox, body, {date: new Date(Date.now() - 10 * 60_000)})), 401);
  });

  it('an activity signed by one actor that claims another: 401', async () => {
    const body = followFrom('mallory', remote.actor('trent'));
    assert.equal(await post(body, remote.signPost('mastodon', 'mallory', inbox, body)), 401);
  });

  it('a replayed Follow after its Undo does not come back', async () => {
    const body = followFrom('replayer');
    const headers = remote.signPost('mastodon', 'replayer', inbox, body);
    assert.equal(await post(body, headers), 202);
    await eventually('the follow', async () => (await followers()).find((one) => one.actor === remote.actor('replayer')));
    const undo = JSON.stringify({'@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.base}/activities/${randomUUID()}`, type: 'Undo', actor: remote.actor('replayer'), object: JSON.parse(body)});
    assert.equal(await post(undo, remote.signPost('mastodon', 'replayer', inbox, undo)), 202);
    await eventually('the undo', async () => ((await followers()).some((one) => one.actor === remote.actor('replayer')) ? undefined : true));
    assert.equal(await post(body, headers), 202, 'accepted at the door (the same signed bytes) …');
    const marker = followFrom('marker');
    assert.equal(await post(marker, remote.signPost('mastodon', 'marker', inbox, marker)), 202);
    await eventually('a later follow to be processed', async () => (await followers()).find((one) => one.actor === remote.actor('marker')));
    assert.equal((await followers()).some((one) => one.actor === remote.actor('replayer')), false, '… but the replay is not processed again');
  });

  it('a flood from one peer: 429 with Retry-After once it passes its limit', async () => {
    const body = '{}';
    const headers = {'content-type': 'application/activity+json', signature: 'keyId="http://127.0.0.1:1/users/flood#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AA=="'};
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push(await post(body, headers));
    assert.ok(statuses.slice(0, 30).every((status) => status >= 400 && status < 429), statuses.join(' '));
    assert.equal(statuses[30], 429);
    const response = await fetch(inbox, {method: 'POST', headers, body});
    assert.equal(response.status, 429);
    assert.ok(Number(response.headers.get('retry-after')) >= 1);
  });

  it('an activity over 256 KiB: 413, unread, nothing fetched', async () => {
    const body = JSON.stringify({...JSON.parse(followFrom('big')), padding: 'x'.repeat(300 * 1024)});
    const before = remote.seen.length;
    assert.equal(await post(body, remote.signPost('mastodon', 'big', inbox, body)), 413);
    assert.equal(remote.seen.length, before);
  });

  it('a blocked host: 403 at the door, its actor never fetched, nothing delivered to it', async () => {
    const blocked = await a.t.http.put(`/api/v1/federation/peers/${remote.host}`).set(a.admin).send({tier: 'blocked'});
    assert.equal(blocked.status, 200);
    try {
      const body = followFrom('blocked-user');
      const before = remote.seen.length;
      assert.equal(await post(body, remote.signPost('mastodon', 'blocked-user', inbox, body)), 403);
      const signedGet = await fetch(a.actor('js-vet'), {headers: {accept: 'application/activity+json', signature: `keyId="${remote.actor('x')}#main-key",signature="AA=="`}});
      assert.equal(signedGet.status, 403);
      const follow = await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.stew).send({actor: remote.actor('someone')});
      assert.equal(follow.status, 403);
      assert.equal(remote.seen.length, before, 'nothing was fetched from or sent to the blocked host');
    } finally {
      await a.t.http.put(`/api/v1/federation/peers/${remote.host}`).set(a.admin).send({tier: 'unknown'});
    }
  });
});

describe('discovery and the stewards\' endpoints', () => {
  it('WebFinger finds a community by acct:, the instance actor by its host, and nothing for an unknown community', async () => {
    const found = await fetch(`${a.base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:js-vet@${a.host}`)}`);
    assert.equal(found.status, 200);
    const jrd = await found.json() as {links: Array<{rel: string; href: string}>};
    assert.equal(jrd.links.find((link) => link.rel === 'self')?.href, a.actor('js-vet'));
    const unknown = await fetch(`${a.base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:nobody@${a.host}`)}`);
    assert.equal(unknown.status, 404);
    const instance = await fetch(`${a.base}/.well-known/webfinger?resource=${encodeURIComponent(`${a.base}/`)}`);
    assert.equal(((await instance.json()) as {links: Array<{href: string}>}).links[0].href, `${a.base}/actor`);
    const nodeinfo = await (await fetch(`${a.base}/.well-known/nodeinfo`)).json() as {links: Array<{rel: string; href: string}>};
    const info = await (await fetch(nodeinfo.links.find((link) => link.rel.includes('nodeinfo'))!.href)).json() as {software: {name: string}; protocols: string[]};
    assert.equal(info.software.name, 'hallmark');
    assert.deepEqual(info.protocols, ['activitypub']);
    assert.ok(nodeinfo.links.some((link) => link.rel === 'https://www.w3.org/ns/activitystreams#Application'));
  });

  it('refuses to follow an actor on a private address or over plain http (the fetcher refuses before connecting)', async () => {
    const privateAddress = await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.stew).send({actor: 'https://10.1.2.3/users/x'});
    assert.equal(privateAddress.status, 400, JSON.stringify(privateAddress.body));
    assert.match(privateAddress.body.error.message, /refusing to fetch/);
    const plain = await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.stew).send({actor: 'http://example.org/users/x'});
    assert.equal(plain.status, 400);
    assert.equal((await a.t.http.get('/api/v1/communities/js-vet/following').set(a.as.stew)).body.following.length, 0);
  });

  it('leaves posts to community paths that are not inboxes (a page\'s form) to the rest of the app', async () => {
    const form = await a.t.http.post('/communities/new').type('form').send('slug=x&name=y');
    // The form handler answered, not the federation edge: it sends a stranger to sign in first.
    assert.equal(form.status, 303);
    assert.match(form.headers.location, /^\/sign-in\?next=/);
  });

  it('keeps the stewards\' endpoints to stewards, and refuses malformed input', async () => {
    assert.equal((await a.t.http.get('/api/v1/communities/js-vet/followers').set(a.as.alice)).status, 403);
    assert.equal((await a.t.http.get('/api/v1/communities/js-vet/followers')).status, 401);
    assert.equal((await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.alice).send({actor: remote.actor('x')})).status, 403);
    assert.equal((await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.stew).send({actor: 7})).status, 400);
    assert.equal((await a.t.http.post('/api/v1/communities/js-vet/following').set(a.as.stew).send({actor: remote.actor('x'), extra: 1})).status, 400);
    assert.equal((await a.t.http.post('/api/v1/communities/js-vet/followers/f-nope/accept').set(a.as.stew).send({})).status, 400);
    assert.equal((await a.t.http.post('/api/v1/communities/js-vet/followers/f-AAAAAAAAAAAAAAAAAAAAAA/accept').set(a.as.stew).send({})).status, 404);
    assert.equal((await a.t.http.put('/api/v1/communities/js-vet/imports/x').set(a.as.stew).send({actor: remote.actor('x'), criteria: {}})).status, 400);
    assert.equal((await a.t.http.put('/api/v1/communities/js-vet/imports/x').set(a.as.stew).send({actor: remote.actor('x'), criteria: {theirs: 'no-such-criterion'}})).status, 400);
    assert.equal((await a.t.http.get('/api/v1/communities/js-vet/imports')).body.imports.length, 0, 'nothing half-written');
    assert.equal((await a.t.http.put('/api/v1/federation/peers/a.example').set(a.as.stew).send({tier: 'trusted'})).status, 403);
    assert.equal((await a.t.http.put('/api/v1/federation/peers/a.example').set(a.admin).send({tier: 'friends'})).status, 400);
    assert.equal((await a.t.http.put('/api/v1/federation/peers/bad%20host').set(a.admin).send({tier: 'trusted'})).status, 400);
  });

  it('imports and exports domain blocks in Mastodon\'s CSV, all or nothing', async () => {
    const csv = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\nspam.example,suspend,true,true,"spam, lots",false\nquiet.example,silence,false,false,,false\n';
    const imported = await a.t.http.post('/api/v1/federation/domain-blocks').set(a.admin).set('content-type', 'text/csv').send(csv);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.deepEqual(imported.body.imported.map((peer: {host: string; tier: string}) => [peer.host, peer.tier]), [['spam.example', 'blocked'], ['quiet.example', 'unknown']]);
    const exported = await a.t.http.get('/api/v1/federation/domain-blocks').set(a.admin);
    assert.match(exported.text, /^#domain,#severity/);
    assert.match(exported.text, /spam\.example,suspend,true,true,"spam, lots",false/);
    const bad = await a.t.http.post('/api/v1/federation/domain-blocks').set(a.admin).set('content-type', 'text/csv').send('#domain,#severity\nok.example,suspend\nnot a host,suspend\n');
    assert.equal(bad.status, 400);
    const peers = await a.t.http.get('/api/v1/federation/peers').set(a.admin);
    assert.equal(peers.body.peers.some((peer: {host: string}) => peer.host === 'ok.example'), false);
    assert.equal((await a.t.http.get('/api/v1/federation/domain-blocks').set(a.as.stew)).status, 403);
  });
});
