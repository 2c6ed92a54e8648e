import {PackageURL} from 'packageurl-js';
import {HallmarkError} from '../errors.ts';
import type {PackageSink, SbomFormat, SbomPackages} from './types.ts';

/** Enough for the largest real lockfiles (a few thousand entries) with room to spare. */
export const MAX_SBOM_PACKAGES = 20_000;

export class PackageCollector implements PackageSink {
  readonly #seen = new Set<string>();
  readonly #result: SbomPackages;

  constructor(format: SbomFormat) {
    this.#result = {format, packages: [], skipped: []};
  }

  add(entry: string, purl: string): void {
    let canonical: string;
    try {
      const parsed = PackageURL.fromString(purl);
      if (!parsed.version) return this.skip(entry, `purl ${purl} names no version`);
      canonical = parsed.toString();
    } catch (error) {
      return this.skip(entry, `malformed purl ${JSON.stringify(purl)}: ${(error as Error).message}`);
    }
    if (this.#seen.has(canonical)) return;
    if (this.#seen.size >= MAX_SBOM_PACKAGES) {
      throw new HallmarkError('too-large', `the SBOM lists more than ${MAX_SBOM_PACKAGES} packages`);
    }
    this.#seen.add(canonical);
    this.#result.packages.push(canonical);
  }

  skip(entry: string, reason: string): void {
    // Skips are reported, but a hostile document must not grow the report without bound.
    if (this.#result.skipped.length < 1_000) this.#result.skipped.push({entry, reason});
  }

  result(): SbomPackages {
    return this.#result;
  }
}
