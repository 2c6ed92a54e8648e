/**
 * The actor ↔ issuer binding both ways (FEP-c390 statement signed by the
 * issuer's key, alsoKnownAs on both sides for did:web), and the deliverer's
 * retry schedule and its handling of followers that are gone.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {webcrypto} from 'node:crypto';
import {exportJwk} from '@fedify/fedify/sig';
import {bindingProblem} from '../../src/federation/binding.ts';
import {Deliverer, DELIVERY_WINDOW_MS, nextAttempt} from '../../src/federation/delivery.ts';
import {FederationLoaders} from '../../src/federation/loaders.ts';
import {parseAllowHosts} from '../../src/net/allow-hosts.ts';
import {Fetcher} from '../../src/net/fetcher.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {startServer, type TestServer} from '../net/servers.ts';

let t: TestHallmark;
const BASE = 'https://hallmark.test';

async function actorJson(slug: string): Promise<Record<string, unknown>> {
  const response = await t.hallmark.services.federation.fetch(new Request(`${BASE}/communities/${slug}`, {headers: {accept: 'application/activity+json'}}));
  assert.ok(response);
  return await response.json() as Record<string, unknown>;
}

before(async () => {
  t = await startHallmark({HALLMARK_PUBLIC_URL: BASE});
  const {vetting} = t.hallmark.services;
  await vetting.communities.create({slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm']});
  await vetting.communities.create({slug: 'copycat', name: 'Copycat', ecosystems: ['npm']});
});
after(() => t.close());

describe('actor ↔ issuer binding', () => {
  it('a did:web issuer and its community\'s actor name each other, and the statement verifies', async () => {
    const {issuers, resolver} = t.hallmark.services;
    const issuer = await issuers.get('js-vet');
    assert.match(issuer.did, /^did:web:hallmark\.test:issuers:js-vet$/);
    const didDocument = await t.http.get('/issuers/js-vet/did.json');
    assert.deepEqual(JSON.parse(didDocument.text).alsoKnownAs, [`${BASE}/communities/js-vet`]);
    const actor = await actorJson('js-vet');
    assert.equal(await bindingProblem(actor, issuer.did, resolver), null);
  });

  it('refuses a tampered statement, a statement copied onto another actor, and an issuer the actor does not name', async () => {
    const {issuers, resolver} = t.hallmark.services;
    const did = (await issuers.get('js-vet')).did;
    const actor = await actorJson('js-vet');
    const statements = actor.attachment as Array<Record<string, unknown>>;
    const tampered = {...actor, attachment: statements.map((item) => ({...item, proof: {...(item.proof as object), created: '2020-01-01T00:00:00Z'}}))};
    assert.match(String(await bindingProblem(tampered, did, resolver)), /signature does not verify/);
    const copycat = await actorJson('copycat');
    const impostor = {...copycat, alsoKnownAs: [did], attachment: statements};
    assert.match(String(await bindingProblem(impostor, did, resolver)), /no identity statement/);
    const impostorStatement = {...copycat, alsoKnownAs: [did], attachment: statements.map((item) => ({...item, alsoKnownAs: copycat.id}))};
    assert.match(String(await bindingProblem(impostorStatement, did, resolver)), /does not verify|does not name/);
    assert.match(String(await bindingProblem(copycat, did, resolver)), /does not name/);
  });
});

describe('delivery', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((request, response) => {
      request.resume();
      response.statusCode = request.url === '/gone' ? 410 : request.url === '/broken' ? 500 : 202;
      response.end();
    });
  });
  after(() => server.close());

  it('retries on a growing schedule for about three days, then gives up', () => {
    const started = new Date('2026-01-01T00:00:00Z');
    let now = started;
    const delays: number[] = [];
    for (let attempts = 0; ; attempts++) {
      const next = nextAttempt(started, attempts, now);
      if (next === null) break;
      delays.push(next.getTime() - now.getTime());
      now = next;
    }
    assert.deepEqual(delays.slice(0, 4), [1_000, 4_000, 16_000, 64_000]);
    assert.ok(delays.every((delay, index) => index === 0 || delay >= delays[index - 1]));
    assert.ok(now.getTime() - started.getTime() <= DELIVERY_WINDOW_MS);
    assert.ok(now.getTime() - started.getTime() > DELIVERY_WINDOW_MS - 5 * 3_600_000, 'it keeps trying until near the end of the window');
  });

  it('drops the followers behind an inbox that answers 410, and retries a 500', async () => {
    const fetcher = new Fetcher({allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`)});
    const loaders = new FederationLoaders({fetcher, allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`), isBlocked: async () => false});
    const gone: string[] = [];
    const deliverer = new Deliverer({fetcher, loaders, onGone: async (inbox) => void gone.push(inbox)});
    const pair = await webcrypto.subtle.generateKey({name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
    const privateKey = await exportJwk(pair.privateKey);
    const task = async (path: string) => ({type: 'outbox', keys: [{keyId: 'https://hallmark.test/actor#main-key', privateKey}], activity: {type: 'Create'}, inbox: server.url(path), started: new Date().toISOString()});
    assert.equal(await deliverer.route(await task('/inbox'), 0), null);
    assert.equal(await deliverer.route(await task('/gone'), 0), null);
    assert.deepEqual(gone, [server.url('/gone')]);
    const retry = await deliverer.route(await task('/broken'), 0);
    assert.ok(retry instanceof Date && retry.getTime() > Date.now());
  });
});
