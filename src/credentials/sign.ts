import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {copyJson} from '../json-copy.ts';
import {CONTEXTS, pinnedContextLoader} from './contexts.ts';
import {eddsaRdfc2022Cryptosuite, Ed25519Signature2020Rdfc} from './rdfc-suites.ts';

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
  const exported = {
    id: key.verificationMethod,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
  if (proofType === 'Ed25519Signature2020') {
    const keyPair = await Ed25519VerificationKey2020.from({
      ...exported,
      type: 'Ed25519VerificationKey2020',
      privateKeyMultibase: key.secretKeyMultibase,
    });
    return new Ed25519Signature2020Rdfc({key: keyPair, date});
  }
  const keyPair = await Ed25519Multikey.from({...exported, type: 'Multikey', secretKeyMultibase: key.secretKeyMultibase});
  return new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022Cryptosuite, date});
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
