import {DataIntegrityProof, type DataIntegritySignatureOptions} from '@digitalbazaar/data-integrity';
import {decodeBase58} from '../base58.ts';

/**
 * DataIntegrityProof for verification, with base58btc proofValues decoded
 * by base58.ts: the library's decoder was the largest single cost of a
 * proof check after canonicalisation and the signature itself. Everything
 * else is the library's verifySignature, step for step; whatever this does
 * not handle the same way (a proofValue that is not base58btc or holds
 * characters outside the alphabet, a verifier of an unsupported algorithm)
 * goes to the library's own method, so errors read exactly as before.
 */
export class DataIntegrityVerifier extends DataIntegrityProof {
  override async verifySignature(options: DataIntegritySignatureOptions): Promise<boolean> {
    const {proofValue} = options.proof;
    const signature = typeof proofValue === 'string' && proofValue.startsWith('z') ? decodeBase58(proofValue.slice(1)) : undefined;
    if (!signature) return super.verifySignature(options);
    const verifier = await this.createVerifier({verificationMethod: options.verificationMethod});
    const required = this.requiredAlgorithm;
    const supported = Array.isArray(required) ? required.includes(verifier.algorithm) : required === verifier.algorithm;
    if (!supported) return super.verifySignature(options);
    return verifier.verify({data: options.verifyData, signature});
  }
}
