import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as stockEddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {pinnedContextLoader} from '../../src/credentials/contexts.ts';
import {generateEd25519Key, signCredential, type ProofType, type SigningKey} from '../../src/credentials/sign.ts';
import {signerFor} from '../../src/credentials/signers.ts';
import {differentialCredential, outcome} from './helpers/differential.ts';

/**
 * The signing fast path (keys imported once, signatures by node:crypto on
 * the cached key) against the stock path: @digitalbazaar/vc's issue with
 * the stock suites, which import the key for every signature. Ed25519 is
 * deterministic, so for the same key, credential and proof date the output
 * must be the same bytes, not merely verify.
 */
type Json = Record<string, unknown>;
const PROOF_TYPES: ProofType[] = ['DataIntegrityProof', 'Ed25519Signature2020'];

async function newKey(): Promise<SigningKey> {
  const generated = await generateEd25519Key();
  const did = `did:key:${generated.publicKeyMultibase}`;
  return {verificationMethod: `${did}#${generated.publicKeyMultibase}`, controller: did, ...generated};
}

/** What signCredential did before the fast path: the libraries' own key import and signer, the stock suites. */
async function stockSign(credential: Json, key: SigningKey, proofType: ProofType, date: Date): Promise<Json> {
  const exported = {id: key.verificationMethod, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase};
  let suite: unknown;
  if (proofType === 'Ed25519Signature2020') {
    const keyPair = await Ed25519VerificationKey2020.from({...exported, type: 'Ed25519VerificationKey2020', privateKeyMultibase: key.secretKeyMultibase});
    suite = new Ed25519Signature2020({key: keyPair, date});
  } else {
    const keyPair = await Ed25519Multikey.from({...exported, type: 'Multikey', secretKeyMultibase: key.secretKeyMultibase});
    suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: stockEddsaRdfc2022, date});
  }
  return vc.issue({credential: structuredClone(credential), suite, documentLoader: pinnedContextLoader});
}

async function librarySignature(key: SigningKey, proofType: ProofType, data: Uint8Array): Promise<Buffer> {
  const exported = {id: key.verificationMethod, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase};
  const signer =
    proofType === 'Ed25519Signature2020'
      ? (await Ed25519VerificationKey2020.from({...exported, type: 'Ed25519VerificationKey2020', privateKeyMultibase: key.secretKeyMultibase})).signer()
      : (await Ed25519Multikey.from({...exported, type: 'Multikey', secretKeyMultibase: key.secretKeyMultibase})).signer();
  return Buffer.from(await signer.sign({data}));
}

function credentialOf(key: SigningKey, proofType: ProofType, name: string, narrative: string, index: number): Json {
  return differentialCredential({issuer: key.controller, proofType, name, subjectName: name, narrative, index});
}


describe('signing fast path vs the stock libraries (byte-identical output)', () => {
  it('signs every credential exactly as @digitalbazaar/vc with the stock suites does, for both proof types and many keys', async () => {
    const keys = await Promise.all(Array.from({length: 4}, newKey));
    const text = fc.oneof(fc.string({unit: 'grapheme', maxLength: 30}), fc.constantFrom('', '"\\\n\t', 'ø', 'e\u0301'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROOF_TYPES),
        fc.nat({max: keys.length - 1}),
        text,
        text,
        fc.integer({min: 0, max: 100_000}),
        fc.date({min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true}),
        async (proofType, which, name, narrative, index, date) => {
          runs++;
          const key = keys[which];
          const credential = credentialOf(key, proofType, name, narrative, index);
          const [fast, stock] = [await signCredential(credential, key, proofType, date), await stockSign(credential, key, proofType, date)];
          assert.equal(JSON.stringify(fast), JSON.stringify(stock));
        },
      ),
      {numRuns: 120},
    );
    assert.ok(runs >= 120);
  });

  it('gives the libraries\' signatures for any data, including keys whose secret belongs to another public key', async () => {
    const keys = await Promise.all(Array.from({length: 3}, newKey));
    // Same verification method and public key, another secret: the cache must not hand back the first key's signer.
    const swapped = keys.map((key, index) => ({...key, secretKeyMultibase: keys[(index + 1) % keys.length].secretKeyMultibase}));
    const all = [...keys, ...swapped];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROOF_TYPES), fc.nat({max: all.length - 1}), fc.uint8Array({maxLength: 200}), async (proofType, which, data) => {
        const key = all[which];
        const fast = Buffer.from(await (await signerFor(key, proofType)).sign({data}));
        assert.ok(fast.equals(await librarySignature(key, proofType, data)));
      }),
      {numRuns: 300},
    );
  });

  it('imports a key once: the same signer for the same key material, even in a fresh object, and another for another secret or suite', async () => {
    const [key, other] = [await newKey(), await newKey()];
    const first = await signerFor(key, 'DataIntegrityProof');
    // IssuanceService unseals the key into a new object for every issuance.
    assert.equal(await signerFor({...key}, 'DataIntegrityProof'), first);
    assert.notEqual(await signerFor({...key, secretKeyMultibase: other.secretKeyMultibase}, 'DataIntegrityProof'), first);
    assert.notEqual(await signerFor(key, 'Ed25519Signature2020'), first);
    assert.equal(first.algorithm, 'Ed25519');
    assert.equal(first.id, key.verificationMethod);
  });

  it('refuses a key the libraries refuse, every time, for both proof types', async () => {
    const key = await newKey();
    const credential = credentialOf(key, 'DataIntegrityProof', 'n', 'x', 1);
    const broken = [
      {...key, secretKeyMultibase: 'not-multibase'},
      {...key, secretKeyMultibase: `z${'1'.repeat(10)}`},
      {...key, publicKeyMultibase: 'zBad'},
    ];
    for (const proofType of PROOF_TYPES) {
      for (const bad of broken) {
        const date = new Date('2024-03-01T00:00:00Z');
        const stock = await outcome(() => stockSign(credentialOf(key, proofType, 'n', 'x', 1), bad, proofType, date));
        for (let attempt = 0; attempt < 2; attempt++) {
          const fast = await outcome(() => signCredential(credentialOf(key, proofType, 'n', 'x', 1), bad, proofType, date));
          assert.equal(JSON.stringify(fast), JSON.stringify(stock), `${proofType} ${bad.secretKeyMultibase}/${bad.publicKeyMultibase} attempt ${attempt}`);
        }
      }
    }
    // And the good key still signs after all that.
    assert.ok((await signCredential(credential, key, 'DataIntegrityProof')).proof);
  });
});
