/**
 * Bounds on the work one inspection may cause. A public endpoint follows
 * links from documents strangers wrote, so every inspection has a budget
 * that a README with a thousand links exhausts quickly and visibly.
 */
export interface InspectionLimits {
  /** Outbound fetches per inspection. */
  maxFetches: number;
  /** Links followed from the document given: 0 = only it, 1 = what it links to, 2 = one more hop. */
  maxDepth: number;
  /** Bytes fetched per inspection, all fetches together. */
  maxTotalBytes: number;
  /** Bytes per fetched document. */
  maxDocumentBytes: number;
  /** Credentials verified per inspection. */
  maxCredentials: number;
  /** Wall-clock time for the whole inspection; fetches still in flight are abandoned. */
  maxDurationMs: number;
}

export const INSPECTION_LIMITS: InspectionLimits = {
  maxFetches: 50,
  maxDepth: 2,
  maxTotalBytes: 20 * 1024 * 1024,
  maxDocumentBytes: 5 * 1024 * 1024,
  maxCredentials: 20,
  maxDurationMs: 30_000,
};
