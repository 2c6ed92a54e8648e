import type {Check} from '../report.ts';
import {asArray, isObject, type JsonObject} from './json.ts';
import type {StatusStage} from './status.ts';
import type {ValidityStage} from './validity.ts';

/**
 * Selective disclosure: a holder derives from an ecdsa-sd-2023 base proof a
 * proof over only the statements they choose to show, and the derived
 * credential verifies. What it leaves out is not "absent", it is hidden:
 * a credential that does not disclose its credentialStatus may well be
 * revoked, and one that does not disclose validUntil may have expired. So
 * an undisclosed status fails the status check (it cannot be shown not to
 * be revoked), and an undisclosed expiry is a warning (the issuer may not
 * have set one).
 */

/**
 * The ecdsa-sd-2023 proofValue header (CBOR tag 0xd95d): 0x00 for a base
 * proof, 0x01 for a derived one. Multibase base64url of 0xd95d01 begins "u2V0B".
 */
const DERIVED_SD_PROOF_VALUE = /^u2V0B/;

export function hasDerivedDisclosureProof(credential: JsonObject): boolean {
  return asArray(credential.proof).some(
    (proof) =>
      isObject(proof) &&
      proof.type === 'DataIntegrityProof' &&
      proof.cryptosuite === 'ecdsa-sd-2023' &&
      typeof proof.proofValue === 'string' &&
      DERIVED_SD_PROOF_VALUE.test(proof.proofValue),
  );
}

export const UNDISCLOSED_STATUS =
  'This selectively disclosed credential does not disclose its credentialStatus, so it cannot be shown not to be revoked.';

export const UNDISCLOSED_EXPIRY =
  'This selectively disclosed credential does not disclose whether it expires (no validUntil): the full credential may have expired.';

/** The status and validity stages, judged for what a derived proof leaves undisclosed. */
export function judgeDisclosure(
  credential: JsonObject,
  stages: {status: StatusStage; validity: ValidityStage; statusChecked: boolean},
): {status: StatusStage; validity: ValidityStage; warnings: string[]} {
  let {status, validity} = stages;
  if (!hasDerivedDisclosureProof(credential)) return {status, validity, warnings: []};
  const warnings: string[] = [];
  // With status checking off (a status list being verified), the status is not judged at all.
  if (stages.statusChecked && credential.credentialStatus === undefined) {
    status = {...status, check: {check: 'status', result: 'failed', message: UNDISCLOSED_STATUS}, unknown: true};
  }
  if (validity.window.until === undefined && validity.state !== 'malformed') {
    const result = validity.check.result === 'passed' ? 'warning' : validity.check.result;
    const check: Check = {check: 'validity-period', result, message: `${validity.check.message} ${UNDISCLOSED_EXPIRY}`};
    validity = {...validity, check};
    warnings.push(UNDISCLOSED_EXPIRY);
  }
  return {status, validity, warnings};
}
