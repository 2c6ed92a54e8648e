import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {BADGE, createIssuer, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/** Whatever the instance signs, its own verifier must call valid: issuance and verification agree. */
describe('issue → verify round trip', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
  });
  after(() => t.close());

  it('verifies every credential it issues, whatever the (valid) claims and suite', async () => {
    const text = fc.string({unit: 'grapheme', minLength: 1, maxLength: 40});
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        text,
        fc.constantFrom('DataIntegrityProof' as const, 'Ed25519Signature2020' as const),
        fc.constantFrom('revocation' as const, 'suspension' as const, 'message' as const),
        fc.option(fc.integer({min: 1, max: 3650}), {nil: undefined}),
        async (name, achievementName, narrative, proofType, statusPurpose, validDays) => {
          const credential = {
            ...BADGE,
            name,
            ...(validDays === undefined ? {} : {validUntil: new Date(Date.now() + validDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}),
            credentialSubject: {
              ...BADGE.credentialSubject,
              achievement: {...BADGE.credentialSubject.achievement, name: achievementName, criteria: {narrative}},
            },
          };
          const {verifiableCredential} = await t.hallmark.services.issuance.issue('acme', {credential, options: {proofType, statusPurpose}});
          const report = await t.hallmark.services.verify(verifiableCredential);
          assert.equal(report.status, 'valid', JSON.stringify(report.checks.filter((check) => check.result !== 'passed')));
          assert.equal(report.credential?.issuer.id, (verifiableCredential.issuer as {id: string}).id);
        },
      ),
      {numRuns: 25},
    );
  });
});
