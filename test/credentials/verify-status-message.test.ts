import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {VerificationReport} from '../../src/credentials/report.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {HALLMARK_STATUS_MESSAGES} from '../../src/credentials/status-messages.ts';
import {badge, createIssuer, resolverOf, sign, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/messages';
const LAST = 131_071;

/** Verifier side of `message` entries (statusSize 2), on lists built and signed here. */
describe('verify: message status entries', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createIssuer();
  });

  function messageEntry(index: number, extra: Json = {}): Json {
    return {...statusEntry(LIST_URL, 'revocation', index), statusPurpose: 'message', statusSize: 2, statusMessage: HALLMARK_STATUS_MESSAGES, ...extra};
  }

  async function verifyWith(entry: Json, values: Array<[number, number]>, listOptions: {purpose?: 'revocation' | 'suspension' | 'message'; statusSize?: number; length?: number} = {}): Promise<VerificationReport> {
    const list = await statusList(issuer, {url: LIST_URL, purpose: listOptions.purpose ?? 'message', statusSize: listOptions.statusSize ?? 2, values, length: listOptions.length});
    const credential = await sign(badge(issuer, {credentialStatus: entry}), issuer);
    return verify(credential, {resolver: resolverOf({[LIST_URL]: list}), now: NOW});
  }

  it('reads 0x0 as valid, 0x1 as suspended and 0x2 as revoked, naming the message', async () => {
    const expected: Array<[number, string, RegExp]> = [
      [0, 'valid', /Valid: status 0x0 "valid" \(entry 5 of/],
      [1, 'suspended', /Suspended by its issuer: status 0x1 "suspended" \(entry 5 of/],
      [2, 'revoked', /Revoked by its issuer: status 0x2 "revoked" \(entry 5 of/],
    ];
    for (const [value, verdict, message] of expected) {
      const report = await verifyWith(messageEntry(5), [[5, value]]);
      assert.equal(report.status, verdict, `value ${value}`);
      assert.match(check(report, 'status').message, message);
    }
  });

  it('reads the first and the last entry of the list, and entries do not bleed into their neighbours', async () => {
    assert.equal((await verifyWith(messageEntry(0), [[0, 2], [1, 1]])).status, 'revoked');
    assert.equal((await verifyWith(messageEntry(LAST), [[LAST, 1], [LAST - 1, 3]])).status, 'suspended');
    // Both neighbours hold 0b11: entry 5's bits 10 and 11 stay 0.
    assert.equal((await verifyWith(messageEntry(5), [[4, 3], [6, 3]])).status, 'valid');
  });

  it('fails a non-zero value it cannot interpret and shows the issuer\'s message', async () => {
    const undefinedValue = await verifyWith(messageEntry(9), [[9, 3]]);
    assert.equal(undefinedValue.status, 'invalid');
    assert.equal(undefinedValue.verified, false);
    assert.equal(check(undefinedValue, 'status').result, 'failed');
    assert.match(check(undefinedValue, 'status').message, /its issuer set status 0x3 "undefined"/);

    const vocabulary = [
      {status: '0x0', message: 'pending_review'},
      {status: '0x1', message: 'accepted'},
      {status: '0x2', message: 'rejected'},
      {status: '0x3', message: 'Revoked'},
    ];
    const accepted = await verifyWith(messageEntry(9, {statusMessage: vocabulary}), [[9, 1]]);
    assert.equal(accepted.status, 'invalid', 'a non-zero value is not valid, whatever it is called');
    assert.match(check(accepted, 'status').message, /status 0x1 "accepted"/);
    const pending = await verifyWith(messageEntry(9, {statusMessage: vocabulary}), [[9, 0]]);
    assert.equal(pending.status, 'valid', '0x0 is valid, whatever it is called');
    assert.equal((await verifyWith(messageEntry(9, {statusMessage: vocabulary}), [[9, 3]])).status, 'revoked');
  });

  const malformed: Array<[string, Json, RegExp]> = [
    ['no statusMessage', {statusMessage: undefined}, /statusMessage is required when statusSize is 2/],
    ['three messages for four values', {statusMessage: HALLMARK_STATUS_MESSAGES.slice(0, 3)}, /has 3 messages, but statusSize 2 has 4 values/],
    ['a status named twice', {statusMessage: [...HALLMARK_STATUS_MESSAGES.slice(0, 3), {status: '0x00', message: 'again'}]}, /names 0x00 twice/],
    ['a status without 0x', {statusMessage: [{status: '0', message: 'valid'}, ...HALLMARK_STATUS_MESSAGES.slice(1)]}, /statusMessage 0 has no status of the form 0x/],
    ['a status two bits cannot hold', {statusMessage: [...HALLMARK_STATUS_MESSAGES.slice(0, 3), {status: '0x4', message: 'over'}]}, /0x4, which 2 bits cannot hold/],
    ['a message that is not a string', {statusMessage: [...HALLMARK_STATUS_MESSAGES.slice(0, 3), {status: '0x3', message: 3}]}, /statusMessage 3 has no message/],
    ['a statusMessage that is not an array', {statusMessage: {status: '0x0', message: 'valid'}}, /statusMessage is not an array/],
    ['a statusSize of 0', {statusSize: 0}, /invalid statusSize 0/],
  ];
  for (const [what, extra, message] of malformed) {
    it(`leaves the status unknown, and fails, on ${what}`, async () => {
      const entry = messageEntry(5, extra);
      if (Object.hasOwn(extra, 'statusMessage') && extra.statusMessage === undefined) delete entry.statusMessage;
      const report = await verifyWith(entry, [[5, 0]]);
      assert.equal(report.status, 'invalid');
      assert.equal(check(report, 'status').result, 'failed');
      assert.match(check(report, 'status').message, message);
    });
  }

  it('refuses a list whose purpose is not the entry\'s', async () => {
    const report = await verifyWith(messageEntry(5), [[5, 2]], {purpose: 'revocation'});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /is for revocation, not "message"/);
    const revocation = await verifyWith({...statusEntry(LIST_URL, 'revocation', 5)}, [[5, 2]], {purpose: 'message'});
    assert.equal(revocation.status, 'invalid');
  });

  it('refuses a 1-bit purpose that claims several bits', async () => {
    const report = await verifyWith({...statusEntry(LIST_URL, 'suspension', 5), statusSize: 2, statusMessage: HALLMARK_STATUS_MESSAGES}, [[5, 1]], {purpose: 'suspension'});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /invalid statusSize 2/);
  });

  it('counts a list\'s entries in statusSize units: a 16KB list holds 65,536 two-bit entries', async () => {
    const short = await verifyWith(messageEntry(7), [[7, 1]], {length: 65_536});
    assert.equal(short.status, 'suspended');
    assert.ok(short.warnings.some((warning) => warning.includes('65536 entries, fewer than the 131072')), short.warnings.join('\n'));
    const outside = await verifyWith(messageEntry(65_536), [], {length: 65_536});
    assert.equal(outside.status, 'invalid');
    assert.match(check(outside, 'status').message, /Index 65536 lies outside the status list .* \(65536 entries\)/);
  });

  it('treats a 1-bit message entry without statusMessage as "unset"/"set", and "set" is not valid', async () => {
    const entry = {...statusEntry(LIST_URL, 'revocation', 3), statusPurpose: 'message'};
    assert.equal((await verifyWith(entry, [], {statusSize: 1})).status, 'valid');
    const set = await verifyWith(entry, [[3, 1]], {statusSize: 1});
    assert.equal(set.status, 'invalid');
    assert.match(check(set, 'status').message, /status 0x1 "set"/);
  });
});
