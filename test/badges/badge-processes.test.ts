import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {createHallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import {BADGE} from '../helpers/hallmark.ts';
import {serveChild} from '../helpers/serve.ts';

const ADMIN = 'badge-processes-admin-token-0123456789';
const SECRET = 'badge-processes-master-secret-0123456789';
const PUBLIC_URL = 'http://127.0.0.1:1';

async function badgeState(base: string, uuid: string): Promise<string> {
  const response = await fetch(`${base}/badges/${uuid}.svg`);
  const svg = await response.text();
  const state = ['suspended', 'revoked', 'valid'].find((word) => svg.includes(`>${word}<`));
  return state ?? `unknown: ${svg.slice(0, 200)}`;
}

describe('README badges when several processes serve one SQLite file', () => {
  it('shows a change made by another process on the very next request', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-badge-processes-'));
    const env = {HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_SECRET: SECRET, HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_SWEEP_INTERVAL: '0'};
    const here = await createHallmark(loadConfig({...env, HALLMARK_LOG_LEVEL: 'warn'}));
    const there = await serveChild(env);
    try {
      await here.services.issuers.create({slug: 'acme', name: 'Acme'});
      const suspendable = await here.services.issuance.issue('acme', {credential: BADGE, options: {statusPurpose: 'suspension'}} as never);
      const id = String(suspendable.verifiableCredential.id);
      const uuid = id.split(':').pop() as string;
      const change = (set: boolean) => here.services.credentialStatus.update('acme', {credentialId: id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: set}]} as never);

      assert.equal(await badgeState(there.base, uuid), 'valid');
      assert.equal(await badgeState(there.base, uuid), 'valid', 'served from the other process\'s cache');
      await change(true);
      assert.equal(await badgeState(there.base, uuid), 'suspended', 'the other process saw the suspension at once');
      await change(false);
      assert.equal(await badgeState(there.base, uuid), 'valid', 'and the reinstatement');

      // The other way round: a change through the served process, read by this one.
      assert.equal((await here.services.badges.status(uuid)).state, 'valid');
      const revoke = await fetch(`${there.base}/issuers/acme/credentials/status`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json'},
        body: JSON.stringify({credentialId: id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: true}]}),
      });
      assert.equal(revoke.status, 200);
      assert.equal((await here.services.badges.status(uuid)).state, 'suspended');
    } finally {
      assert.equal(await there.stop(), 0);
      await here.close();
      await rm(dataDir, {recursive: true, force: true});
    }
  });
});
