/**
 * Deliveries survive a crash: instance A (a real `hallmark serve` process)
 * queues deliveries to B while B is down, is killed with SIGKILL, and after
 * both are back every queued delivery arrives, each exactly once.
 */
import assert from 'node:assert/strict';
import {once} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, it} from 'node:test';
import {loadConfig} from '../../src/config.ts';
import {createHallmark, type Hallmark} from '../../src/app.ts';
import {spawnHallmark} from '../helpers/cli.ts';
import {ADMIN_TOKEN, BADGE} from '../helpers/hallmark.ts';
import {eventually} from './instances.ts';

const admin = {authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json'};
let dataA = '';
let dataB = '';
let portA = 0;
let portB = 0;
let b: Hallmark;
let serverB: Server;
/** Activity ids of the Creates B's inboxes were handed, in order, one entry per delivery. */
const delivered: string[] = [];
let child: ReturnType<typeof spawnHallmark> | null = null;

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const {port} = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Notes every Create that reaches B's inboxes, as federation is handed it. */
function countDeliveries(): void {
  const federation = b.services.federation;
  const handle = federation.fetch.bind(federation);
  federation.fetch = async (request) => {
    if (request.method === 'POST' && /inbox$/.test(new URL(request.url).pathname)) {
      const activity = JSON.parse(await request.clone().text()) as {id: string; type: string};
      if (activity.type === 'Create') delivered.push(activity.id);
    }
    return handle(request);
  };
}

function listenB(): Promise<void> {
  serverB = createServer(b.app);
  serverB.listen(portB, '127.0.0.1');
  return once(serverB, 'listening').then(() => undefined);
}

function startA(): ReturnType<typeof spawnHallmark> {
  const process_ = spawnHallmark(['serve'], {env: {
    PORT: String(portA), HALLMARK_PUBLIC_URL: `http://127.0.0.1:${portA}`, HALLMARK_DATA_DIR: dataA, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN,
    HALLMARK_FETCH_ALLOW_HOSTS: '127.0.0.1:*', HALLMARK_SWEEP_INTERVAL: '0', HALLMARK_VERIFY_WORKERS: '0',
  }});
  process_.stdout.resume();
  process_.stderr.resume();
  return process_;
}

async function api(path: string, init: {method?: string; body?: unknown} = {}): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await fetch(`http://127.0.0.1:${portA}${path}`, {method: init.method ?? 'GET', headers: admin, ...(init.body === undefined ? {} : {body: JSON.stringify(init.body)})});
  return {status: response.status, body: await response.json() as Record<string, unknown>};
}

before(async () => {
  [dataA, dataB] = await Promise.all([mkdtemp(join(tmpdir(), 'hallmark-crash-a-')), mkdtemp(join(tmpdir(), 'hallmark-crash-b-'))]);
  [portA, portB] = [await freePort(), await freePort()];
  b = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataB, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_PUBLIC_URL: `http://127.0.0.1:${portB}`, HALLMARK_FETCH_ALLOW_HOSTS: '127.0.0.1:*', HALLMARK_SWEEP_INTERVAL: '0', HALLMARK_VERIFY_WORKERS: '0'}));
  countDeliveries();
  await listenB();
  child = startA();
});

after(async () => {
  child?.kill('SIGKILL');
  serverB?.closeAllConnections();
  serverB?.close();
  await b?.close();
  await Promise.all([rm(dataA, {recursive: true, force: true}), rm(dataB, {recursive: true, force: true})]);
});

it('a killed instance delivers what it had queued once it is back, each delivery once', async () => {
  await eventually('A to start', async () => ((await fetch(`http://127.0.0.1:${portA}/healthz`)).ok ? true : undefined));
  const {vetting, federation} = b.services;
  await vetting.communities.create({slug: 'npm-guild', name: 'NPM guild', ecosystems: ['npm']});
  assert.equal((await api('/api/v1/communities', {method: 'POST', body: {slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm']}})).status, 201);
  // A trusts B, so B's follow is accepted at once.
  assert.equal((await api(`/api/v1/federation/peers/127.0.0.1:${portB}`, {method: 'PUT', body: {tier: 'trusted'}})).status, 200);
  await federation.peers.setTier({kind: 'admin'}, `127.0.0.1:${portA}`, 'federated');
  await federation.stewards.follow({kind: 'admin'}, 'npm-guild', `http://127.0.0.1:${portA}/communities/js-vet`);
  await eventually('B\'s follow to be accepted', async () => ((await federation.stewards.following({kind: 'admin'}, 'npm-guild'))[0]?.state === 'accepted' ? true : undefined));

  // B goes away; A issues three badges, whose deliveries fail and wait for their retry.
  serverB.closeAllConnections();
  await new Promise<void>((resolve) => serverB.close(() => resolve()));
  const issued: string[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await api('/issuers/js-vet/credentials/issue', {method: 'POST', body: {credential: {...BADGE, name: `Vetted release ${i}`}}});
    assert.equal(response.status, 201, JSON.stringify(response.body));
    issued.push(String((response.body.verifiableCredential as {id: string}).id));
  }
  // Long enough for a first, failed attempt at each (B refuses connections at once); their retries are a second away.
  await new Promise((resolve) => setTimeout(resolve, 400));
  child?.kill('SIGKILL');
  await once(child!, 'close');
  assert.equal(delivered.length, 0, 'nothing reached B while it was down');

  await listenB();
  child = startA();
  const received = await eventually('every queued delivery on B', async () => {
    const all = await federation.stewards.received({kind: 'admin'}, 'npm-guild');
    return issued.every((id) => all.some((one) => one.credentialId === id)) ? all : undefined;
  }, 40_000);
  assert.equal(received.length, 3);
  assert.ok(received.every((one) => one.report.verified));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(delivered.length, 3, `each delivery arrived once: ${delivered.join(', ')}`);
  assert.equal(new Set(delivered).size, 3);
});
