import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {decodeStatusList, statusBit} from '../../src/credentials/bitstring.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

describe('credential status', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    await createIssuer(t, 'other');
  });
  after(() => t.close());

  const verify = async (credential: unknown) => (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
  const setStatus = (slug: string, credentialId: unknown, statusPurpose: string, status: boolean) =>
    t.http.post(`/issuers/${slug}/credentials/status`).set(t.admin).send({credentialId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose, status}]});

  it('revokes for good: verification turns revoked and reinstating is refused', async () => {
    const credential = await issueBadge(t);
    assert.equal((await verify(credential)).status, 'valid');
    const revoked = await setStatus('acme', credential.id, 'revocation', true);
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body.credentialStatus, [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]);
    const report = await verify(credential);
    assert.equal(report.status, 'revoked');
    assert.equal(report.verified, false);
    const proof = report.checks.find((check: {check: string}) => check.check === 'proof');
    assert.equal(proof.result, 'passed', 'the signature is still good; only the status says no');
    assert.equal((await setStatus('acme', credential.id, 'revocation', false)).status, 409);
    assert.equal((await verify(credential)).status, 'revoked');
  });

  it('suspends and reinstates a credential issued with a suspension entry', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'suspension'});
    assert.equal((credential.credentialStatus as {statusPurpose: string}).statusPurpose, 'suspension');
    assert.equal((await setStatus('acme', credential.id, 'suspension', true)).status, 200);
    assert.equal((await verify(credential)).status, 'suspended');
    assert.equal((await setStatus('acme', credential.id, 'suspension', false)).status, 200);
    assert.equal((await verify(credential)).status, 'valid');
  });

  it('revokes a suspension entry for good: the bit stays set, our report says revoked and why, nothing reinstates it', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'suspension'});
    const entry = credential.credentialStatus as {statusListCredential: string; statusListIndex: string};
    const revoked = await setStatus('acme', credential.id, 'revocation', true);
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body.credentialStatus, [
      {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true},
      {type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: false},
    ]);
    const list = JSON.parse((await t.http.get(new URL(entry.statusListCredential).pathname)).text);
    assert.equal(statusBit(decodeStatusList(list.credentialSubject.encodedList), Number(entry.statusListIndex)), true, 'the list says suspended, which every verifier reads');
    const report = await verify(credential);
    assert.equal(report.status, 'revoked');
    assert.match(report.checks.find((check: {check: string}) => check.check === 'status').message, /revoked by its issuer .*suspended for good/);
    for (const [purpose, status] of [['suspension', false], ['suspension', true], ['revocation', false]] as const) {
      assert.equal((await setStatus('acme', credential.id, purpose, status)).status, 409, `${purpose} ${status} on a revoked credential`);
    }
    assert.equal((await setStatus('acme', credential.id, 'revocation', true)).status, 200, 'revoking again changes nothing');
    assert.equal((await verify(credential)).status, 'revoked');
    const svg = await t.hallmark.services.badges.status(String(credential.id));
    assert.equal(svg.state, 'revoked', 'the README badge says revoked too');
  });

  it('refuses contradictory changes in one request without applying any of them', async () => {
    const credential = await issueBadge(t);
    const response = await t.http.post('/issuers/acme/credentials/status').set(t.admin).send({
      credentialId: credential.id,
      credentialStatus: [
        {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true},
        {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: false},
      ],
    });
    assert.equal(response.status, 400);
    assert.equal((await verify(credential)).status, 'valid');
  });

  it('refuses a status purpose the credential does not carry', async () => {
    const credential = await issueBadge(t);
    const response = await setStatus('acme', credential.id, 'suspension', true);
    assert.equal(response.status, 409);
    assert.equal((await verify(credential)).status, 'valid');
  });

  it('does not let one issuer change another issuer\'s credential', async () => {
    const credential = await issueBadge(t, 'acme');
    assert.equal((await setStatus('other', credential.id, 'revocation', true)).status, 404);
    const token = (await t.http.post('/api/v1/issuers/other/tokens').set(t.admin).send({})).body.token;
    const viaToken = await t.http.post('/issuers/acme/credentials/status').set('Authorization', `Bearer ${token}`)
      .send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(viaToken.status, 403);
    assert.equal((await verify(credential)).status, 'valid');
  });

  const badUpdates: Array<[string, unknown, number]> = [
    ['no body', {}, 400],
    ['an unknown purpose', {credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'message', status: true}]}, 400],
    ['a non-boolean status', {credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: 'yes'}]}, 400],
    ['a foreign credential id', {credentialId: 'https://elsewhere.example/credentials/1', credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}, 400],
    ['an unknown credential', {credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}, 404],
  ];
  for (const [what, body, status] of badUpdates) {
    it(`answers ${status} to ${what}`, async () => {
      const response = await t.http.post('/issuers/acme/credentials/status').set(t.admin).send(body as object);
      assert.equal(response.status, status, JSON.stringify(response.body));
    });
  }

  it('publishes a signed list of at least 131,072 entries with revalidation headers', async () => {
    const credential = await issueBadge(t);
    const entry = credential.credentialStatus as {statusListCredential: string; statusListIndex: string};
    const path = new URL(entry.statusListCredential).pathname;
    const first = await t.http.get(path);
    assert.equal(first.status, 200);
    assert.match(first.headers['cache-control'], /max-age=(\d|[1-5]\d)\b/);
    const list = JSON.parse(first.text);
    assert.ok(list.type.includes('BitstringStatusListCredential'));
    const decoded = decodeStatusList(list.credentialSubject.encodedList);
    assert.ok(decoded.length >= 131_072);
    assert.equal(statusBit(decoded, Number(entry.statusListIndex)), false);
    assert.equal((await t.http.get(path).set('If-None-Match', first.headers.etag)).status, 304);
    assert.equal((await verify(list)).status, 'valid');

    await setStatus('acme', credential.id, 'revocation', true);
    const second = await t.http.get(path).set('If-None-Match', first.headers.etag);
    assert.equal(second.status, 200, 'a revocation changes the ETag at once');
    assert.equal(statusBit(decodeStatusList(JSON.parse(second.text).credentialSubject.encodedList), Number(entry.statusListIndex)), true);
    assert.equal((await t.http.get('/issuers/other' + path.slice('/issuers/acme'.length))).status, 404);
  });

  it('allocates distinct random indexes under concurrent issuance', async () => {
    const credentials = await Promise.all(Array.from({length: 60}, () => issueBadge(t, 'other')));
    const keys = credentials.map((credential) => {
      const entry = credential.credentialStatus as {statusListCredential: string; statusListIndex: string};
      return `${entry.statusListCredential}#${entry.statusListIndex}`;
    });
    assert.equal(new Set(keys).size, keys.length);
    const indexes = credentials.map((credential) => Number((credential.credentialStatus as {statusListIndex: string}).statusListIndex));
    const sequential = indexes.every((index, position) => position === 0 || index === indexes[position - 1] + 1);
    assert.equal(sequential, false, 'indexes are random, not sequential');
  });
});
