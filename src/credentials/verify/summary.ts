import type {Check, CredentialStatusVerdict, CredentialSummary, VerificationReport} from '../report.ts';
import {asArray, isObject, strings, type JsonObject} from './json.ts';
import {issuerId} from '../credential-fields.ts';
import {issuerName} from './issuer-check.ts';
import type {StatusStage} from './status.ts';
import type {ValidityStage, ValidityWindow} from './validity.ts';

/**
 * Assembles the report: the credential summary, the verdict and the
 * warning/error lists. The summary's dates are those the verdict used (a
 * VC 1.1 credential's validUntil may end it before its expirationDate).
 */
export function summarizeCredential(credential: JsonObject, window?: ValidityWindow): CredentialSummary {
  const subjects = asArray(credential.credentialSubject);
  const subject = subjects.length === 1 ? subjects[0] : subjects.length === 0 ? null : subjects;
  const achievement = isObject(subject) && subject.achievement !== undefined ? subject.achievement : null;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    id: text(credential.id),
    type: strings(credential.type),
    issuer: {id: issuerId(credential) ?? null, name: issuerName(credential) ?? null},
    subject,
    achievement,
    validFrom: (window?.from ? text(credential[window.fromField]) : null) ?? text(credential.validFrom) ?? text(credential.issuanceDate),
    validUntil: (window?.until ? text(credential[window.untilField]) : null) ?? text(credential.validUntil) ?? text(credential.expirationDate),
  };
}

/**
 * Precedence: any failed check other than validity-period and status makes
 * the credential invalid, and so does a malformed validity period. A check
 * that could not be completed (a key document or status list that could
 * not be obtained) makes it indeterminate: neither forged nor failed, and
 * not valid. An unchecked signature says nothing about whose the status
 * entries are, so it outranks them; otherwise revoked > suspended >
 * expired > not-yet-valid > valid. A status that cannot be established is
 * invalid (indeterminate when it could not be checked), unless another
 * entry already says revoked or suspended, or the credential has expired:
 * those are facts, whatever the unknown status is (an expired credential is
 * not accepted either way, and "expired" says why). A not-yet-valid one
 * with an unknown status stays invalid: it is not over, and its status
 * will matter.
 */
export function verdict(checks: Check[], validity: ValidityStage, status: StatusStage): CredentialStatusVerdict {
  const otherChecks = checks.filter((check) => check.check !== 'validity-period' && check.check !== 'status');
  if (otherChecks.some((check) => check.result === 'failed') || validity.state === 'malformed') return 'invalid';
  if (otherChecks.some((check) => check.result === 'indeterminate')) return 'indeterminate';
  if (status.revoked) return 'revoked';
  if (status.suspended) return 'suspended';
  if (validity.state === 'expired') return 'expired';
  if (status.unknown) return 'invalid';
  if (status.indeterminate) return 'indeterminate';
  if (validity.state === 'not-yet-valid') return 'not-yet-valid';
  return 'valid';
}

const UNKNOWN_STATUS_WHEN_EXPIRED =
  'Its status could not be established (see the status check); it is reported as expired, which it is whatever its status.';

export function buildReport(
  credential: JsonObject,
  stages: {checks: Check[]; validity: ValidityStage; status: StatusStage; warnings: string[]},
): VerificationReport {
  const status = verdict(stages.checks, stages.validity, stages.status);
  // The verdict names one fact; an expired credential's unknown status would otherwise go unsaid.
  const unsaid = status === 'expired' && (stages.status.unknown || stages.status.indeterminate) ? [UNKNOWN_STATUS_WHEN_EXPIRED] : [];
  return {
    verified: status === 'valid',
    status,
    checks: stages.checks,
    credential: summarizeCredential(credential, stages.validity.window),
    // Filled by the endorsement stage (endorsement-check.ts), which needs the finished verdict's inputs.
    endorsements: [],
    // Every stage that reports a warning check lists its specific warnings.
    warnings: [...new Set([...stages.warnings, ...unsaid])],
    errors: stages.checks.filter((check) => check.result === 'failed').map((check) => `${check.check}: ${check.message}`),
  };
}
