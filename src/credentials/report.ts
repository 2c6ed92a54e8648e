/** The one verification report every entry point returns (DESIGN.md). */
export type CredentialStatusVerdict =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  | 'invalid';

export type CheckName =
  | 'parse'
  | 'context'
  | 'type'
  | 'schema'
  | 'proof'
  | 'issuer'
  | 'validity-period'
  | 'status';

export type CheckResult = 'passed' | 'failed' | 'warning' | 'skipped';

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

export interface VerificationReport {
  verified: boolean;
  status: CredentialStatusVerdict;
  checks: Check[];
  credential: CredentialSummary | null;
  warnings: string[];
  errors: string[];
}
