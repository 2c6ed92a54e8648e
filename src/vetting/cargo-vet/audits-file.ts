import {parse, TomlError} from 'smol-toml';
import {HallmarkError, invalidInput} from '../../errors.ts';

/**
 * Reading a cargo-vet `audits.toml` into plain, normalised entries. Nothing
 * here writes: the importer decides what becomes of each entry. Limits are
 * enforced before the expensive part (size before parsing, nesting by the
 * parser as it goes, entry count before anything is stored), and smol-toml
 * refuses duplicate keys and redefined tables, as TOML requires.
 */

/** The largest real files are under 1 MB (Google's aggregate is 705 KB). */
export const MAX_AUDITS_BYTES = 4 * 1024 * 1024;
/** An audits file is about five levels deep (audits → crate → entry → who list). */
const MAX_DEPTH = 12;
/** Criteria, audits, wildcard and trusted entries together. Mozilla's aggregate holds 1,863. */
export const MAX_ENTRIES = 25_000;
const MAX_NOTES = 16 * 1024;
const MAX_TEXT = 1024;
const MAX_LIST = 64;

export type AuditKind = 'full' | 'delta' | 'violation';

/** One `[[audits.<crate>]]` entry. */
export interface FileAudit {
  crate: string;
  /** Position in the crate's list after TOML merged its tables. */
  index: number;
  /** Where it is in the file, e.g. audits.png[2] (imports.lock: audits.mozilla.audits.png[2]). */
  label: string;
  kind: AuditKind;
  /** full: the version; delta: the "to" version; violation: the raw semver requirement. */
  version: string;
  /** delta only: the version it starts from. */
  from?: string;
  who: string[];
  criteria: string[];
  notes: string | null;
  aggregatedFrom: string[];
  importable: boolean;
}

export type TrustSection = 'trusted' | 'wildcard-audits';

/** A `[[trusted.<crate>]]` or `[[wildcard-audits.<crate>]]` entry: a statement of trust, not a review. */
export interface FileTrust {
  section: TrustSection;
  crate: string;
  index: number;
  label: string;
  criteria: string[];
  who: string[];
  userId: number | null;
  trustedPublisher: string | null;
  start: string | null;
  end: string | null;
  renew: boolean | null;
  notes: string | null;
  aggregatedFrom: string[];
}

export interface FileCriterion {
  name: string;
  label: string;
  description: string | null;
  descriptionUrl: string | null;
  implies: string[];
  aggregatedFrom: string[];
}

/** An entry that could not be taken, and why. `entry` names it as `audits.png[2]`, `criteria.foo`. */
export interface Unmapped {
  entry: string;
  reason: string;
}

export interface AuditsFile {
  criteria: FileCriterion[];
  audits: FileAudit[];
  trust: FileTrust[];
  /** Entries the file holds that are not well-formed cargo-vet entries. */
  malformed: Unmapped[];
  /** Crates written as `crate = []`. */
  emptyCrates: string[];
}

type Table = Record<string, unknown>;

function labelKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function entryLabel(section: string, crate: string, index?: number): string {
  return index === undefined ? `${section}.${labelKey(crate)}` : `${section}.${labelKey(crate)}[${index}]`;
}

/** Parses and normalises; refuses (413/400) a file that is too large, too deep, too long, not TOML or not shaped like an audits file. */
export function readAuditsFile(bytes: Buffer | string): AuditsFile {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > MAX_AUDITS_BYTES) throw new HallmarkError('too-large', `an audits file may be at most ${MAX_AUDITS_BYTES} bytes; this one has ${size}`, [{field: 'file', problem: 'too large'}]);
  const text = typeof bytes === 'string' ? bytes : decodeUtf8(bytes);
  let document: Table;
  try {
    document = parse(text, {maxDepth: MAX_DEPTH}) as Table;
  } catch (error) {
    if (error instanceof TomlError) throw invalidInput(`the audits file is not acceptable TOML: ${error.message.split('\n')[0]}`, [{field: 'file', problem: `line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}`}]);
    throw error;
  }
  const entries = countEntries(document);
  if (entries > MAX_ENTRIES) throw new HallmarkError('too-large', `an audits file may hold at most ${MAX_ENTRIES} entries; this one has ${entries}`, [{field: 'file', problem: 'too many entries'}]);
  const file: AuditsFile = {criteria: [], audits: [], trust: [], malformed: [], emptyCrates: []};
  const imports = lockImports(document);
  if (imports === null) readSections(document, '', file);
  else for (const name of imports) readSections((document.audits as Table)[name] as Table, `audits.${labelKey(name)}.`, file);
  return file;
}

/**
 * cargo-vet's `imports.lock` caches the audits files a project imports, one
 * complete file per import under `audits.<import>`, beside `publisher` and
 * `unpublished` tables (crates.io data, not audits, which are not read). The
 * names of its imports, or null for a plain audits file.
 */
function lockImports(document: Table): string[] | null {
  if (!isTable(document.audits)) return null;
  const values = Object.values(document.audits);
  const lock = document.publisher !== undefined || document.unpublished !== undefined
    || (values.length > 0 && values.every((value) => isTable(value) && Object.keys(value).every((key) => SECTIONS.includes(key))));
  return lock ? Object.keys(document.audits).sort() : null;
}

const SECTIONS = ['criteria', 'audits', 'trusted', 'wildcard-audits'];

function readSections(document: Table, prefix: string, file: AuditsFile): void {
  for (const section of SECTIONS) {
    if (document[section] !== undefined && !isTable(document[section])) throw invalidInput(`"${prefix}${section}" must be a table`, [{field: `${prefix}${section}`, problem: 'is not a table'}]);
  }
  const {malformed} = file;
  for (const [name, value] of Object.entries((document.criteria ?? {}) as Table)) {
    const label = `${prefix}${entryLabel('criteria', name)}`;
    const entry = readCriterion(name, label, value);
    const earlier = typeof entry === 'string' ? undefined : file.criteria.find((criterion) => criterion.name === name);
    if (typeof entry === 'string') malformed.push({entry: label, reason: entry});
    else if (earlier && (earlier.description !== entry.description || earlier.implies.join() !== entry.implies.join())) malformed.push({entry: label, reason: `defined differently by ${earlier.label}`});
    else if (!earlier) file.criteria.push(entry);
  }
  for (const [crate, index, value] of listEntries(document, 'audits', malformed, file.emptyCrates, prefix)) {
    const label = `${prefix}${entryLabel('audits', crate, index)}`;
    const audit = readAudit(crate, index, label, value);
    if (typeof audit === 'string') malformed.push({entry: label, reason: audit});
    else file.audits.push(audit);
  }
  for (const section of ['wildcard-audits', 'trusted'] as const) {
    for (const [crate, index, value] of listEntries(document, section, malformed, [], prefix)) {
      const label = `${prefix}${entryLabel(section, crate, index)}`;
      const statement = readTrust(section, crate, index, label, value);
      if (typeof statement === 'string') malformed.push({entry: label, reason: statement});
      else file.trust.push(statement);
    }
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    throw invalidInput('the audits file is not UTF-8 text', [{field: 'file', problem: 'not UTF-8'}]);
  }
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Every entry of every section, counting nested import files (imports.lock) too. */
function countEntries(document: Table, depth = 0): number {
  let count = isTable(document.criteria) ? Object.keys(document.criteria).length : 0;
  for (const section of ['audits', 'trusted', 'wildcard-audits', 'publisher', 'unpublished']) {
    const table = document[section];
    if (!isTable(table)) continue;
    for (const list of Object.values(table)) count += Array.isArray(list) ? list.length : isTable(list) && depth === 0 ? countEntries(list, 1) : 1;
  }
  return count;
}

function* listEntries(document: Table, section: string, malformed: Unmapped[], emptyCrates: string[], prefix: string): Generator<[string, number, unknown]> {
  const table = (document[section] ?? {}) as Table;
  for (const [crate, list] of Object.entries(table)) {
    if (!Array.isArray(list)) {
      malformed.push({entry: `${prefix}${entryLabel(section, crate)}`, reason: `must be a list of entries ([[${section}.<crate>]])`});
      continue;
    }
    if (list.length === 0) emptyCrates.push(crate);
    for (let index = 0; index < list.length; index++) yield [crate, index, list[index]];
  }
}

/** cargo-vet's string_or_vec: one string or a list of strings; absent is empty. */
function strings(value: unknown, what: string): string[] | string {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return `${what} must be a string or a list of strings`;
  if (list.length > MAX_LIST) return `${what} lists more than ${MAX_LIST} values`;
  if (list.some((item) => item.length > MAX_TEXT)) return `${what} has a value longer than ${MAX_TEXT} characters`;
  return list;
}

function optionalText(value: unknown, what: string, max = MAX_TEXT): string | null | {problem: string} {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return {problem: `${what} must be a string`};
  if (value.length > max) return {problem: `${what} is longer than ${max} characters`};
  return value;
}

const CRITERION_KEYS = new Set(['description', 'description-url', 'implies', 'aggregated-from']);

function readCriterion(name: string, label: string, value: unknown): FileCriterion | string {
  if (!isTable(value)) return 'must be a table';
  const unknown = Object.keys(value).find((key) => !CRITERION_KEYS.has(key));
  if (unknown) return `unknown key "${unknown.slice(0, 60)}"`;
  const description = optionalText(value.description, 'description', MAX_NOTES);
  const descriptionUrl = optionalText(value['description-url'], 'description-url');
  const implies = strings(value.implies, 'implies');
  const aggregatedFrom = strings(value['aggregated-from'], 'aggregated-from');
  if (typeof implies === 'string') return implies;
  if (typeof aggregatedFrom === 'string') return aggregatedFrom;
  if (description !== null && typeof description === 'object') return description.problem;
  if (descriptionUrl !== null && typeof descriptionUrl === 'object') return descriptionUrl.problem;
  if (description === null && descriptionUrl === null) return 'has neither description nor description-url';
  return {name, label, description, descriptionUrl, implies, aggregatedFrom};
}

const AUDIT_KEYS = new Set(['who', 'criteria', 'version', 'delta', 'violation', 'notes', 'aggregated-from', 'importable']);

function readAudit(crate: string, index: number, label: string, value: unknown): FileAudit | string {
  if (!isTable(value)) return 'must be a table';
  const unknown = Object.keys(value).find((key) => !AUDIT_KEYS.has(key));
  if (unknown) return `unknown key "${unknown.slice(0, 60)}"`;
  const kinds = (['version', 'delta', 'violation'] as const).filter((key) => value[key] !== undefined);
  if (kinds.length !== 1) return 'must have exactly one of version, delta and violation';
  const raw = value[kinds[0]];
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_TEXT) return `${kinds[0]} must be a non-empty string`;
  const shared = readShared(value);
  if (typeof shared === 'string') return shared;
  if (value.importable !== undefined && typeof value.importable !== 'boolean') return 'importable must be true or false';
  const base = {crate, index, label, ...shared, importable: value.importable !== false};
  if (kinds[0] === 'version') return {...base, kind: 'full', version: raw.trim()};
  if (kinds[0] === 'violation') return {...base, kind: 'violation', version: raw.trim()};
  const parts = raw.split('->');
  if (parts.length !== 2 || parts[0].trim() === '' || parts[1].trim() === '') return `delta "${raw.slice(0, 80)}" is not "<from> -> <to>"`;
  return {...base, kind: 'delta', from: parts[0].trim(), version: parts[1].trim()};
}

function readShared(value: Table): {who: string[]; criteria: string[]; notes: string | null; aggregatedFrom: string[]} | string {
  const who = strings(value.who, 'who');
  const criteria = strings(value.criteria, 'criteria');
  const aggregatedFrom = strings(value['aggregated-from'], 'aggregated-from');
  const notes = optionalText(value.notes, 'notes', MAX_NOTES);
  if (typeof who === 'string') return who;
  if (typeof criteria === 'string') return criteria;
  if (typeof aggregatedFrom === 'string') return aggregatedFrom;
  if (notes !== null && typeof notes === 'object') return notes.problem;
  if (criteria.length === 0) return 'names no criteria';
  return {who, criteria, notes, aggregatedFrom};
}

const TRUST_KEYS = new Set(['who', 'criteria', 'user-id', 'trusted-publisher', 'start', 'end', 'renew', 'notes', 'aggregated-from']);

function readTrust(section: TrustSection, crate: string, index: number, label: string, value: unknown): FileTrust | string {
  if (!isTable(value)) return 'must be a table';
  const unknown = Object.keys(value).find((key) => !TRUST_KEYS.has(key) || (section === 'trusted' && (key === 'who' || key === 'renew')));
  if (unknown) return `unknown key "${unknown.slice(0, 60)}"`;
  const shared = readShared(value);
  if (typeof shared === 'string') return shared;
  const userId = value['user-id'];
  const publisher = value['trusted-publisher'];
  if ((userId === undefined) === (publisher === undefined)) return 'must name exactly one of user-id and trusted-publisher';
  if (userId !== undefined && (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId < 0)) return 'user-id must be a non-negative integer';
  if (publisher !== undefined && (typeof publisher !== 'string' || publisher.length > MAX_TEXT)) return 'trusted-publisher must be a string';
  const start = optionalText(value.start, 'start');
  const end = optionalText(value.end, 'end');
  for (const date of [start, end]) if (date !== null && typeof date === 'object') return date.problem;
  if (value.renew !== undefined && typeof value.renew !== 'boolean') return 'renew must be true or false';
  return {
    section, crate, index, label, criteria: shared.criteria, who: shared.who,
    userId: (userId as number | undefined) ?? null, trustedPublisher: (publisher as string | undefined) ?? null,
    start: start as string | null, end: end as string | null, renew: (value.renew as boolean | undefined) ?? null,
    notes: shared.notes, aggregatedFrom: shared.aggregatedFrom,
  };
}
