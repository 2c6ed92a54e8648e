import {before, beforeEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {verify} from '../../src/credentials/verify/index.ts';
import {forgetVerifiedLists} from '../../src/credentials/verify/status-list-cache.ts';
import {badge, controllerDocument, createIssuer, resolverOf, sign, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

/**
 * A status list verified once is reused only while verifying it again would
 * say the same: identical list, identical key documents, and a validity
 * period judged afresh at every verification.
 */
const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/cache';
const ISSUER = 'https://issuer.example';

describe('status list reuse', () => {
  let issuer: TestIssuer;
  let other: TestIssuer;
  let list: Json;
  const credentials: Json[] = [];

  before(async () => {
    issuer = await createIssuer(ISSUER);
    other = await createIssuer(ISSUER);
    list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [5], validUntil: '2025-07-01T00:00:00Z'});
    for (const index of [1, 2, 3, 5]) credentials.push(await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', index)}), issuer));
  });
  beforeEach(() => forgetVerifiedLists());

  const documents = (extra: Record<string, unknown> = {}) => resolverOf({[ISSUER]: controllerDocument(issuer), [LIST_URL]: list, ...extra});

  it('gives the same reports as verifying every list afresh', async () => {
    const resolver = documents();
    const reused = [];
    for (const credential of credentials) reused.push(await verify(credential, {resolver, now: NOW}));
    const fresh = [];
    for (const credential of credentials) {
      forgetVerifiedLists();
      fresh.push(await verify(credential, {resolver, now: NOW}));
    }
    assert.deepEqual(reused, fresh);
    assert.deepEqual(reused.map((report) => report.status), ['valid', 'valid', 'valid', 'revoked']);
  });

  it('notices at once when the key document the list was checked against changes', async () => {
    assert.equal((await verify(credentials[0], {resolver: documents(), now: NOW})).status, 'valid');
    // The issuer now publishes another key: the list's signature no longer has an authorised key behind it.
    const rotated = documents({[ISSUER]: controllerDocument(other)});
    const report = await verify(credentials[1], {resolver: rotated, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /the status list .* does not verify/);
    assert.equal((await verify(credentials[2], {resolver: documents(), now: NOW})).status, 'valid');
  });

  it('judges the list’s validity period at every verification', async () => {
    assert.equal((await verify(credentials[0], {resolver: documents(), now: NOW})).status, 'valid');
    const later = await verify(credentials[1], {resolver: documents(), now: new Date('2025-08-01T00:00:00Z')});
    assert.equal(later.status, 'invalid');
    assert.match(check(later, 'status').message, /expired on 2025-07-01/);
    assert.equal((await verify(credentials[2], {resolver: documents(), now: NOW})).status, 'valid');
  });

  it('reuses a list only with the verdict a fresh verification gives, at instants on both sides of its end and of the clock skew', async () => {
    const until = Date.parse('2025-07-01T00:00:00Z');
    const instants = [-1000, 0, 299_000, 300_000, 301_000, 3_600_000, 299_000, -1000].map((offset) => new Date(until + offset));
    const resolver = documents();
    for (const [index, now] of instants.entries()) {
      const credential = credentials[index % 3];
      const reused = await verify(credential, {resolver, now});
      forgetVerifiedLists();
      const fresh = await verify(credential, {resolver, now});
      assert.deepEqual(reused, fresh, `at ${now.toISOString()}`);
    }
    assert.equal((await verify(credentials[0], {resolver, now: new Date(until + 299_000)})).status, 'valid');
    assert.equal((await verify(credentials[0], {resolver, now: new Date(until + 301_000)})).status, 'invalid');
  });

  it('does not reuse a list whose content changed, even at the same URL', async () => {
    // credentials[1] is entry 2.
    assert.equal((await verify(credentials[1], {resolver: documents(), now: NOW})).status, 'valid');
    const revokedToo = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [2, 5], validUntil: '2025-07-01T00:00:00Z'});
    assert.equal((await verify(credentials[1], {resolver: documents({[LIST_URL]: revokedToo}), now: NOW})).status, 'revoked');
    assert.equal((await verify(credentials[1], {resolver: documents(), now: NOW})).status, 'valid');
  });

  it('does not reuse a list whose signature was tampered with', async () => {
    assert.equal((await verify(credentials[0], {resolver: documents(), now: NOW})).status, 'valid');
    const tampered = {...list, credentialSubject: {...(list.credentialSubject as Json), statusPurpose: 'suspension'}};
    const report = await verify(credentials[1], {resolver: documents({[LIST_URL]: tampered}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /does not verify|is for suspension/);
  });

  it('does not take a list with 1e400 where it verified one with null: JSON text writes both as null', async () => {
    // The issuer signed a list with a null (dropped by JSON-LD); Infinity is a statement the signature does not cover.
    const withNull = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [5], validUntil: '2025-07-01T00:00:00Z', extra: {description: null}});
    assert.equal((await verify(credentials[0], {resolver: documents({[LIST_URL]: withNull}), now: NOW})).status, 'valid');
    const infinite = JSON.parse(JSON.stringify(withNull).replace('"description":null', '"description":1e400')) as Json;
    assert.equal(JSON.stringify(infinite), JSON.stringify(withNull));
    const report = await verify(credentials[0], {resolver: documents({[LIST_URL]: infinite}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /does not verify/);
  });
});
