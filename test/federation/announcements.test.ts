/**
 * Status announcements are recorded before the status write and made once
 * the write shows, so a crash between the two is finished after a restart.
 */
import assert from 'node:assert/strict';
import {after, before, it} from 'node:test';
import type {CredentialRecord} from '../../src/credentials/credential-records.ts';
import {StatusAnnouncements} from '../../src/federation/announcements.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

let t: TestHallmark;
before(async () => {
  t = await startHallmark();
  await createIssuer(t, 'acme');
});
after(() => t.close());

function announcer(queue: string, announced: CredentialRecord[], giveUpMs?: number): StatusAnnouncements {
  const {store, records, credentialStatus} = t.hallmark.services;
  return new StatusAnnouncements({queues: store.queues, records, status: credentialStatus, queue, giveUpMs, log: () => {}, announce: async (record) => void announced.push(record)});
}

it('an intent recorded before a write is announced by the next process once the write shows', async () => {
  const {records, credentialStatus} = t.hallmark.services;
  const credential = await issueBadge(t, 'acme');
  const record = await records.get(String(credential.id));
  const announced: CredentialRecord[] = [];
  // The process that changes the status records its intent, writes, and dies before announcing.
  await announcer('test-announce-1', []).intend(record, await credentialStatus.current(record));
  await t.http.post('/issuers/acme/credentials/status').set(t.admin)
    .send({credentialId: record.credentialId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}).expect(200);
  // The next process finds the job and announces it, once.
  const next = announcer('test-announce-1', announced);
  await next.drain();
  await next.drain();
  assert.deepEqual(announced.map((one) => one.credentialId), [record.credentialId]);
});

it('an intent whose write never happened is dropped without an announcement', async () => {
  const {records, credentialStatus, store} = t.hallmark.services;
  const record = await records.get(String((await issueBadge(t, 'acme')).id));
  const announced: CredentialRecord[] = [];
  await announcer('test-announce-2', []).intend(record, await credentialStatus.current(record));
  const waiting = announcer('test-announce-2', announced);
  await waiting.drain();
  assert.equal(announced.length, 0, 'nothing changed yet: the job waits for the write');
  // Past the give-up time (0 here) the job is dropped, still unannounced.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await announcer('test-announce-2', announced, 0).drain();
  assert.equal(announced.length, 0);
  assert.equal(await store.queues.lease('test-announce-2', 1000, new Date(Date.now() + 3_600_000)), null, 'the job is gone');
});
