import assert from 'node:assert/strict';
import semver from 'semver';
import {parse} from 'smol-toml';
import {cargoRequirementToVers} from '../../src/vetting/cargo-vet/requirements.ts';

/**
 * cargo-vet is not installable on this machine (no crates.io), so exports are
 * held to its audits.toml format as its documentation states it: a TOML
 * parser reads the file, and every entry has the keys and values `cargo vet`
 * accepts (exactly one of version, delta, violation; semantic versions;
 * criteria that are built in or defined in the file; user-id or
 * trusted-publisher on trust entries; dates as YYYY-MM-DD).
 */
const SECTIONS = new Set(['criteria', 'audits', 'trusted', 'wildcard-audits']);
const KEYS: Record<string, Set<string>> = {
  audits: new Set(['who', 'criteria', 'version', 'delta', 'violation', 'notes', 'aggregated-from', 'importable']),
  'wildcard-audits': new Set(['who', 'criteria', 'user-id', 'trusted-publisher', 'start', 'end', 'renew', 'notes', 'aggregated-from']),
  trusted: new Set(['criteria', 'user-id', 'trusted-publisher', 'start', 'end', 'notes', 'aggregated-from']),
};
const BUILT_IN = new Set(['safe-to-run', 'safe-to-deploy']);

type Table = Record<string, unknown>;

function stringOrList(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  assert.ok(Array.isArray(list) && list.every((item) => typeof item === 'string'), `${where}: a string or a list of strings`);
  return list as string[];
}

/** Parses `text` and asserts the cargo-vet format rules; returns the number of audit, trusted and wildcard entries. */
export function assertCargoVetAudits(text: string): {audits: number; trusted: number; wildcard: number} {
  const document = parse(text) as Table;
  for (const key of Object.keys(document)) assert.ok(SECTIONS.has(key), `unknown top-level key ${key}`);
  const criteria = (document.criteria ?? {}) as Record<string, Table>;
  const defined = new Set([...BUILT_IN, ...Object.keys(criteria)]);
  for (const [name, criterion] of Object.entries(criteria)) {
    assert.ok(/^[A-Za-z0-9_-]+$/.test(name), `criterion name ${name}`);
    assert.ok(typeof criterion.description === 'string' || typeof criterion['description-url'] === 'string', `criteria.${name} has a description`);
    for (const implied of stringOrList(criterion.implies ?? [], `criteria.${name}.implies`)) assert.ok(defined.has(implied), `criteria.${name} implies undefined ${implied}`);
  }
  const counts = {audits: 0, trusted: 0, wildcard: 0};
  for (const section of ['audits', 'trusted', 'wildcard-audits'] as const) {
    for (const [crate, list] of Object.entries((document[section] ?? {}) as Record<string, unknown>)) {
      assert.ok(Array.isArray(list), `${section}.${crate} is a list`);
      for (const [index, entry] of (list as Table[]).entries()) {
        const where = `${section}.${crate}[${index}]`;
        for (const key of Object.keys(entry)) assert.ok(KEYS[section].has(key), `${where}: unknown key ${key}`);
        for (const name of stringOrList(entry.criteria, `${where}.criteria`)) assert.ok(defined.has(name), `${where}: criterion ${name} is not defined`);
        if (entry.who !== undefined) stringOrList(entry.who, `${where}.who`);
        if (entry['aggregated-from'] !== undefined) stringOrList(entry['aggregated-from'], `${where}.aggregated-from`);
        if (entry.notes !== undefined) assert.equal(typeof entry.notes, 'string', `${where}.notes`);
        if (section === 'audits') {
          counts.audits++;
          const kinds = ['version', 'delta', 'violation'].filter((key) => entry[key] !== undefined);
          assert.equal(kinds.length, 1, `${where}: exactly one of version, delta, violation`);
          if (entry.version !== undefined) assert.ok(semver.valid(entry.version as string), `${where}: version ${entry.version}`);
          if (entry.delta !== undefined) {
            const parts = String(entry.delta).split('->').map((part) => part.trim());
            assert.ok(parts.length === 2 && parts.every((part) => semver.valid(part)), `${where}: delta ${entry.delta}`);
          }
          if (entry.violation !== undefined) assert.ok(cargoRequirementToVers(String(entry.violation)) !== null, `${where}: violation ${entry.violation}`);
        } else {
          counts[section === 'trusted' ? 'trusted' : 'wildcard']++;
          assert.ok((entry['user-id'] === undefined) !== (entry['trusted-publisher'] === undefined), `${where}: user-id or trusted-publisher`);
          if (entry['user-id'] !== undefined) assert.ok(Number.isSafeInteger(entry['user-id']), `${where}: user-id`);
          for (const date of ['start', 'end']) if (entry[date] !== undefined) assert.match(String(entry[date]), /^\d{4}-\d{2}-\d{2}$/, `${where}.${date}`);
        }
      }
    }
  }
  return counts;
}
