/**
 * The authorization server's signing keys (ID tokens, signed responses):
 * generated once per instance, sealed with the master secret like every
 * other private key, shared by every process on the store.
 */
import {generateKeyPairSync} from 'node:crypto';
import type {JWK} from 'oidc-provider';
import type {Document, Store} from '../store/port.ts';
import {DuplicateKeyError} from '../store/port.ts';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';

interface SigningKeyRecord extends Document {
  createdAt: string;
  sealed: SealedSecret;
}

const RECORD_ID = 'oauth-signing-keys';

export async function signingKeys(store: Store, vault: KeyVault): Promise<{keys: JWK[]}> {
  const keys = await store.collection<SigningKeyRecord>({name: 'oauth_keys', indexes: []});
  const existing = await keys.get(RECORD_ID);
  if (existing) return JSON.parse(vault.open(existing.doc.sealed, RECORD_ID)) as {keys: JWK[]};
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
  const jwks = {keys: [{...(privateKey.export({format: 'jwk'}) as JWK), use: 'sig', alg: 'RS256'}]};
  try {
    await keys.insert({id: RECORD_ID, createdAt: new Date().toISOString(), sealed: vault.seal(JSON.stringify(jwks), RECORD_ID)});
    return jwks;
  } catch (error) {
    // Another process generated them first: use those, so tokens verify everywhere.
    if (!(error instanceof DuplicateKeyError)) throw error;
    return signingKeys(store, vault);
  }
}
