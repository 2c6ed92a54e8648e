import type {RecipientCheck} from './recipients.ts';

/** The one verification report every entry point returns (DESIGN.md). */
export type CredentialStatusVerdict =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  | 'invalid'
  /** A check could not be completed (a status list or key document could not be obtained): neither forged nor failed, and not valid either. */
  | 'indeterminate';

export type CheckName =
  | 'parse'
  | 'context'
  | 'type'
  | 'schema'
  | 'proof'
  | 'issuer'
  | 'validity-period'
  | 'status'
  /** VC 2.0 relatedResource digests; present only when the credential lists related resources. */
  | 'related-resource';

/** `indeterminate`: the check could not be completed (a document it needs could not be obtained). */
export type CheckResult = 'passed' | 'failed' | 'warning' | 'skipped' | 'indeterminate';

export interface Check {
  check: CheckName;
  result: CheckResult;
  message: string;
}

export interface CredentialSummary {
  id: string | null;
  type: string[];
  issuer: {id: string | null; name: string | null};
  subject: unknown;
  achievement: unknown;
  validFrom: string | null;
  validUntil: string | null;
}

/** The Open Badges version a credential was written in (OB 1.x and 0.5 assertions are read as 2.0). */
export type OpenBadgesVersion = '3.0' | '2.0' | '1.1' | '1.0' | '0.5';

export interface VerificationReport {
  verified: boolean;
  status: CredentialStatusVerdict;
  /** Present for Open Badges: 3.0 for OB 3.0 credentials, 2.0 (or the 1.x/0.5 version it was read from) for OB 2.0 assertions. */
  openBadgesVersion?: OpenBadgesVersion;
  checks: Check[];
  credential: CredentialSummary | null;
  /** Endorsements of the credential, its issuer, subject or achievement (embedded or known to the verifier), each verified. */
  endorsements: EndorsementFinding[];
  warnings: string[];
  errors: string[];
  /**
   * Whether the credential was issued to the identity the verifier was
   * given (recipients.ts); present only when one was given. Says nothing
   * about `verified`: a genuine badge of someone else is still genuine.
   */
  recipient?: RecipientCheck;
}

/** What an endorsement is about, relative to the credential being verified. */
export type EndorsementAbout = 'issuer' | 'achievement' | 'subject' | 'credential' | 'other';

/** One endorsement as a verifier shows it: who says what about which part of the credential, and whether it holds. */
export interface EndorsementFinding {
  id: string | null;
  endorser: {id: string | null; name: string | null};
  target: string | null;
  about: EndorsementAbout;
  comment: string | null;
  /** The endorsement credential itself verified (proof, issuer, status, dates). */
  verified: boolean;
  status: CredentialStatusVerdict;
  /** Verified and from an endorser this verifier trusts (HALLMARK_TRUSTED_ENDORSERS / --trusted-endorser). */
  trusted: boolean;
  /** Embedded in the credential, or known to this verifier (registered or issued here). */
  source: 'embedded' | 'known';
  /** Why it did not verify, or why it does not apply; [] when it holds. */
  problems: string[];
}
