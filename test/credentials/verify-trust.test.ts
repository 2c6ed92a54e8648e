import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {importJWK, SignJWT} from 'jose';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {encodeStatusList} from '../../src/credentials/bitstring.ts';
import type {VerificationReport} from '../../src/credentials/report.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, controllerDocument, createIssuer, resolverOf, sign, statusEntry, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

async function signJwt(payload: Json, issuer: TestIssuer): Promise<string> {
  const jwk = await Ed25519Multikey.toJwk({keyPair: issuer.keyPair, secretKey: true});
  const seed = Buffer.from(String(jwk.d), 'base64url').subarray(0, 32).toString('base64url');
  const key = await importJWK({...jwk, d: seed}, 'EdDSA');
  return new SignJWT(payload).setProtectedHeader({alg: 'EdDSA', kid: issuer.verificationMethod}).sign(key);
}

describe('verify: a credential is never a key or controller document', () => {
  const CREDENTIAL_URL = 'https://hallmark.example/credentials/1';

  /** What an issued credential could look like if it carried controller-document properties. */
  function credentialAsController(issuer: TestIssuer, extra: Json): Json {
    return {...controllerDocument(issuer), '@context': [CONTEXTS.credentialsV2, CONTEXTS.did, CONTEXTS.multikey], ...extra};
  }

  for (const [name, extra] of [
    ['typed VerifiableCredential', {type: ['VerifiableCredential', 'OpenBadgeCredential']}],
    ['carrying a proof', {proof: {type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z1'}}],
  ] as const) {
    it(`refuses a controller document ${name} (embedded proof and VC-JWT)`, async () => {
      const attacker = await createIssuer(CREDENTIAL_URL);
      const resolver = resolverOf({[CREDENTIAL_URL]: credentialAsController(attacker, extra)});
      const embedded = await verify(await sign(badge(attacker), attacker), {resolver, now: NOW});
      assert.equal(embedded.status, 'invalid');
      assert.match(check(embedded, 'proof').message, /is a credential .*not a key or controller document/);
      const jwt = await verify(await signJwt(badge(attacker), attacker), {resolver, now: NOW});
      assert.equal(jwt.status, 'invalid');
      assert.match(check(jwt, 'proof').message, /is a credential .*not a key or controller document/);
    });
  }

  it('refuses a credential as the controller of a key published elsewhere', async () => {
    const keyUrl = 'https://evil.example/key';
    const generated = await (await createIssuer()).keyPair.export({publicKey: true, secretKey: true});
    const keyPair = await Ed25519Multikey.from({...generated, id: keyUrl, controller: CREDENTIAL_URL});
    const attacker: TestIssuer = {id: CREDENTIAL_URL, verificationMethod: keyUrl, publicKeyMultibase: String(generated.publicKeyMultibase), keyPair};
    const keyDocument = {'@context': CONTEXTS.multikey, id: keyUrl, type: 'Multikey', controller: CREDENTIAL_URL, publicKeyMultibase: attacker.publicKeyMultibase};
    const served = {'@context': [CONTEXTS.credentialsV2, CONTEXTS.did], id: CREDENTIAL_URL, type: ['VerifiableCredential'], assertionMethod: [keyUrl]};
    const resolver = resolverOf({[CREDENTIAL_URL]: served, [keyUrl]: keyDocument});
    const report = await verify(await sign(badge(attacker), attacker), {resolver, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /is a credential/);
  });

  it('refuses a key document that is itself a credential', async () => {
    const keyUrl = 'https://evil.example/key';
    const generated = await (await createIssuer()).keyPair.export({publicKey: true, secretKey: true});
    const issuerId = 'https://issuer.example/org';
    const keyPair = await Ed25519Multikey.from({...generated, id: keyUrl, controller: issuerId});
    const signer: TestIssuer = {id: issuerId, verificationMethod: keyUrl, publicKeyMultibase: String(generated.publicKeyMultibase), keyPair};
    const keyDocument = {'@context': CONTEXTS.multikey, id: keyUrl, type: ['Multikey', 'VerifiableCredential'], controller: issuerId, publicKeyMultibase: signer.publicKeyMultibase};
    const controller = {'@context': CONTEXTS.did, id: issuerId, assertionMethod: [keyUrl]};
    const report = await verify(await sign(badge(signer), signer), {resolver: resolverOf({[keyUrl]: keyDocument, [issuerId]: controller}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /is a credential/);
  });
});

describe('verify: status purposes', () => {
  const url = 'https://status.example/purposes';

  async function withPurpose(purpose: string): Promise<VerificationReport> {
    const issuer = await createIssuer();
    const list = await sign(
      {
        '@context': [CONTEXTS.credentialsV2],
        id: url,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuer.id,
        validFrom: '2024-01-01T00:00:00Z',
        credentialSubject: {id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: encodeStatusList([3], 131_072)},
      },
      issuer,
    );
    const credential = await sign(badge(issuer, {credentialStatus: {...statusEntry(url, 'revocation', 3), statusPurpose: purpose}}), issuer);
    return verify(credential, {resolver: resolverOf({[url]: list}), now: NOW});
  }

  for (const purpose of ['Revocation', 'revoked', 'expiry']) {
    it(`an unrecognised statusPurpose (${purpose}) leaves the status unknown: invalid`, async () => {
      const report = await withPurpose(purpose);
      assert.equal(report.status, 'invalid');
      assert.equal(check(report, 'status').result, 'failed');
      assert.match(check(report, 'status').message, new RegExp(`statusPurpose "${purpose}", which is not one of`));
    });
  }

  it('a set refresh bit is reported, not fatal', async () => {
    const report = await withPurpose('refresh');
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'status').result, 'warning');
  });

  it('a set 1-bit message entry without statusMessage says "set", which is not valid', async () => {
    const report = await withPurpose('message');
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'status').result, 'failed');
    assert.match(check(report, 'status').message, /its issuer set status 0x1 "set"/);
  });
});

describe('verify: the issuer check says what the controller document shows', () => {
  for (const id of ['https://issuer.example/org', 'did:web:issuer.example']) {
    it(`${id}: a key listed only under verificationMethod is not said to be the issuer's for issuing`, async () => {
      const issuer = await createIssuer(id);
      const url = id.startsWith('did:web') ? 'https://issuer.example/.well-known/did.json' : id;
      const resolver = resolverOf({[url]: {...controllerDocument(issuer), assertionMethod: []}});
      const report = await verify(await sign(badge(issuer), issuer), {resolver, now: NOW});
      assert.equal(report.status, 'invalid');
      const message = check(report, 'issuer').message;
      assert.doesNotMatch(message, /controlled by the issuer/);
      assert.match(message, /does not list it as an assertionMethod/);
    });
  }

  it('a key the controller lists under assertionMethod is controlled by the issuer', async () => {
    const issuer = await createIssuer('https://issuer.example/org');
    const report = await verify(await sign(badge(issuer), issuer), {resolver: resolverOf({[issuer.id]: controllerDocument(issuer)}), now: NOW});
    assert.equal(report.status, 'valid');
    assert.match(check(report, 'issuer').message, /the proof's key is controlled by the issuer/);
  });
});
