import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import * as vcLibrary from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as ecdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as sdCryptosuite from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {loadContext} from '../../src/credentials/contexts.ts';
import {didKeyDocument} from '../../src/credentials/did-resolve.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, createIssuer, resolverOf, statusEntry, statusList, type Json} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

/**
 * ecdsa-sd-2023: a holder derives from the issuer's base proof a proof over
 * only what they choose to disclose. Leaving out credentialStatus or
 * validUntil must not make a revoked or expired credential look clean.
 */
const NOW = new Date('2025-06-01T00:00:00Z');

/*
 * src/types declares these libraries only as far as verification needs;
 * the holder's side (base proofs, derivation, P-256 keys) is typed here.
 */
interface EcdsaKeyPair {
  id?: string;
  controller?: string;
  publicKeyMultibase: string;
  signer(): unknown;
}
type Loader = vcLibrary.DocumentLoader;
const EcdsaMultikey = ecdsaMultikey as unknown as {generate(options: {curve: 'P-256'}): Promise<EcdsaKeyPair>};
const {createSignCryptosuite, createDiscloseCryptosuite} = sdCryptosuite as unknown as {
  createSignCryptosuite(options: {mandatoryPointers: string[]}): unknown;
  createDiscloseCryptosuite(options: {selectivePointers: string[]}): unknown;
};
const vc = vcLibrary as unknown as typeof vcLibrary & {
  derive(options: {verifiableCredential: Json; suite: unknown; documentLoader: Loader}): Promise<Json>;
};
const LIST_URL = 'https://status.example/lists/sd';

const documentLoader: Loader = async (url) => {
  if (!url.startsWith('did:key:')) return loadContext(url);
  const document = await didKeyDocument(url.split('#')[0]);
  const method = (document.verificationMethod as Json[])[0];
  const found = url.includes('#') ? {'@context': 'https://w3id.org/security/multikey/v1', ...method} : document;
  return {contextUrl: null, documentUrl: url, document: found};
};

describe('verify: selectively disclosed (ecdsa-sd-2023 derived) credentials', () => {
  let base: Json;
  let resolver: ReturnType<typeof resolverOf>;

  /** A derived credential disclosing `pointers` (beyond the mandatory issuer, type and name). */
  async function derive(pointers: string[]): Promise<Json> {
    const suite = new DataIntegrityProof({cryptosuite: createDiscloseCryptosuite({selectivePointers: pointers})});
    return vc.derive({verifiableCredential: base, suite, documentLoader});
  }

  before(async () => {
    const keyPair = await EcdsaMultikey.generate({curve: 'P-256'});
    const did = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
    keyPair.controller = did;
    // badge() reads only the issuer's id; the signing key is the P-256 one above.
    const named = await createIssuer(did);
    // The list is signed by an Ed25519 key of its own; the status stage accepts that with a warning.
    const list = await statusList(await createIssuer(), {url: LIST_URL, purpose: 'revocation', setBits: [42]});
    resolver = resolverOf({[LIST_URL]: list});
    const credential = badge(named, {
      id: 'urn:uuid:3f7f6f0e-6c1e-4f43-9d7c-2b8d2f0c1a11',
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: '2025-01-01T00:00:00Z',
      credentialStatus: statusEntry(LIST_URL, 'revocation', 42),
    });
    const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: createSignCryptosuite({mandatoryPointers: ['/issuer', '/type', '/name']})});
    base = await vc.issue({credential, suite, documentLoader, now: new Date('2024-06-01T00:00:00Z')});
  });

  it('a derived credential that leaves out credentialStatus and validUntil is invalid, not valid', async () => {
    const derived = await derive(['/credentialSubject', '/validFrom', '/id']);
    assert.equal(derived.credentialStatus, undefined);
    assert.equal(derived.validUntil, undefined);
    const report = await verify(derived, {resolver, now: NOW});
    assert.equal(check(report, 'proof').result, 'passed', check(report, 'proof').message);
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'status').result, 'failed');
    assert.match(check(report, 'status').message, /does not disclose its credentialStatus, so it cannot be shown not to be revoked/);
    assert.equal(check(report, 'validity-period').result, 'warning');
    assert.ok(report.warnings.some((warning) => /does not disclose whether it expires/.test(warning)), report.warnings.join(' | '));
  });

  it('a derived credential that discloses its status and expiry is judged on them', async () => {
    const derived = await derive(['/credentialSubject', '/validFrom', '/validUntil', '/id', '/credentialStatus']);
    const report = await verify(derived, {resolver, now: NOW});
    assert.equal(check(report, 'proof').result, 'passed', check(report, 'proof').message);
    assert.equal(report.status, 'revoked');
    assert.ok(!report.warnings.some((warning) => /does not disclose/.test(warning)));
  });

  it('discloses status but not expiry: a warning, and the status decides', async () => {
    const derived = await derive(['/credentialSubject', '/validFrom', '/id', '/credentialStatus']);
    const report = await verify(derived, {resolver, now: NOW});
    assert.equal(report.status, 'revoked');
    assert.match(check(report, 'validity-period').message, /does not disclose whether it expires/);
  });
});
