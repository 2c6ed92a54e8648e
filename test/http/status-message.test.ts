import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {decodeStatusList, statusValue} from '../../src/credentials/bitstring.ts';
import {validateAgainstOfficialSchema} from '../../src/credentials/schemas.ts';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

interface MessageEntry {
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
  statusSize: number;
  statusMessage: Array<{status: string; message: string}>;
}

/** One credential that can be suspended, reinstated and at last revoked: a `message` entry of 2 bits. */
describe('credential status: message entries', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    await createIssuer(t, 'other');
  });
  after(() => t.close());

  const verify = async (credential: unknown) => (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
  const change = (credentialId: unknown, ...changes: Array<[string, boolean]>) =>
    t.http.post('/issuers/acme/credentials/status').set(t.admin).send({
      credentialId,
      credentialStatus: changes.map(([statusPurpose, status]) => ({type: 'BitstringStatusListEntry', statusPurpose, status})),
    });
  const shows = (revoked: boolean, suspended: boolean) => [
    {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: revoked},
    {type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: suspended},
  ];
  const listValue = async (entry: MessageEntry) => {
    const list = JSON.parse((await t.http.get(new URL(entry.statusListCredential).pathname)).text);
    assert.equal(list.credentialSubject.statusPurpose, 'message');
    return statusValue(decodeStatusList(list.credentialSubject.encodedList), Number(entry.statusListIndex), entry.statusSize);
  };

  it('issues one entry committing to every value, which passes the official OB 3.0 schema', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const entry = credential.credentialStatus as MessageEntry;
    assert.ok(!Array.isArray(credential.credentialStatus), 'one credentialStatus object');
    assert.equal(entry.statusPurpose, 'message');
    assert.equal(entry.statusSize, 2);
    assert.deepEqual(entry.statusMessage, [
      {status: '0x0', message: 'valid'},
      {status: '0x1', message: 'suspended'},
      {status: '0x2', message: 'revoked'},
      {status: '0x3', message: 'undefined'},
    ]);
    assert.deepEqual(validateAgainstOfficialSchema(credential).problems, []);
    const report = await verify(credential);
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));

    const list = JSON.parse((await t.http.get(new URL(entry.statusListCredential).pathname)).text);
    assert.equal((await verify(list)).status, 'valid');
    const decoded = decodeStatusList(list.credentialSubject.encodedList);
    assert.ok(decoded.length / entry.statusSize >= 131_072, 'at least 131,072 entries of 2 bits');
  });

  it('suspends, reinstates, suspends again, revokes, and then refuses to reinstate', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const entry = credential.credentialStatus as MessageEntry;

    const suspended = await change(credential.id, ['suspension', true]);
    assert.equal(suspended.status, 200);
    assert.deepEqual(suspended.body.credentialStatus, shows(false, true));
    assert.equal(await listValue(entry), 1);
    assert.equal((await verify(credential)).status, 'suspended');

    const reinstated = await change(credential.id, ['suspension', false]);
    assert.equal(reinstated.status, 200);
    assert.deepEqual(reinstated.body.credentialStatus, shows(false, false));
    assert.equal(await listValue(entry), 0);
    assert.equal((await verify(credential)).status, 'valid');

    assert.equal((await change(credential.id, ['suspension', true])).status, 200);
    const revoked = await change(credential.id, ['revocation', true]);
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body.credentialStatus, shows(true, false));
    assert.equal(await listValue(entry), 2);
    const report = await verify(credential);
    assert.equal(report.status, 'revoked');
    assert.match(report.checks.find((check: {check: string}) => check.check === 'status').message, /0x2 "revoked"/);

    for (const attempt of [['suspension', false], ['revocation', false], ['suspension', true]] as Array<[string, boolean]>) {
      const refused = await change(credential.id, attempt);
      assert.equal(refused.status, 409, `${attempt.join(' ')} on a revoked credential`);
    }
    assert.equal((await change(credential.id, ['revocation', true])).status, 200, 'revoking again changes nothing');
    assert.equal(await listValue(entry), 2);
    assert.equal((await verify(credential)).status, 'revoked');
  });

  it('revokes straight from valid, and reinstating a valid credential changes nothing', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const reinstated = await change(credential.id, ['suspension', false]);
    assert.equal(reinstated.status, 200);
    assert.deepEqual(reinstated.body.credentialStatus, shows(false, false));
    assert.equal((await change(credential.id, ['revocation', true], ['suspension', false])).status, 200);
    assert.equal((await verify(credential)).status, 'revoked');
  });

  it('refuses contradictory changes without applying any of them', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const entry = credential.credentialStatus as MessageEntry;
    assert.equal((await change(credential.id, ['revocation', true], ['suspension', true])).status, 400);
    assert.equal((await change(credential.id, ['suspension', true], ['suspension', false])).status, 400);
    assert.equal(await listValue(entry), 0);
    assert.equal((await verify(credential)).status, 'valid');
  });

  it('does not let another issuer change it', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const foreign = await t.http.post('/issuers/other/credentials/status').set(t.admin)
      .send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(foreign.status, 404);
    assert.equal((await verify(credential)).status, 'valid');
  });

  const badRequests: Array<[string, unknown]> = [
    ['a message status change (changes are said as revocation or suspension)', {statusPurpose: 'message', status: '0x2'}],
    ['a hex value for a suspension', {statusPurpose: 'suspension', status: '0x1'}],
    ['an extra statusMessage', {statusPurpose: 'suspension', status: true, statusMessage: [{status: '0x1', message: 'valid'}]}],
  ];
  for (const [what, body] of badRequests) {
    it(`answers 400 to ${what}, changing nothing`, async () => {
      const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
      const response = await t.http.post('/issuers/acme/credentials/status').set(t.admin)
        .send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', ...(body as object)}]});
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(await listValue(credential.credentialStatus as MessageEntry), 0);
    });
  }

  it('refuses an unknown status purpose at issuance', async () => {
    const response = await t.http.post('/issuers/acme/credentials/issue').set(t.admin).send({credential: BADGE, options: {statusPurpose: 'messages'}});
    assert.equal(response.status, 400);
  });
});
