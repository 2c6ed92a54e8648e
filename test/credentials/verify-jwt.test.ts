import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload} from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, controllerDocument, createIssuer, resolverOf, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

async function signEdDsa(payload: JWTPayload, issuer: TestIssuer, kid = issuer.verificationMethod): Promise<string> {
  const jwk = await Ed25519Multikey.toJwk({keyPair: issuer.keyPair, secretKey: true});
  // The multikey secret is seed ‖ public key; a JWK's d is the 32-byte seed alone.
  const seed = Buffer.from(String(jwk.d), 'base64url').subarray(0, 32).toString('base64url');
  const key = await importJWK({...jwk, d: seed}, 'EdDSA');
  return new SignJWT(payload).setProtectedHeader({alg: 'EdDSA', kid, typ: 'vc+jwt'}).sign(key);
}

function encode(part: Json): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
}

/** A VC 1.1 credential in a `vc` claim, as OB 3.0 VC-JWTs carried it. */
function v1Payload(issuer: TestIssuer): JWTPayload {
  const {validFrom: _validFrom, ...credential} = badge(issuer);
  return {
    vc: {...credential, '@context': [CONTEXTS.credentialsV1, CONTEXTS.ob], issuanceDate: '2024-01-01T00:00:00Z'},
    iss: issuer.id,
    jti: String(credential.id),
    nbf: Date.parse('2024-01-01T00:00:00Z') / 1000,
    sub: 'https://example.org/packages/left-pad',
  };
}

describe('verify: VC-JWT', () => {
  let issuer: TestIssuer;
  const noDocuments = resolverOf({});

  before(async () => {
    issuer = await createIssuer();
  });

  it('verifies a VC 2.0 credential signed as the JWT payload (EdDSA, kid)', async () => {
    const token = await signEdDsa(badge(issuer), issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'valid');
    assert.match(check(report, 'proof').message, /^JWT signed by did:key:.* with EdDSA; signature verified\.$/);
  });

  it('verifies a VC 1.1 credential in a vc claim and checks its registered claims', async () => {
    const report = await verify(await signEdDsa(v1Payload(issuer), issuer), {resolver: noDocuments, now: NOW});
    assert.equal(report.verified, true);
    assert.equal(report.credential?.validFrom, '2024-01-01T00:00:00Z');
  });

  it('honours exp when the credential itself has no end date', async () => {
    const token = await signEdDsa({...badge(issuer), exp: Date.parse('2025-01-01T00:00:00Z') / 1000}, issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'expired');
    assert.equal(check(report, 'proof').result, 'passed');
  });

  it('refuses terms no context defines, as canonicalisation would for an embedded proof', async () => {
    const token = await signEdDsa({...badge(issuer), type: ['VerifiableCredential', 'OtherCredential']}, issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'context').message, /OtherCredential/);
    assert.equal(check(report, 'proof').result, 'passed');
  });

  it('fails when jti names another credential', async () => {
    const token = await signEdDsa({...v1Payload(issuer), jti: 'urn:uuid:00000000-0000-4000-8000-000000000000'}, issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /jti/);
  });

  it('fails when iss is not the credential issuer', async () => {
    const token = await signEdDsa({...v1Payload(issuer), iss: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'}, issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'issuer').message, /iss/);
  });

  it('fails when a date claim is not a NumericDate, instead of ignoring the limit it sets', async () => {
    for (const claim of ['exp', 'nbf', 'iat'] as const) {
      for (const value of ['2025-01-01T00:00:00Z', null, {seconds: 1}, 1e20]) {
        const token = await signEdDsa({...badge(issuer), [claim]: value} as JWTPayload, issuer);
        const report = await verify(token, {resolver: noDocuments, now: NOW});
        assert.equal(report.status, 'invalid', `${claim}: ${JSON.stringify(value)}`);
        assert.match(check(report, 'proof').message, new RegExp(`its ${claim} .* is not a NumericDate`));
      }
    }
  });

  it('accepts numeric date claims that agree with the credential', async () => {
    const token = await signEdDsa({...badge(issuer), nbf: Date.parse('2024-01-01T00:00:00Z') / 1000, iat: Date.parse('2024-01-01T00:00:00Z') / 1000}, issuer);
    assert.equal((await verify(token, {resolver: noDocuments, now: NOW})).status, 'valid');
  });

  it('fails when sub and credentialSubject.id name different subjects', async () => {
    const payload = v1Payload(issuer);
    const vcClaim = payload.vc as Json;
    const token = await signEdDsa({...payload, sub: 'https://example.org/packages/right-pad'}, issuer);
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /its sub "https:\/\/example\.org\/packages\/right-pad" is not the credentialSubject id "https:\/\/example\.org\/packages\/left-pad"/);
    // sub alone still names the subject; agreeing ones pass.
    assert.equal((vcClaim.credentialSubject as Json).id, 'https://example.org/packages/left-pad');
    assert.equal((await verify(await signEdDsa(payload, issuer), {resolver: noDocuments, now: NOW})).status, 'valid');
    const {id: _id, ...anonymous} = vcClaim.credentialSubject as Json;
    const subOnly = await signEdDsa({...payload, vc: {...vcClaim, credentialSubject: anonymous}}, issuer);
    const filled = await verify(subOnly, {resolver: noDocuments, now: NOW});
    assert.equal(filled.status, 'valid');
    assert.equal((filled.credential?.subject as Json).id, payload.sub);
  });

  it('refuses an unsigned JWT (alg none)', async () => {
    const token = `${encode({alg: 'none', typ: 'JWT'})}.${encode(badge(issuer))}.`;
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /alg "none"/);
  });

  it('refuses an HMAC-signed JWT (HS256)', async () => {
    const token = await new SignJWT(badge(issuer)).setProtectedHeader({alg: 'HS256'}).sign(new TextEncoder().encode('a shared secret of 32 bytes.....'));
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /HS256/);
  });

  it('fails when the payload is swapped under a valid signature', async () => {
    const [header, , signature] = (await signEdDsa(badge(issuer), issuer)).split('.');
    const token = `${header}.${encode(badge(issuer, {name: 'Forged release'}))}.${signature}`;
    const report = await verify(token, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'proof').result, 'failed');
  });

  it('fails when kid names a key of someone else', async () => {
    const other = await createIssuer();
    const report = await verify(await signEdDsa(badge(issuer), other), {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
  });

  it('fails the context check when statements about the credential are hidden in another node with its id', async () => {
    const listUrl = 'https://status.example/lists/jwt';
    const list = await statusList(issuer, {url: listUrl, purpose: 'revocation', setBits: [7]});
    const credential = badge(issuer);
    // Typed VerifiableCredential so the VC terms apply; JSON-LD merges it into the credential's own node.
    const hidden = {id: credential.id, type: ['Evidence', 'VerifiableCredential'], validUntil: '2001-01-01T00:00:00Z', credentialStatus: statusEntry(listUrl, 'revocation', 7)};
    const report = await verify(await signEdDsa({...credential, evidence: [hidden]}, issuer), {resolver: resolverOf({[listUrl]: list}), now: NOW});
    assert.equal(check(report, 'proof').result, 'passed');
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'context').result, 'failed');
    assert.match(check(report, 'context').message, /validUntil where a reader cannot see it/);
    assert.match(check(report, 'context').message, /credentialStatus where a reader cannot see it/);
  });

  it('still fails the context check for a term no context defines (the same expansion)', async () => {
    const report = await verify(await signEdDsa(badge(issuer, {undefinedTerm: 'x'}), issuer), {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'context').message, /JSON-LD processing fails: the term "undefinedTerm" is not defined/);
  });
});

describe('verify: VC-JWT with the key in the header (RS256, ES256)', () => {
  const issuerId = 'https://issuer.example/profiles/9';

  async function headerJwkToken(alg: 'RS256' | 'ES256'): Promise<string> {
    const {publicKey, privateKey} = await generateKeyPair(alg);
    const payload = {...badge({id: issuerId} as TestIssuer), iss: issuerId};
    return new SignJWT(payload).setProtectedHeader({alg, jwk: await exportJWK(publicKey)}).sign(privateKey);
  }

  it('refuses the header key by default when the issuer publishes no key document: anyone could have made it', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const report = await verify(await headerJwkToken(alg), {resolver: resolverOf({}), now: NOW});
      assert.equal(report.status, 'invalid', alg);
      assert.equal(check(report, 'proof').result, 'passed');
      assert.equal(check(report, 'issuer').result, 'failed');
      assert.match(check(report, 'issuer').message, /named only by the credential itself \(in its JWT header\); https:\/\/issuer\.example\/profiles\/9 publishes no key document we could retrieve, so nothing shows the key is the issuer's/);
    }
  });

  it('accepts the header key with a warning when embedded keys are trusted', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const report = await verify(await headerJwkToken(alg), {resolver: resolverOf({}), now: NOW, trustEmbeddedKeys: true});
      assert.equal(report.status, 'valid', alg);
      assert.equal(check(report, 'issuer').result, 'warning');
      assert.ok(report.warnings.some((warning) => warning.includes('not independently confirmed')));
    }
  });

  it('refuses a did:web issuer\'s header key by default when its DID document cannot be obtained', async () => {
    const {publicKey, privateKey} = await generateKeyPair('ES256');
    const iss = 'did:web:issuer.example:offices:3';
    const token = await new SignJWT({...badge({id: iss} as TestIssuer), iss}).setProtectedHeader({alg: 'ES256', jwk: await exportJWK(publicKey)}).sign(privateKey);
    const report = await verify(token, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'issuer').message, /named only by the credential itself/);
  });

  it('refuses the header key when the issuer\'s published document does not list it', async () => {
    const published = await createIssuer(issuerId);
    const report = await verify(await headerJwkToken('RS256'), {resolver: resolverOf({[issuerId]: controllerDocument(published)}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /does not list/);
  });
});
