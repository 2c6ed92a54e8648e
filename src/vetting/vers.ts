import semver from 'semver';
import {invalidInput} from '../errors.ts';

/**
 * Version ranges in the `vers` notation (vers:npm/>=1.0.0|<2.0.0), enough to
 * say which releases a violation review covers. Schemes whose versions are
 * semver compare by semver; any other scheme falls back to a generic
 * dotted/numeric ordering, which is right for the common cases and never
 * confuses "1.10" with "1.9".
 */

export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export interface Constraint {
  comparator: Comparator;
  version: string;
}
export interface VersRange {
  scheme: string;
  /** null means every version ('*'). */
  constraints: Constraint[] | null;
}

const SEMVER_SCHEMES = new Set(['npm', 'cargo', 'golang', 'hex', 'pub', 'swift', 'semver']);
const MAX_LENGTH = 2000;
const MAX_CONSTRAINTS = 100;
const COMPARATORS: Comparator[] = ['>=', '<=', '!=', '<', '>', '='];

export function parseVers(text: unknown, field = '/range'): VersRange {
  const refuse = (problem: string) => invalidInput(`invalid vers range: ${problem}`, [{field, problem}]);
  if (typeof text !== 'string') throw refuse('must be a string such as vers:npm/>=1.0.0|<2.0.0');
  if (text.length > MAX_LENGTH) throw refuse(`must be at most ${MAX_LENGTH} characters`);
  const match = /^vers:([a-z][a-z0-9.+-]*)\/(.+)$/.exec(text.replace(/\s+/g, ''));
  if (!match) throw refuse('must look like vers:<scheme>/<constraint>|<constraint>…');
  const scheme = match[1];
  if (match[2] === '*') return {scheme, constraints: null};
  const parts = match[2].split('|');
  if (parts.length > MAX_CONSTRAINTS) throw refuse(`has more than ${MAX_CONSTRAINTS} constraints`);
  const constraints = parts.map((part): Constraint => {
    const comparator = COMPARATORS.find((candidate) => part.startsWith(candidate)) ?? '=';
    const version = decodeOr(part.slice(part.startsWith(comparator) ? comparator.length : 0));
    if (version === null) throw refuse(`"${part}" has a malformed percent-encoding`);
    if (version.length === 0) throw refuse(`"${part}" has no version`);
    if (SEMVER_SCHEMES.has(scheme) && semverOf(scheme, version) === null) throw refuse(`"${version}" is not a ${scheme} version`);
    return {comparator, version};
  });
  const sorted = [...constraints].sort((a, b) => compareVersions(scheme, a.version, b.version));
  for (let i = 1; i < sorted.length; i++) {
    if (compareVersions(scheme, sorted[i - 1].version, sorted[i].version) === 0) throw refuse(`version ${sorted[i].version} appears twice`);
  }
  // Between the equality constraints, lower and upper bounds must alternate or the range is ambiguous.
  const bounds = sorted.filter(({comparator}) => comparator !== '=' && comparator !== '!=');
  for (let i = 1; i < bounds.length; i++) {
    if (isLower(bounds[i - 1].comparator) === isLower(bounds[i].comparator)) {
      throw refuse(`"${bounds[i - 1].comparator}${bounds[i - 1].version}" and "${bounds[i].comparator}${bounds[i].version}" are both ${isLower(bounds[i].comparator) ? 'lower' : 'upper'} bounds`);
    }
  }
  return {scheme, constraints: sorted};
}

export function formatVers(range: VersRange): string {
  if (range.constraints === null) return `vers:${range.scheme}/*`;
  return `vers:${range.scheme}/${range.constraints.map(({comparator, version}) => `${comparator === '=' ? '' : comparator}${version}`).join('|')}`;
}

/** Whether `version` lies in the range (the vers specification's containment algorithm). */
export function versContains(range: VersRange, version: string): boolean {
  if (range.constraints === null) return true;
  const compare = (other: string) => compareVersions(range.scheme, version, other);
  for (const {comparator, version: other} of range.constraints) {
    if (compare(other) !== 0) continue;
    return comparator !== '!=' && comparator !== '<' && comparator !== '>';
  }
  const bounds = range.constraints.filter(({comparator}) => comparator !== '=' && comparator !== '!=');
  if (bounds.length === 0) return range.constraints.some(({comparator}) => comparator === '!=');
  const first = bounds[0];
  if (!isLower(first.comparator) && compare(first.version) < 0) return true;
  const last = bounds[bounds.length - 1];
  if (isLower(last.comparator) && compare(last.version) > 0) return true;
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (isLower(bounds[i].comparator) && compare(bounds[i].version) > 0 && compare(bounds[i + 1].version) < 0) return true;
  }
  return false;
}

/** Orders two versions of one scheme. */
export function compareVersions(scheme: string, a: string, b: string): number {
  const left = SEMVER_SCHEMES.has(scheme) ? semverOf(scheme, a) : null;
  const right = SEMVER_SCHEMES.has(scheme) ? semverOf(scheme, b) : null;
  if (left !== null && right !== null) return semver.compare(left, right);
  return genericCompare(a, b);
}

function semverOf(scheme: string, version: string): string | null {
  // Go module versions carry a leading v; the rest is semver.
  return semver.valid(scheme === 'golang' ? version.replace(/^v/, '') : version);
}

function isLower(comparator: Comparator): boolean {
  return comparator === '>' || comparator === '>=';
}

/** Segment-wise: digits compare as numbers, other text by code point, and a number sorts after text (1.0-rc < 1.0.1). */
function genericCompare(a: string, b: string): number {
  const left = a.split(/[.\-_+]|(?<=\d)(?=\D)|(?<=\D)(?=\d)/);
  const right = b.split(/[.\-_+]|(?<=\d)(?=\D)|(?<=\D)(?=\d)/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      const difference = BigInt(x) - BigInt(y);
      if (difference !== 0n) return difference < 0n ? -1 : 1;
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function decodeOr(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
