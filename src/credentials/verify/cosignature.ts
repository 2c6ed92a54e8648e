import {CredentialIssuancePurpose} from '@digitalbazaar/vc';

type Validate = (proof: unknown, options: {document: unknown; verificationMethod?: unknown; [key: string]: unknown}) => Promise<{valid: boolean; error?: Error; controller?: {id?: string}}>;

/**
 * The proof purpose for a proof set. The library's issuance purpose demands
 * that every proof's key be the issuer's; in a set, a further proof by
 * another key is a co-signature (e.g. a reviewer over the review the
 * community endorses). Such a proof must still be its own controller's
 * assertion key, so it is checked with the plain assertion purpose the
 * issuance purpose builds on; the issuer stage then insists that at least
 * one proof is the issuer's. Every proof must still verify.
 */
export class ProofSetPurpose extends CredentialIssuancePurpose {
  async validate(...args: Parameters<Validate>): ReturnType<Validate> {
    const issued = await (CredentialIssuancePurpose.prototype as unknown as {validate: Validate}).validate.apply(this, args);
    if (issued.valid) return issued;
    // The assertion purpose is the issuance purpose's parent: the same checks without "key is the issuer's".
    const assertion = Object.getPrototypeOf(CredentialIssuancePurpose.prototype) as {validate: Validate};
    const asserted = await assertion.validate.apply(this, args);
    const document = args[1].document as {issuer?: unknown};
    const issuerId = typeof document.issuer === 'string' ? document.issuer : (document.issuer as {id?: unknown} | undefined)?.id;
    return asserted.valid && asserted.controller?.id !== undefined && asserted.controller.id !== issuerId ? asserted : issued;
  }
}
