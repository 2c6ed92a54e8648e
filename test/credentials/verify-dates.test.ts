import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, createIssuer, resolverOf, sign, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('verify: validity dates', () => {
  let issuer: TestIssuer;
  const noDocuments = resolverOf({});

  /** A plain VC 1.1 credential issued in 2020, with `extra` dates. */
  function v1(extra: Json): Json {
    return {
      '@context': [CONTEXTS.credentialsV1],
      id: 'urn:uuid:11111111-1111-4111-8111-111111111111',
      type: ['VerifiableCredential'],
      issuer: issuer.id,
      issuanceDate: '2020-01-01T00:00:00Z',
      credentialSubject: {id: 'did:example:alice'},
      ...extra,
    };
  }

  before(async () => {
    issuer = await createIssuer();
  });

  it('VC 1.1: a validUntil in the past expires it, and the summary shows that date', async () => {
    const report = await verify(await sign(v1({validUntil: '2021-01-01T00:00:00Z'}), issuer), {resolver: noDocuments, now: NOW});
    assert.equal(check(report, 'proof').result, 'passed');
    assert.equal(report.status, 'expired');
    assert.match(check(report, 'validity-period').message, /2021-01-01T00:00:00Z \(validUntil\)/);
    assert.equal(report.credential?.validUntil, '2021-01-01T00:00:00Z');
  });

  it('VC 1.1: the earlier of expirationDate and validUntil ends it', async () => {
    const later = await sign(v1({expirationDate: '2030-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z'}), issuer);
    const report = await verify(later, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'expired');
    assert.equal(report.credential?.validUntil, '2021-01-01T00:00:00Z');
    const earlier = await sign(v1({expirationDate: '2021-01-01T00:00:00Z', validUntil: '2030-01-01T00:00:00Z'}), issuer);
    const second = await verify(earlier, {resolver: noDocuments, now: NOW});
    assert.equal(second.status, 'expired');
    assert.match(check(second, 'validity-period').message, /\(expirationDate\)/);
    assert.equal(second.credential?.validUntil, '2021-01-01T00:00:00Z');
  });

  it('VC 1.1: a validFrom in the future makes it not yet valid, and the summary shows that date', async () => {
    const report = await verify(await sign(v1({validFrom: '2999-01-01T00:00:00Z'}), issuer), {resolver: noDocuments, now: NOW});
    assert.equal(check(report, 'proof').result, 'passed');
    assert.equal(report.status, 'not-yet-valid');
    assert.equal(report.credential?.validFrom, '2999-01-01T00:00:00Z');
  });

  it('VC 1.1: the later of issuanceDate and validFrom starts it', async () => {
    const report = await verify(await sign(v1({validFrom: '2019-01-01T00:00:00Z'}), issuer), {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'valid');
    assert.equal(report.credential?.validFrom, '2020-01-01T00:00:00Z');
  });

  it('an inverted window (validUntil before validFrom) fails the validity check; the proof check still says the signature verifies', async () => {
    const inverted = await sign(badge(issuer, {validFrom: '2024-01-01T00:00:00Z', validUntil: '2022-01-01T00:00:00Z'}), issuer);
    for (const now of [NOW, new Date('2023-01-01T00:00:00Z'), new Date('2021-01-01T00:00:00Z')]) {
      const report = await verify(inverted, {resolver: noDocuments, now});
      assert.equal(report.status, 'invalid');
      assert.equal(check(report, 'validity-period').result, 'failed');
      assert.match(check(report, 'validity-period').message, /validUntil is before validFrom/);
      assert.equal(check(report, 'proof').result, 'passed', check(report, 'proof').message);
    }
  });

  it('an inverted window does not make a forged signature pass', async () => {
    const inverted = await sign(badge(issuer, {validFrom: '2024-01-01T00:00:00Z', validUntil: '2022-01-01T00:00:00Z'}), issuer);
    const report = await verify({...inverted, name: 'Forged release'}, {resolver: noDocuments, now: NOW});
    assert.equal(check(report, 'proof').result, 'failed');
  });
});
