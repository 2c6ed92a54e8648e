import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {randomBytes} from 'node:crypto';
import {openSqliteStore} from '../../src/store/sqlite.ts';
import type {Store} from '../../src/store/port.ts';
import {KeyVault} from '../../src/credentials/key-vault.ts';
import {IssuerService} from '../../src/credentials/issuers.ts';
import {StatusListService} from '../../src/credentials/status-lists.ts';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';
import {decodeStatusList, statusValue} from '../../src/credentials/bitstring.ts';

const URLS = new InstanceUrls('http://localhost:3000');

/** Two service instances over two connections to one database file stand in for two processes. */
describe('status index allocation', () => {
  let dir: string;
  let stores: Store[];
  let services: StatusListService[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-status-'));
    const vault = new KeyVault(randomBytes(32));
    stores = [await openSqliteStore(join(dir, 'db.sqlite')), await openSqliteStore(join(dir, 'db.sqlite'))];
    services = [];
    for (const store of stores) {
      const issuers = await IssuerService.open(store, vault, URLS);
      services.push(await StatusListService.open(store, issuers, URLS));
    }
    const issuers = await IssuerService.open(stores[0], vault, URLS);
    await issuers.create({slug: 'acme', name: 'Acme'});
  });
  after(async () => {
    for (const store of stores) await store.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('never hands the same index to two credentials, across connections', async () => {
    const assignments = await Promise.all(
      Array.from({length: 1000}, (_, n) => services[n % 2].allocate('acme', 'revocation', `urn:uuid:test-${n}`)),
    );
    const keys = new Set(assignments.map((assignment) => `${assignment.listId}:${assignment.index}`));
    assert.equal(keys.size, 1000);
    assert.equal(new Set(assignments.map((assignment) => assignment.listId)).size, 1, 'one open list until it fills');
    for (const assignment of assignments) assert.ok(assignment.index >= 0 && assignment.index < 131_072);
  });

  it('keeps revocation and suspension in separate lists', async () => {
    const revocation = await services[0].allocate('acme', 'revocation', 'urn:uuid:r');
    const suspension = await services[1].allocate('acme', 'suspension', 'urn:uuid:s');
    assert.notEqual(revocation.listId, suspension.listId);
  });

  it('shows a bit change in the published list at once, even when another instance changed it', async () => {
    const assignment = await services[0].allocate('acme', 'suspension', 'urn:uuid:shared');
    const first = await services[1].signedList('acme', assignment.listId);
    await services[0].setStatus(assignment, true);
    const second = await services[1].signedList('acme', assignment.listId);
    assert.notEqual(second.version, first.version);
    assert.notDeepEqual(second.credential.credentialSubject, first.credential.credentialSubject);
  });

  it('keeps message entries in their own 2-bit lists, signed with each entry\'s value', async () => {
    const message = await services[0].allocate('acme', 'message', 'urn:uuid:m');
    const neighbour = await services[1].allocate('acme', 'message', 'urn:uuid:n');
    const suspension = await services[0].allocate('acme', 'suspension', 'urn:uuid:s2');
    assert.notEqual(message.listId, suspension.listId);
    assert.equal(message.listId, neighbour.listId);
    assert.equal(await services[0].changeValue(message, () => 2), 2);
    assert.equal(await services[1].changeValue(neighbour, () => 1), 1);
    const subject = (await services[1].signedList('acme', message.listId)).credential.credentialSubject as {statusPurpose: string; encodedList: string};
    assert.equal(subject.statusPurpose, 'message');
    const decoded = decodeStatusList(subject.encodedList);
    assert.equal(decoded.length, 131_072 * 2);
    assert.equal(statusValue(decoded, message.index, 2), 2);
    assert.equal(statusValue(decoded, neighbour.index, 2), 1);
    assert.equal(await services[1].value(message), 2);
    assert.equal(await services[0].isSet(neighbour), true);
    await assert.rejects(services[0].changeValue(message, () => 4), RangeError, 'a value wider than the entry is refused');
    await assert.rejects(services[0].setStatus(message, false), TypeError, 'a message entry does not take a bit');
  });

  it('decides each change from the value it replaces when changes race', async () => {
    const assignment = await services[0].allocate('acme', 'message', 'urn:uuid:race');
    // Each change adds one: lost updates would leave fewer than all of them counted.
    const results = await Promise.all([0, 1, 0].map((n) => services[n].changeValue(assignment, (current) => current + 1)));
    assert.deepEqual(results.sort(), [1, 2, 3]);
    assert.equal(await services[0].value(assignment), 3);
  });
});
