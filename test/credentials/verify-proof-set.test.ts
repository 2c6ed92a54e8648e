import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, createIssuer, resolverOf, sign, type Json} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const noDocuments = resolverOf({});

describe('verify: proof sets', () => {
  it('accepts an issuer proof plus a co-signature, and names the co-signer without making it the issuer', async () => {
    const issuer = await createIssuer();
    const reviewer = await createIssuer();
    const cosigned = await sign(await sign(badge(issuer), issuer), reviewer);
    assert.equal((cosigned.proof as Json[]).length, 2);
    const report = await verify(cosigned, {resolver: noDocuments, now: NOW});
    assert.equal(report.verified, true, JSON.stringify(report.errors));
    assert.match(check(report, 'proof').message, /All 2 proofs verified/);
    assert.match(check(report, 'issuer').message, new RegExp(`Also signed by ${reviewer.id.slice(0, 12)}`));
  });

  it('refuses a set in which no proof is the issuer\'s', async () => {
    const issuer = await createIssuer();
    const one = await createIssuer();
    const other = await createIssuer();
    const forged = await sign(await sign(badge(issuer), one), other);
    const report = await verify(forged, {resolver: noDocuments, now: NOW});
    assert.equal(report.verified, false);
    assert.equal(check(report, 'issuer').result, 'failed');
  });

  it('refuses a set whose co-signature does not verify', async () => {
    const issuer = await createIssuer();
    const reviewer = await createIssuer();
    const cosigned = await sign(await sign(badge(issuer), issuer), reviewer);
    const broken = structuredClone(cosigned);
    (broken.proof as Json[])[1].proofValue = (cosigned.proof as Json[])[0].proofValue;
    const report = await verify(broken, {resolver: noDocuments, now: NOW});
    assert.equal(report.verified, false);
    assert.equal(check(report, 'proof').result, 'failed');
  });
});
