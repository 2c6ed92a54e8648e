import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ADMIN, ANONYMOUS, authorize, permits, type AccountActor, type Actor} from '../../src/authz/index.ts';
import {HallmarkError} from '../../src/errors.ts';

const person = (handle: string, roles: AccountActor['roles'] = {}, extra: Partial<AccountActor> = {}): AccountActor => ({kind: 'account', handle, accountKind: 'person', issuer: null, mayFoundCommunities: false, roles, ...extra});

function refusalKind(actor: Actor, ...args: [Parameters<typeof authorize>[1], Parameters<typeof authorize>[2]?]): string | null {
  try {
    authorize(actor, ...args);
    return null;
  } catch (error) {
    assert.ok(error instanceof HallmarkError);
    return error.kind;
  }
}

test('anonymous callers are unauthorized (401) for every action, known callers forbidden (403)', () => {
  assert.equal(refusalKind(ANONYMOUS, 'communities.edit', {community: 'npm'}), 'unauthorized');
  assert.equal(refusalKind(person('mo', {npm: 'member'}), 'communities.edit', {community: 'npm'}), 'forbidden');
  assert.equal(refusalKind({kind: 'issuer', issuer: 'npm'}, 'communities.edit', {community: 'npm'}), 'forbidden');
});

test('community roles are ordered and count only in their own community', () => {
  const steward = person('st', {npm: 'steward'});
  assert.equal(permits(steward, 'reviews.submit', {community: 'npm'}), true, 'a steward may do what an auditor may');
  assert.equal(permits(steward, 'communities.edit', {community: 'pypi'}), false, 'another tenant');
  assert.equal(permits(person('au', {npm: 'auditor'}), 'vettings.reject', {community: 'npm'}), false);
  assert.equal(permits(person('sa', {npm: 'senior-auditor'}), 'vettings.record', {community: 'npm', owner: 'au'}), true);
  assert.throws(() => authorize(person('au', {npm: 'auditor'}), 'criteria.define', {community: 'npm'}), /steward role \(or higher\) in community "npm"; "au" holds auditor there/);
});

test('the admin may do what the table gives the admin, and not what it gives only accounts', () => {
  assert.equal(permits(ADMIN, 'issuers.manage'), true);
  assert.equal(permits(ADMIN, 'reviews.submit', {community: 'npm'}), false, 'reviews are written by people');
  assert.equal(permits(ADMIN, 'vettings.resolve', {community: 'npm', owner: 'au'}), true);
});

test('issuer grants go to the issuer\'s own token and the organisation that owns it, not to other issuers', () => {
  assert.equal(permits({kind: 'issuer', issuer: 'acme'}, 'credentials.issue', {issuer: 'acme'}), true);
  assert.equal(permits({kind: 'issuer', issuer: 'other'}, 'credentials.issue', {issuer: 'acme'}), false);
  assert.equal(permits(person('org', {}, {accountKind: 'organisation', issuer: 'acme'}), 'credentials.status', {issuer: 'acme'}), true);
  assert.equal(permits(person('mo'), 'credentials.issue', {issuer: 'acme'}), false);
});

test('owners: only oneself, and never on one\'s own review where the table says so', () => {
  assert.equal(permits(person('au', {npm: 'steward'}), 'vettings.resolve', {community: 'npm', owner: 'au'}), false);
  assert.throws(() => authorize(person('au', {npm: 'auditor'}), 'vettings.record', {community: 'npm', owner: 'au'}), /your own review/);
  assert.equal(permits(person('au'), 'reviews.retract', {owner: 'au'}), true);
  assert.equal(permits(person('bo', {npm: 'steward'}), 'reviews.retract', {owner: 'au', community: 'npm'}), false);
});

test('a role named by a prototype key is not held', () => {
  assert.equal(permits(person('mo'), 'reviews.submit', {community: 'constructor'}), false);
  assert.equal(permits(person('mo'), 'reviews.submit', {community: '__proto__'}), false);
});
