/** Contract: oidc-provider's Adapter over the storage port keeps what its memory adapter keeps, with secrets hashed or sealed. */
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {it} from 'node:test';
import {KeyVault} from '../../src/credentials/key-vault.ts';
import {OAuthStore, OAUTH_COLLECTION, type OAuthRecord} from '../../src/oauth/index.ts';
import type {ContractContext} from './contract.ts';

export function oauthAdapterContract(context: ContractContext): void {
  let clock = 1_800_000_000_000;
  const vault = new KeyVault(randomBytes(32));
  const open = async () => {
    const name = context.name('oauth');
    const records = await OAuthStore.open(context.store(), vault, {now: () => clock, collection: name});
    const raw = await context.store().collection<OAuthRecord>({...OAUTH_COLLECTION, name});
    return {records, raw};
  };

  it('finds what it stored, keeps bearer secrets only hashed, and gives the id back as jti', async () => {
    const {records, raw} = await open();
    const tokens = records.adapter('AccessToken');
    const secret = randomBytes(32).toString('base64url');
    await tokens.upsert(secret, {jti: secret, kind: 'AccessToken', accountId: 'rita', clientId: 'c1', grantId: 'g1', exp: 2_000_000_000}, 3600);
    assert.deepEqual(await tokens.find(secret), {kind: 'AccessToken', accountId: 'rita', clientId: 'c1', grantId: 'g1', exp: 2_000_000_000, jti: secret});
    assert.equal(await tokens.find('another'), undefined);
    const [stored] = await raw.find({grantId: 'g1'});
    assert.equal(JSON.stringify(stored).includes(secret), false, 'the token is not stored');
    await tokens.upsert(secret, {jti: secret, kind: 'AccessToken', accountId: 'rita', clientId: 'c1', grantId: 'g1', scope: 'x'}, 3600);
    assert.equal((await tokens.find(secret))?.scope, 'x', 'upsert replaces');
    assert.equal((await raw.find({grantId: 'g1'})).length, 1);
  });

  it('seals client secrets and opens them on reading', async () => {
    const {records, raw} = await open();
    const clients = records.adapter('Client');
    await clients.upsert('client-1', {client_id: 'client-1', client_secret: 'very-secret-value-0123456789', redirect_uris: ['https://a.example/cb']});
    assert.equal((await clients.find('client-1'))?.client_secret, 'very-secret-value-0123456789');
    assert.equal(JSON.stringify(await raw.get('Client:client-1')).includes('very-secret-value'), false);
  });

  it('forgets records once they expire', async () => {
    const {records} = await open();
    const codes = records.adapter('AuthorizationCode');
    await codes.upsert('code-1', {jti: 'code-1', grantId: 'g2'}, 60);
    clock += 59_000;
    assert.ok(await codes.find('code-1'));
    clock += 2_000;
    assert.equal(await codes.find('code-1'), undefined);
  });

  it('marks a code consumed, once and for all', async () => {
    const {records} = await open();
    const codes = records.adapter('AuthorizationCode');
    await codes.upsert('code-2', {jti: 'code-2', grantId: 'g3'}, 60);
    await codes.consume('code-2');
    assert.equal(typeof (await codes.find('code-2'))?.consumed, 'number');
  });

  it('finds a session by uid, with its id, and destroys it', async () => {
    const {records} = await open();
    const sessions = records.adapter('Session');
    await sessions.upsert('session-id-1', {jti: 'session-id-1', uid: 'uid-1', accountId: 'rita'}, 3600);
    assert.equal((await sessions.findByUid('uid-1'))?.jti, 'session-id-1');
    assert.equal(await sessions.findByUid('uid-2'), undefined);
    await sessions.destroy('session-id-1');
    assert.equal(await sessions.find('session-id-1'), undefined);
    assert.equal(await sessions.findByUid('uid-1'), undefined);
  });

  it('revokes every token of a grant, and only those', async () => {
    const {records} = await open();
    await records.adapter('AccessToken').upsert('at-1', {jti: 'at-1', grantId: 'g4'}, 3600);
    await records.adapter('RefreshToken').upsert('rt-1', {jti: 'rt-1', grantId: 'g4'}, 3600);
    await records.adapter('AccessToken').upsert('at-2', {jti: 'at-2', grantId: 'g5'}, 3600);
    await records.adapter('AccessToken').revokeByGrantId('g4');
    assert.equal(await records.adapter('AccessToken').find('at-1'), undefined);
    assert.equal(await records.adapter('RefreshToken').find('rt-1'), undefined);
    assert.ok(await records.adapter('AccessToken').find('at-2'));
  });

  it('lists the live grants an account holds', async () => {
    const {records} = await open();
    await records.adapter('Grant').upsert('grant-a', {jti: 'grant-a', accountId: 'sam', clientId: 'c1'}, 3600);
    await records.adapter('Grant').upsert('grant-b', {jti: 'grant-b', accountId: 'sam', clientId: 'c2'}, 10);
    await records.adapter('Grant').upsert('grant-c', {jti: 'grant-c', accountId: 'kim', clientId: 'c1'}, 3600);
    clock += 11_000;
    assert.deepEqual((await records.ofAccount('Grant', 'sam')).map((grant) => grant.id), ['grant-a']);
  });
}
