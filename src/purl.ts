import {PackageURL} from 'packageurl-js';
import {invalidInput} from './errors.ts';

/**
 * Package URLs (purls): the one module that parses and builds them, so every
 * part of Hallmark agrees on the canonical form a package is known by.
 */

const MAX_PURL_LENGTH = 1000;

export interface ParsedPurl {
  /** The canonical form of what was given (with version if one was given). */
  purl: string;
  /** The canonical purl of the package: type, namespace and name only. */
  package: string;
  type: string;
  version: string | null;
}

/** Parses any purl into canonical form; a 400 naming `field` and the reason when it is malformed. */
export function parsePurl(text: unknown, field = '/purl'): ParsedPurl {
  if (typeof text !== 'string' || text.length === 0) throw invalidInput('a package URL (purl) is required', [{field, problem: 'must be a purl such as pkg:npm/left-pad@1.3.0'}]);
  if (text.length > MAX_PURL_LENGTH) throw invalidInput('the purl is too long', [{field, problem: `must be at most ${MAX_PURL_LENGTH} characters`}]);
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(text);
  } catch (error) {
    throw invalidInput(`"${text.slice(0, 100)}" is not a valid purl: ${(error as Error).message}`, [{field, problem: (error as Error).message}]);
  }
  const pkg = new PackageURL(parsed.type, parsed.namespace, parsed.name, undefined, undefined, undefined);
  return {purl: parsed.toString(), package: pkg.toString(), type: parsed.type, version: parsed.version ?? null};
}

/**
 * A purl that names one release: the version is required, and qualifiers and
 * a subpath are refused. They can name another artifact than the registry's
 * (repository_url, download_url, vcs_url): a review or a badge of
 * pkg:npm/x@1.0.0 must not come to stand for one of those.
 */
export function parseReleasePurl(text: unknown, field = '/purl'): ParsedPurl & {version: string} {
  const parsed = parsePurl(text, field);
  if (parsed.version === null) throw invalidInput(`"${parsed.purl}" names a package, not a release`, [{field, problem: 'must include a version, e.g. pkg:npm/left-pad@1.3.0'}]);
  const {qualifiers, subpath} = PackageURL.fromString(text as string);
  if ((qualifiers && Object.keys(qualifiers).length > 0) || subpath) {
    throw invalidInput(`"${parsed.purl.slice(0, 200)}" carries qualifiers or a subpath`, [{field, problem: 'must name the release only (type/namespace/name@version), without ?qualifiers or #subpath'}]);
  }
  return {...parsed, version: parsed.version};
}

/** The same package at another version, canonical. */
export function withVersion(packagePurl: string, version: string): string {
  const parsed = PackageURL.fromString(packagePurl);
  return new PackageURL(parsed.type, parsed.namespace, parsed.name, version, parsed.qualifiers, parsed.subpath).toString();
}

/** How people write the package's name: `@scope/name`, `namespace/name` or `name`, without the version. */
export function displayName(purl: string): string {
  const parsed = PackageURL.fromString(purl);
  return parsed.namespace ? `${parsed.namespace}/${parsed.name}` : parsed.name;
}

/** The canonical purl of an npm release from the name npm uses (`@scope/name` or `name`); throws when npm's name cannot be a purl. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const purl = slash > 0
    ? new PackageURL('npm', name.slice(0, slash), name.slice(slash + 1), version, undefined, undefined)
    : new PackageURL('npm', undefined, name, version, undefined, undefined);
  return purl.toString();
}
