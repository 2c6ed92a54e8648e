import semver from 'semver';
import {formatVers, parseVers, type Constraint} from '../vers.ts';

/**
 * cargo-vet's `violation` is a Cargo version requirement (`<0.20.0`,
 * `>=2.0, <2.3`, `1.2`, `*`); Hallmark names affected versions by a vers
 * range. Cargo's comparators are intersected (comma-separated) and a bare
 * version means a caret requirement; node-semver reads the same operators
 * once commas become spaces and bare versions gain their caret, and gives
 * the comparator set, whose bounds make one vers interval.
 */
export function cargoRequirementToVers(requirement: string): string | null {
  const parts = requirement.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) return null;
  if (parts.length === 1 && parts[0] === '*') return 'vers:cargo/*';
  const npmRange = parts.map((part) => (/^[0-9]/.test(part) ? `^${part}` : part.replace(/^(=|>=|<=|>|<|~|\^)\s+/, '$1'))).join(' ');
  let range: semver.Range;
  try {
    range = new semver.Range(npmRange);
  } catch {
    return null;
  }
  if (range.set.length !== 1) return null;
  let lower: Constraint | null = null;
  let upper: Constraint | null = null;
  const exact: string[] = [];
  for (const comparator of range.set[0]) {
    if (comparator.value === '') continue;
    // semver closes caret and tilde ranges at `<x.y.z-0` to keep prereleases out; for a violation, broader is the safe side.
    const version = comparator.semver.version.replace(/-0$/, '');
    const operator = comparator.operator;
    if (operator === '' || operator === '=') exact.push(version);
    else if (operator === '>' || operator === '>=') {
      if (!lower || semver.gt(version, lower.version) || (semver.eq(version, lower.version) && operator === '>')) lower = {comparator: operator, version};
    } else if (!upper || semver.lt(version, upper.version) || (semver.eq(version, upper.version) && operator === '<')) {
      upper = {comparator: operator as '<' | '<=', version};
    }
  }
  if (exact.length > 1 || (exact.length === 1 && (lower || upper))) return exact.length === 1 && semver.satisfies(exact[0], npmRange) ? `vers:cargo/${exact[0]}` : null;
  if (exact.length === 1) return `vers:cargo/${exact[0]}`;
  if (!lower && !upper) return 'vers:cargo/*';
  if (lower && upper && !semver.lt(lower.version, upper.version)) return null;
  try {
    return formatVers(parseVers(`vers:cargo/${[lower, upper].filter((bound) => bound !== null).map(({comparator, version}) => `${comparator}${version}`).join('|')}`));
  } catch {
    return null;
  }
}

/**
 * The other way, for the export: a vers range as Cargo requirements. A Cargo
 * requirement is one interval, so a range of several intervals becomes
 * several violation entries; each string is one requirement.
 */
export function versToCargoRequirements(vers: string): string[] {
  const range = parseVers(vers);
  if (range.constraints === null) return ['*'];
  const requirements: string[] = [];
  let open: string | null = null;
  for (const {comparator, version} of range.constraints) {
    if (comparator === '=') requirements.push(`=${version}`);
    else if (comparator === '!=') continue;
    else if (comparator === '>' || comparator === '>=') open = `${comparator}${version}`;
    else {
      requirements.push(open === null ? `${comparator}${version}` : `${open}, ${comparator}${version}`);
      open = null;
    }
  }
  if (open !== null) requirements.push(open);
  return requirements;
}
