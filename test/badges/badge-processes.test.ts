import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {BADGE} from '../helpers/hallmark.ts';
import {serveChild} from '../helpers/serve.ts';

const ADMIN = 'badge-processes-admin-token-0123456789';
const SECRET = 'badge-processes-master-secret-0123456789';
const PUBLIC_URL = 'http://127.0.0.1:1';
const auth = {Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json'};

async function badgeState(base: string, uuid: string): Promise<string> {
  const response = await fetch(`${base}/badges/${uuid}.svg`);
  const svg = await response.text();
  const state = ['suspended', 'revoked', 'valid'].find((word) => svg.includes(`>${word}<`));
  return state ?? `unknown: ${svg.slice(0, 200)}`;
}

async function issue(base: string, statusPurpose: string): Promise<{id: string; uuid: string}> {
  const response = await fetch(`${base}/issuers/acme/credentials/issue`, {method: 'POST', headers: auth, body: JSON.stringify({credential: BADGE, options: {statusPurpose}})});
  assert.equal(response.status, 201, await response.clone().text());
  const id = String(((await response.json()) as {verifiableCredential: {id: string}}).verifiableCredential.id);
  return {id, uuid: id.split(':').pop() as string};
}

async function setStatus(base: string, id: string, statusPurpose: string, status: boolean): Promise<void> {
  const response = await fetch(`${base}/issuers/acme/credentials/status`, {method: 'POST', headers: auth, body: JSON.stringify({credentialId: id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose, status}]})});
  assert.equal(response.status, 200, await response.clone().text());
}

describe('README badges when several processes serve one SQLite file', () => {
  it('shows a suspension, reinstatement and revocation made in one server process on the very next request to another', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-badge-processes-'));
    const env = {HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_SECRET: SECRET, HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_SWEEP_INTERVAL: '0'};
    const one = await serveChild(env);
    const two = await serveChild(env);
    try {
      assert.equal((await fetch(`${one.base}/api/v1/issuers`, {method: 'POST', headers: auth, body: JSON.stringify({slug: 'acme', name: 'Acme'})})).status, 201);
      const suspendable = await issue(one.base, 'suspension');
      const revocable = await issue(two.base, 'revocation');
      for (const {uuid} of [suspendable, revocable]) {
        for (const served of [one, two]) {
          assert.equal(await badgeState(served.base, uuid), 'valid');
          assert.equal(await badgeState(served.base, uuid), 'valid', 'now from that process\'s cache');
        }
      }

      await setStatus(one.base, suspendable.id, 'suspension', true);
      assert.equal(await badgeState(two.base, suspendable.uuid), 'suspended', 'the other process saw the suspension at once');
      await setStatus(one.base, suspendable.id, 'suspension', false);
      assert.equal(await badgeState(two.base, suspendable.uuid), 'valid', 'and the reinstatement');

      // The other way round, and for good.
      await setStatus(two.base, revocable.id, 'revocation', true);
      assert.equal(await badgeState(one.base, revocable.uuid), 'revoked', 'the first process saw the revocation at once');
      assert.equal(await badgeState(two.base, revocable.uuid), 'revoked');
      assert.equal(await badgeState(one.base, suspendable.uuid), 'valid', 'a change to one badge leaves the others as they were');
    } finally {
      assert.equal(await one.stop(), 0);
      assert.equal(await two.stop(), 0);
      await rm(dataDir, {recursive: true, force: true});
    }
  });
});
