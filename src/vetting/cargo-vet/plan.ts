import semver from 'semver';
import {PackageURL} from 'packageurl-js';
import {jcsDigest} from '../../json.ts';
import {parsePurl, withVersion} from '../../purl.ts';
import {POLICY_NAME_PATTERN, type Criterion} from '../model.ts';
import {type AuditKind, type AuditsFile, type FileAudit, type FileCriterion, type FileTrust, type TrustSection, type Unmapped} from './audits-file.ts';
import {cargoRequirementToVers} from './requirements.ts';

/**
 * What an import of one audits file into one community would do, worked out
 * before anything is written: the criteria to define, the entries to store
 * (each under a key that is the same for the same entry of the same source,
 * so a repeated or resumed import finds what it already stored), and what it
 * cannot map, with the reason. Pure: the same file, community and mapping
 * always give the same plan.
 */

/** An entry as stored: an audit (a review of a release) or a trust statement. */
export interface ImportedEntry {
  /** `cv-` and a digest of community, source and the entry's content. */
  id: string;
  community: string;
  /** The file name or URL the entry came from. */
  source: string;
  section: 'audits' | TrustSection;
  /** The crate key as written in the file. */
  crate: string;
  /** The purl of the package, without version. */
  package: string;
  /** audits: the release the audit speaks about (a delta's "to"); null for violations and trust statements. */
  purl: string | null;
  kind: AuditKind | null;
  version: string | null;
  from: string | null;
  /** violation: the requirement as written, and as a vers range. */
  requirement: string | null;
  range: string | null;
  who: string[];
  /** The community's criteria the entry certifies (after mapping). */
  criteria: string[];
  /** The criteria as the file names them. */
  fileCriteria: string[];
  notes: string | null;
  aggregatedFrom: string[];
  userId: number | null;
  trustedPublisher: string | null;
  start: string | null;
  end: string | null;
  renew: boolean | null;
  /** The import that stored it (or last brought it back). */
  importId: string;
  importedAt: string;
  /** Position in its file, for a stable order. */
  seq: number;
  /** Set when a later import of the same source no longer holds it: it stops counting. */
  disappearedAt: string | null;
  /** Where it was in its file, e.g. audits.png[2]. */
  label: string;
}

export type PlannedEntry = Omit<ImportedEntry, 'importId' | 'importedAt' | 'disappearedAt'>;

export interface ImportCounts {
  full: number;
  delta: number;
  violation: number;
  trusted: number;
  wildcard: number;
}

export interface ImportPlan {
  counts: ImportCounts;
  /** Criteria to define, in an order where each one's implied criteria exist first. */
  define: Array<{name: string; description: string; implies: string[]}>;
  entries: PlannedEntry[];
  unmapped: Unmapped[];
}

export interface PlanContext {
  community: string;
  /** The community's package types; empty means any. */
  ecosystems: string[];
  criteria: Criterion[];
  /** File criterion → the community's criterion. */
  mapping: Record<string, string>;
  source: string;
}

const MAX_DESCRIPTION = 5000;

export function planImport(file: AuditsFile, context: PlanContext): ImportPlan {
  const unmapped: Unmapped[] = [...file.malformed];
  const {resolved, define} = resolveCriteria(file.criteria, context, unmapped);
  const resolve = (names: string[]): string[] | string => {
    const out: string[] = [];
    for (const name of names) {
      const target = resolved.get(name);
      if (typeof target !== 'string') return target?.reason ?? `criterion "${name}" is neither defined in the file nor known to the community`;
      out.push(target);
    }
    return [...new Set(out)].sort();
  };
  const entries: PlannedEntry[] = [];
  const take = (label: string, built: PlannedEntry | string): void => {
    if (typeof built === 'string') unmapped.push({entry: label, reason: built});
    else entries.push(built);
  };
  file.audits.forEach((audit, seq) => take(audit.label, auditEntry(audit, seq, context, resolve)));
  file.trust.forEach((statement, offset) => take(statement.label, trustEntry(statement, file.audits.length + offset, context, resolve)));
  const kinds = (kind: AuditKind) => file.audits.filter((audit) => audit.kind === kind).length;
  return {
    counts: {
      full: kinds('full'), delta: kinds('delta'), violation: kinds('violation'),
      trusted: file.trust.filter((statement) => statement.section === 'trusted').length,
      wildcard: file.trust.filter((statement) => statement.section === 'wildcard-audits').length,
    },
    define,
    entries,
    unmapped,
  };
}

type Resolution = string | {reason: string};

function resolveCriteria(fileCriteria: FileCriterion[], context: PlanContext, unmapped: Unmapped[]): {resolved: Map<string, Resolution>; define: ImportPlan['define']} {
  const known = new Map(context.criteria.map((criterion) => [criterion.name, criterion]));
  const resolved = new Map<string, Resolution>();
  for (const [from, to] of Object.entries(context.mapping)) resolved.set(from, to);
  for (const name of known.keys()) if (!resolved.has(name) && !fileCriteria.some((criterion) => criterion.name === name)) resolved.set(name, name);
  const define: ImportPlan['define'] = [];
  const pending = fileCriteria.filter((criterion) => !resolved.has(criterion.name));
  // Each pass settles the criteria whose implied criteria are settled; what never settles is a cycle.
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    for (const criterion of [...pending]) {
      const implied = criterion.implies.map((name) => resolved.get(name) ?? (pending.some((other) => other.name === name) ? undefined : {reason: `implies "${name}", which is neither defined in the file nor known to the community`}));
      if (implied.some((target) => target === undefined)) continue;
      pending.splice(pending.indexOf(criterion), 1);
      progress = true;
      const failed = implied.find((target): target is {reason: string} => typeof target !== 'string');
      const outcome = failed ? {reason: failed.reason} : settle(criterion, implied as string[], known, define);
      resolved.set(criterion.name, outcome);
      if (typeof outcome !== 'string') unmapped.push({entry: criterion.label, reason: outcome.reason});
    }
  }
  for (const criterion of pending) {
    const reason = 'its implies form a cycle';
    resolved.set(criterion.name, {reason: `criterion "${criterion.name}": ${reason}`});
    unmapped.push({entry: criterion.label, reason});
  }
  return {resolved, define};
}

/** A file criterion without a mapping: the community's own of that name if it means the same, else a new one. */
function settle(criterion: FileCriterion, implies: string[], known: Map<string, Criterion>, define: ImportPlan['define']): Resolution {
  const description = (criterion.description ?? `Defined at ${criterion.descriptionUrl}`).slice(0, MAX_DESCRIPTION);
  const sortedImplies = [...new Set(implies)].sort();
  const existing = known.get(criterion.name);
  if (existing) {
    const same = existing.description === description && [...existing.implies].sort().join() === sortedImplies.join();
    return same ? criterion.name : {reason: `criterion "${criterion.name}": the community defines it differently; give a mapping to one of its criteria`};
  }
  if (!POLICY_NAME_PATTERN.test(criterion.name)) return {reason: `criterion "${criterion.name.slice(0, 80)}": not a valid criterion name here (lowercase letters, digits and hyphens); give a mapping`};
  define.push({name: criterion.name, description, implies: sortedImplies});
  return criterion.name;
}

/** A crate key is a crates.io crate, or, by the export's convention for other ecosystems, a package purl (`pkg:npm/left-pad`). */
function packageOf(crate: string): {package: string; type: string} | string {
  if (crate.startsWith('pkg:')) {
    try {
      const parsed = parsePurl(crate);
      if (parsed.version !== null || parsed.purl !== parsed.package) return 'a purl crate key must name a package without version, qualifiers or subpath';
      return {package: parsed.package, type: parsed.type};
    } catch (error) {
      return (error as Error).message;
    }
  }
  try {
    return {package: new PackageURL('cargo', undefined, crate, undefined, undefined, undefined).toString(), type: 'cargo'};
  } catch (error) {
    return `"${crate.slice(0, 80)}" cannot be a package name: ${(error as Error).message}`;
  }
}

function checkedPackage(crate: string, context: PlanContext): {package: string; type: string} | string {
  const found = packageOf(crate);
  if (typeof found === 'string') return found;
  if (context.ecosystems.length > 0 && !context.ecosystems.includes(found.type)) return `the community reviews ${context.ecosystems.join(', ')} packages, not ${found.type}`;
  return found;
}

function versionProblem(version: string, what: string): string | null {
  if (version.includes('@git:')) return `${what} ${version.slice(0, 80)} names a git revision, not a registry release`;
  return semver.valid(version) === null ? `${what} "${version.slice(0, 80)}" is not a semantic version` : null;
}

function auditEntry(audit: FileAudit, seq: number, context: PlanContext, resolve: (names: string[]) => string[] | string): PlannedEntry | string {
  if (!audit.importable) return 'marked importable = false: its authors do not want it imported';
  const found = checkedPackage(audit.crate, context);
  if (typeof found === 'string') return found;
  const criteria = resolve(audit.criteria);
  if (typeof criteria === 'string') return criteria;
  let purl: string | null = null;
  let range: string | null = null;
  if (audit.kind === 'violation') {
    range = cargoRequirementToVers(audit.version)?.replace(/^vers:cargo\//, `vers:${found.type}/`) ?? null;
    if (range === null) return `violation "${audit.version.slice(0, 80)}" is not a version requirement Hallmark can read`;
  } else {
    const problem = versionProblem(audit.version, 'version') ?? (audit.from === undefined ? null : versionProblem(audit.from, 'delta from'));
    if (problem) return problem;
    purl = withVersion(found.package, audit.version);
  }
  const content = {
    section: 'audits', crate: audit.crate, kind: audit.kind, version: audit.version, from: audit.from ?? null,
    who: audit.who, criteria: [...audit.criteria].sort(), notes: audit.notes, aggregatedFrom: audit.aggregatedFrom,
  };
  return {
    id: entryId(context, content), community: context.community, source: context.source, section: 'audits', crate: audit.crate,
    package: found.package, purl, kind: audit.kind,
    version: audit.kind === 'violation' ? null : audit.version, from: audit.from ?? null,
    requirement: audit.kind === 'violation' ? audit.version : null, range,
    who: audit.who, criteria, fileCriteria: audit.criteria, notes: audit.notes, aggregatedFrom: audit.aggregatedFrom,
    userId: null, trustedPublisher: null, start: null, end: null, renew: null, seq, label: audit.label,
  };
}

function trustEntry(statement: FileTrust, seq: number, context: PlanContext, resolve: (names: string[]) => string[] | string): PlannedEntry | string {
  const found = checkedPackage(statement.crate, context);
  if (typeof found === 'string') return found;
  const criteria = resolve(statement.criteria);
  if (typeof criteria === 'string') return criteria;
  const {section, crate, who, userId, trustedPublisher, start, end, renew, notes, aggregatedFrom} = statement;
  const content = {section, crate, who, criteria: [...statement.criteria].sort(), userId, trustedPublisher, start, end, renew, notes, aggregatedFrom};
  return {
    id: entryId(context, content), community: context.community, source: context.source, section, crate, package: found.package,
    purl: null, kind: null, version: null, from: null, requirement: null, range: null,
    who, criteria, fileCriteria: statement.criteria, notes, aggregatedFrom, userId, trustedPublisher, start, end, renew,
    seq, label: statement.label,
  };
}

function entryId(context: PlanContext, content: Record<string, unknown>): string {
  return `cv-${jcsDigest({community: context.community, source: context.source, ...content}).replace(/^sha256-/, '')}`;
}
