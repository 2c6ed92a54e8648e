import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {eddsaRdfc2022Cryptosuite, Ed25519Signature2020Rdfc} from '../rdfc-suites.ts';

/**
 * The proof suites verification accepts, built once: verifying suites hold
 * no per-call state.
 *
 * `eddsa-2022` is the name eddsa-rdfc-2022 had in the 2022–2023 drafts of
 * the Data Integrity EdDSA specification: the same RDF canonicalisation,
 * SHA-256 hashes and Ed25519 signature, used with the data-integrity/v1
 * context. It is verified by the same cryptosuite under its old name.
 */
export const LEGACY_EDDSA_CRYPTOSUITE = 'eddsa-2022';

export const verificationSuites: unknown[] = [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022Cryptosuite}),
  new DataIntegrityProof({cryptosuite: {...eddsaRdfc2022Cryptosuite, name: LEGACY_EDDSA_CRYPTOSUITE}, legacyContext: true}),
  new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()}),
  new Ed25519Signature2020Rdfc(),
];

/** The proof type/cryptosuite pairs the suites above match, for readable refusals. */
export const SUPPORTED_PROOFS = [
  'DataIntegrityProof/eddsa-rdfc-2022',
  `DataIntegrityProof/${LEGACY_EDDSA_CRYPTOSUITE}`,
  'DataIntegrityProof/ecdsa-sd-2023',
  'Ed25519Signature2020',
];

export function proofKind(proof: {type?: unknown; cryptosuite?: unknown}): string {
  return proof.type === 'DataIntegrityProof' ? `DataIntegrityProof/${String(proof.cryptosuite)}` : String(proof.type);
}
