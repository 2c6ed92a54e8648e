import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {copyJson} from '../json-copy.ts';
import {CONTEXTS, pinnedContextLoader} from './contexts.ts';
import {eddsaRdfc2022Cryptosuite, Ed25519Signature2020Rdfc} from './rdfc-suites.ts';
import {signerFor} from './signers.ts';

export type ProofType = 'DataIntegrityProof' | 'Ed25519Signature2020';

/** An Ed25519 key ready to sign, named by its verification method. */
export interface SigningKey {
  verificationMethod: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}


/**
 * Signs `credential` (which must already carry its final @context) with the
 * chosen suite through @digitalbazaar/vc. `created` pins the proof date, which
 * the spec test vector needs to reproduce its proofValue.
 */
export async function signCredential(
  credential: Record<string, unknown>,
  key: SigningKey,
  proofType: ProofType,
  created?: Date,
): Promise<Record<string, unknown>> {
  const suite = await createSuite(key, proofType, created);
  return vc.issue({credential: copyJson(credential), suite, documentLoader: pinnedContextLoader});
}

async function createSuite(key: SigningKey, proofType: ProofType, date?: Date): Promise<unknown> {
  // A suite holds its date and the hash of the document it signed, so each signature gets a new one; the imported key is shared.
  const signer = await signerFor(key, proofType);
  if (proofType === 'Ed25519Signature2020') return new Ed25519Signature2020Rdfc({signer, date});
  return new DataIntegrityProof({signer, cryptosuite: eddsaRdfc2022Cryptosuite, date});
}

/** The legacy suite needs its own context term definitions in the credential. */
export function contextsForProof(contexts: string[], proofType: ProofType): string[] {
  if (proofType === 'Ed25519Signature2020' && !contexts.includes(CONTEXTS.ed25519Signature2020)) {
    return [...contexts, CONTEXTS.ed25519Signature2020];
  }
  return contexts;
}

export async function generateEd25519Key(): Promise<{publicKeyMultibase: string; secretKeyMultibase: string}> {
  const keyPair = await Ed25519Multikey.generate();
  const exported = await keyPair.export({publicKey: true, secretKey: true});
  return {publicKeyMultibase: String(exported.publicKeyMultibase), secretKeyMultibase: String(exported.secretKeyMultibase)};
}
