import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {hashPassword} from '../../src/auth/passwords.ts';
import {ADMIN_TOKEN, startHallmark} from '../helpers/hallmark.ts';
import {browserAgent, PASSWORD, signIn} from '../helpers/web.ts';

describe('accepting an invitation after a crash', () => {
  it('finishes a claimed acceptance at the next start: account, password, founding right and role, once', async () => {
    const t = await startHallmark();
    try {
      await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'npm-vet', name: 'npm vetters'});
      const created = await t.hallmark.services.auth.invitations.create({kind: 'admin'}, {foundCommunities: true, community: 'npm-vet', role: 'auditor'});
      // What the claim step writes before a crash stops the rest: the intent, on the invitation itself.
      const records = await t.hallmark.services.store.collection<{id: string; [key: string]: unknown}>({name: 'invitations', indexes: [{fields: ['hash'], unique: true}, {fields: ['state']}, {fields: ['community_slug']}]});
      const found = await records.get(created.invitation.id);
      assert.ok(found);
      await records.update(found.doc.id, found.version, {...found.doc, state: 'claimed', claim: {handle: 'crashy', newAccount: {name: 'Crash Test', passwordHash: await hashPassword(PASSWORD)}, at: new Date().toISOString()}});
      assert.equal((await t.http.get('/api/v1/accounts/crashy')).status, 404);

      const restarted = await createHallmark(loadConfig({HALLMARK_DATA_DIR: t.dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN}));
      await restarted.close();

      const account = await t.http.get('/api/v1/accounts/crashy');
      assert.equal(account.status, 200);
      assert.equal(account.body.mayFoundCommunities, true);
      assert.deepEqual(account.body.roles, [{community: 'npm-vet', role: 'auditor'}]);
      assert.equal((await signIn(browserAgent(t), 'crashy')).status, 303, 'the password chosen before the crash works');
      assert.equal((await records.get(created.invitation.id))?.doc.state, 'accepted');
      assert.equal(await t.hallmark.services.auth.invitations.resumeClaimed(), 0, 'nothing left to finish');
      const history = (await t.http.get('/api/v1/communities/npm-vet/roles/history')).body.history;
      assert.equal(history.length, 1, 'the role was granted once');
    } finally {
      await t.close();
    }
  });
});
