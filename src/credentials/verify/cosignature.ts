import {CredentialIssuancePurpose} from '@digitalbazaar/vc';
import {isObject} from '../../json.ts';
import {issuerId} from '../credential-fields.ts';

type Validate = CredentialIssuancePurpose['validate'];

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
  override async validate(...args: Parameters<Validate>): ReturnType<Validate> {
    const issued = await super.validate(...args);
    if (issued.valid) return issued;
    // The assertion purpose is the issuance purpose's parent: the same checks without "key is the issuer's".
    const assertion: {validate: Validate} = Object.getPrototypeOf(CredentialIssuancePurpose.prototype);
    const asserted = await assertion.validate.apply(this, args);
    const document = args[1].document;
    const issuer = isObject(document) ? issuerId(document) : undefined;
    return asserted.valid && asserted.controller?.id !== undefined && asserted.controller.id !== issuer ? asserted : issued;
  }
}
