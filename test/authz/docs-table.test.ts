import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {PERMISSIONS, grantedTo, type Permission} from '../../src/authz/index.ts';

const DOC = new URL('../../docs/stewards-and-auditors.md', import.meta.url);
const START = '<!-- permissions:start (generated from src/authz/permissions.ts; test/authz/docs-table.test.ts keeps it equal) -->';
const END = '<!-- permissions:end -->';

/** The table as the docs carry it, one row per action of src/authz/permissions.ts. */
function rendered(): string {
  const rows = Object.entries(PERMISSIONS).map(([action, permission]: [string, Permission]) => {
    const unless = permission.exceptOwner ? ' (never on their own)' : '';
    return `| \`${action}\` | ${permission.summary} | ${grantedTo(permission)}${unless} |`;
  });
  return [START, '| action | what it does | who may |', '|---|---|---|', ...rows, END].join('\n');
}

test('the docs\' table of who may do what is the permission table', async () => {
  const text = await readFile(DOC, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  assert.ok(start >= 0 && end > start, `docs/stewards-and-auditors.md carries the generated table between its markers; paste this:\n${rendered()}`);
  assert.equal(text.slice(start, end + END.length), rendered(), 'the docs\' table drifted from src/authz/permissions.ts: replace it with the expected text');
});
