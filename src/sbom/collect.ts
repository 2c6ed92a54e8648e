import {HallmarkError} from '../errors.ts';
import {parsePurl, type ParsedPurl} from '../purl.ts';
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
    let parsed: ParsedPurl;
    try {
      parsed = parsePurl(purl, entry);
    } catch (error) {
      const reason = error instanceof HallmarkError ? error.problems[0]?.problem ?? error.message : (error as Error).message;
      return this.skip(entry, `malformed purl ${JSON.stringify(purl)}: ${reason}`);
    }
    if (!parsed.version) return this.skip(entry, `purl ${purl} names no version`);
    const canonical = parsed.purl;
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
