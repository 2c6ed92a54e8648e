import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BadgeStatusService, type BadgeRecords, type BadgeStatusLists} from '../../src/badges/badge-status.ts';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';
import type {CredentialRecord} from '../../src/credentials/credential-records.ts';
import {entryState, type StatusChangeListener} from '../../src/credentials/status-lists.ts';

const UUID = '11111111-1111-4111-8111-111111111111';
const RECORD: CredentialRecord = {
  id: UUID,
  credentialId: `urn:uuid:${UUID}`,
  issuerSlug: 'acme',
  credential: {credentialSubject: {achievement: {name: 'Safe to run'}}},
  status: {listId: 'list', index: 7, purpose: 'revocation'},
  createdAt: '2026-01-01T00:00:00Z',
};

/** Status bits in memory; reads can be held at a gate to stage a race. */
function fakeLists() {
  const listeners = new Set<StatusChangeListener>();
  let bit = false;
  let gate: Promise<void> | null = null;
  let reads = 0;
  const lists: BadgeStatusLists = {
    async standing() {
      reads++;
      const seen = bit;
      if (gate) await gate;
      const value = seen ? 1 : 0;
      return {state: entryState('revocation', value, null), value, revoked: null};
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Changes made by other processes are tested with real processes (badge-processes.test.ts).
    changeNotice: async () => 0,
  };
  return {
    lists,
    get reads() {
      return reads;
    },
    hold(): () => void {
      let release = () => {};
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    revoke() {
      bit = true;
      for (const listener of listeners) listener({listId: 'list', index: 7, purpose: 'revocation', set: true, value: 1});
    },
  };
}

const records: BadgeRecords = {find: async (uuid) => (uuid === UUID ? RECORD : null)};

describe('badge status cache', () => {
  it('answers from memory until the status changes, then reads again', async () => {
    const fake = fakeLists();
    const service = new BadgeStatusService(records, fake.lists, new InstanceUrls('http://localhost:3000'));
    assert.equal((await service.status(UUID)).state, 'valid');
    assert.equal((await service.status(`urn:uuid:${UUID}`)).state, 'valid');
    assert.equal(fake.reads, 1, 'the second request is served from the cache');
    fake.revoke();
    assert.equal((await service.status(UUID)).state, 'revoked');
    assert.equal(fake.reads, 2);
  });

  it('does not cache a read that raced a revocation', async () => {
    const fake = fakeLists();
    const service = new BadgeStatusService(records, fake.lists, new InstanceUrls('http://localhost:3000'));
    const release = fake.hold();
    const inFlight = service.status(UUID);
    await new Promise((resolve) => setImmediate(resolve));
    fake.revoke();
    release();
    assert.equal((await inFlight).state, 'valid', 'the racing request saw the old bit');
    assert.equal((await service.status(UUID)).state, 'revoked', 'but the next one does not inherit it');
  });

  it('says not-found for ids that are not ours', async () => {
    const service = new BadgeStatusService(records, fakeLists().lists, new InstanceUrls('http://localhost:3000'));
    for (const id of ['22222222-2222-4222-8222-222222222222', '../etc/passwd', '<script>', '']) {
      assert.deepEqual(await service.status(id), {state: 'not-found', label: null, uuid: null});
    }
  });

  it('reads a message entry by its value: 0x1 suspended, 0x2 revoked, 0x0 valid', async () => {
    const message: CredentialRecord = {...RECORD, status: {listId: 'list', index: 7, purpose: 'message'}};
    const listeners = new Set<StatusChangeListener>();
    let value = 0;
    const lists: BadgeStatusLists = {
      standing: async () => ({state: entryState('message', value, null), value, revoked: null}),
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      changeNotice: async () => 0,
    };
    const service = new BadgeStatusService({find: async (uuid) => (uuid === UUID ? message : null)}, lists, new InstanceUrls('http://localhost:3000'));
    const change = (next: number) => {
      value = next;
      for (const listener of listeners) listener({listId: 'list', index: 7, purpose: 'message', set: next !== 0, value: next});
    };
    assert.equal((await service.status(UUID)).state, 'valid');
    change(1);
    assert.equal((await service.status(UUID)).state, 'suspended');
    change(0);
    assert.equal((await service.status(UUID)).state, 'valid');
    change(2);
    assert.equal((await service.status(UUID)).state, 'revoked');
  });
});
