import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type {DocumentResolver} from '../../src/credentials/documents.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, createIssuer, resolverOf, sign, statusEntry, statusList, type Json} from './helpers/signing.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/property';

type Path = Array<string | number>;

/** Every path to a string leaf, proof included. */
function stringLeaves(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  return [];
}

function withLeaf(root: Json, path: Path, replacement: string): Json {
  const copy = structuredClone(root);
  let node: unknown = copy;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[step];
  (node as Record<string | number, unknown>)[path[path.length - 1]] = replacement;
  return copy;
}

describe('verify: property', () => {
  let signed: Json;
  let resolver: DocumentResolver;
  let leaves: Path[];

  before(async () => {
    const issuer = await createIssuer();
    signed = await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', 9)}), issuer);
    resolver = resolverOf({[LIST_URL]: await statusList(issuer, {url: LIST_URL, purpose: 'revocation'})});
    leaves = stringLeaves(signed);
    assert.equal((await verify(signed, {resolver, now: NOW})).verified, true, 'the unmutated credential verifies');
  });

  it('never verifies a signed credential with any string leaf changed', async () => {
    const mutation = fc.record({
      leaf: fc.nat(),
      edit: fc.oneof(
        fc.record({kind: fc.constant('replace' as const), text: fc.string({maxLength: 12})}),
        fc.record({kind: fc.constant('insert' as const), text: fc.string({minLength: 1, maxLength: 3}), at: fc.nat()}),
      ),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({leaf, edit}) => {
        const path = leaves[leaf % leaves.length];
        const original = String(path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], signed));
        const at = edit.kind === 'insert' ? edit.at % (original.length + 1) : 0;
        const changed = edit.kind === 'replace' ? edit.text : original.slice(0, at) + edit.text + original.slice(at);
        fc.pre(changed !== original);
        const report = await verify(withLeaf(signed, path, changed), {resolver, now: NOW});
        assert.equal(report.verified, false, `changing ${path.join('.')} to ${JSON.stringify(changed)} still verified`);
      }),
      {numRuns: 50},
    );
  });
});
