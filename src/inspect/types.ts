import type {VerificationReport} from '../credentials/report.ts';

/** What a person hands the inspector: a URL to follow, pasted text, or an uploaded file. */
export type InspectInput =
  | {kind: 'url'; url: string}
  | {kind: 'text'; text: string}
  | {kind: 'file'; bytes: Uint8Array; filename?: string; mediaType?: string};

/** `source` says where a finding came from: a URL, "text", a file name, or a path through them ("README → badge"). */
export interface Finding {
  source: string;
  reason: string;
}

export interface InspectionResult {
  /** One per credential found, each from the one verification pipeline. */
  reports: {source: string; report: VerificationReport}[];
  /** What could not be verified, and why. */
  problems: Finding[];
  /** Things that look like proof but are not, e.g. a look-alike badge. */
  suspicious: Finding[];
}
