import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {HallmarkError} from '../../../src/errors.ts';
import {assertion, issuerDocuments, verifyWith} from './helpers.ts';

/**
 * Whatever an OB 2.0 assertion, BadgeClass or Profile holds, verification
 * answers with a report (or refuses the input as not a credential): it
 * never crashes, and never calls malformed input valid.
 */
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), {maxLength: 3}), fc.dictionary(fc.string({maxLength: 8}), fc.string(), {maxKeys: 3}));
const FIELDS = ['id', 'type', 'recipient', 'badge', 'verification', 'issuedOn', 'expires', 'revoked', 'image', 'evidence', 'verify', 'uid'];

describe('OB 2.0 verification under arbitrary field values', () => {
  it('always reports, never throws anything but invalid-input, and never verifies a mangled hosted assertion', async () => {
    const url = 'https://issuer.example/assertions/fuzz';
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), value, async (field, replacement) => {
        const documents = issuerDocuments();
        const hosted = assertion(url, {verification: {type: 'hosted'}, [field]: replacement});
        documents.set(url, hosted);
        try {
          const report = await verifyWith(url, documents);
          assert.ok(['valid', 'revoked', 'expired', 'not-yet-valid', 'invalid', 'indeterminate'].includes(report.status));
          if (report.verified) {
            // Only a replacement that leaves the assertion well-formed may verify.
            assert.ok(['image', 'evidence', 'verify', 'uid', 'revoked', 'expires'].includes(field), `${field}=${JSON.stringify(replacement)} verified`);
          }
        } catch (error) {
          assert.ok(error instanceof HallmarkError && error.kind === 'invalid-input', String(error));
        }
      }),
      {numRuns: 200},
    );
  });
});
