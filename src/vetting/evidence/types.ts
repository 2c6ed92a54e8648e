import type {Handle, Purl} from '../model.ts';

/** The subset of OpenSSF Scorecard's JSON (v2) that policies read. */
export interface ScorecardReport {
  date: string;
  repo: {name: string; commit?: string};
  scorecard: {version: string; commit?: string};
  /** Aggregate 0–10; -1 when Scorecard could not compute it. */
  score: number;
  checks: Array<{name: string; score: number; reason: string}>;
}

export interface LicenseDeclaration {
  /** An SPDX license expression, e.g. "MIT OR Apache-2.0". */
  expression: string;
}

export interface ProvenanceEvidence {
  /** An in-toto Statement v1 (e.g. SLSA provenance), as JSON. */
  statement: {_type: string; subject: Array<{name?: string; digest: Record<string, string>}>; predicateType: string; predicate?: unknown};
  /** The released artifact's SHA-256, lowercase hex, as the submitter asserts it. */
  sha256: string;
}

export type EvidenceBody =
  | {type: 'scorecard'; document: ScorecardReport}
  | {type: 'license'; document: LicenseDeclaration}
  | {type: 'provenance'; document: ProvenanceEvidence};

export type EvidenceType = EvidenceBody['type'];

/** A stored evidence document for one release. */
export type Evidence = EvidenceBody & {
  id: string;
  purl: Purl;
  /** The purl without version, so a package's evidence can be listed. */
  package: string;
  /** The community it was submitted for; null: for every community where the submitter is an auditor (the admin: every community). */
  community: string | null;
  submittedBy: Handle | 'admin';
  submittedAt: string;
  expiresAt: string | null;
};
