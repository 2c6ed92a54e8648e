import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {signCredential, type SigningKey} from '../../src/credentials/sign.ts';

const VECTORS = resolve(import.meta.dirname, '../../../shared/interop/ob3-spec/test-vectors/obv3p0');
const read = (file: string) => JSON.parse(readFileSync(resolve(VECTORS, file), 'utf8'));

describe('signing', () => {
  const key = read('key.json');
  const signingKey: SigningKey = {
    verificationMethod: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  };

  it('reproduces the OB 3.0 spec test vector proofValue exactly (eddsa-rdfc-2022)', async () => {
    const options = read('proof-options.json');
    const signed = await signCredential(read('unsigned-credential.json'), signingKey, 'DataIntegrityProof', new Date(options.created));
    assert.deepEqual(signed.proof, read('proof.json'));
    assert.equal((signed.proof as {proofValue: string}).proofValue, read('hashes.json').proofValue);
  });

  it('does not modify the credential it is given', async () => {
    const unsigned = read('unsigned-credential.json');
    const copy = structuredClone(unsigned);
    await signCredential(unsigned, signingKey, 'DataIntegrityProof');
    assert.deepEqual(unsigned, copy);
  });
});
