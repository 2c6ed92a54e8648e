import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {canonizeRdfc, type CanonizeOptions} from './canonize.ts';

/**
 * The two suites we sign with, canonicalising through canonize.ts instead
 * of their own copy of jsonld.js. Everything else (proof options, hashing,
 * signatures, proof purposes) stays the library's.
 */
export const eddsaRdfc2022Cryptosuite = {...eddsaRdfc2022, canonize: canonizeRdfc};

export class Ed25519Signature2020Rdfc extends Ed25519Signature2020 {
  /** As jsonld-signatures' LinkedDataSignature.canonize, with the same options. */
  async canonize(input: unknown, {documentLoader, expansionMap, skipExpansion}: CanonizeOptions & {expansionMap?: unknown; skipExpansion?: boolean}): Promise<string> {
    if (expansionMap) throw new Error('"expansionMap" not supported.');
    return canonizeRdfc(input, {algorithm: 'RDFC-1.0', base: null, format: 'application/n-quads', documentLoader, safe: true, skipExpansion});
  }
}
