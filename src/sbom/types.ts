/** What an SBOM or lockfile says a product is built from, reduced to what a policy check needs. */
export type SbomFormat = 'cyclonedx' | 'spdx-2' | 'spdx-3' | 'npm-lockfile';

export interface SkippedEntry {
  /** Where in the document the entry sits, e.g. `components[3]` or `node_modules/left-pad`. */
  entry: string;
  reason: string;
}

export interface SbomPackages {
  format: SbomFormat;
  /** Canonical purls with a version, each once, in document order. */
  packages: string[];
  skipped: SkippedEntry[];
}

/** A format reader adds what it finds; the collector canonicalises, dedupes and bounds. */
export interface PackageSink {
  add(entry: string, purl: string): void;
  skip(entry: string, reason: string): void;
}
