import {generateKeyPairSync, type KeyObject} from 'node:crypto';
import {CompactSign} from 'jose';
import {DocumentResolver, MapDocumentSource, VERIFICATION_BUDGET, type DocumentSource} from '../../../src/credentials/documents.ts';
import type {VerificationReport} from '../../../src/credentials/report.ts';
import {verify} from '../../../src/credentials/verify/index.ts';

/** A small OB 2.0 issuer: its Profile, one BadgeClass, a key and a revocation list, as documents at example URLs. */
export const ISSUER = 'https://issuer.example/profile';
export const BADGE = 'https://issuer.example/badges/rust';
export const KEY = 'https://issuer.example/keys/1';
export const REVOCATIONS = 'https://issuer.example/revocations';

export type Documents = Map<string, unknown>;

export function issuerDocuments(overrides: {issuer?: Record<string, unknown>; key?: Record<string, unknown>; keyPem?: string; revoked?: unknown[]} = {}): Documents {
  return new Map<string, unknown>([
    [ISSUER, {'@context': 'https://w3id.org/openbadges/v2', type: 'Profile', id: ISSUER, name: 'Example Issuer', url: 'https://issuer.example', publicKey: KEY, revocationList: REVOCATIONS, ...overrides.issuer}],
    [BADGE, {'@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: BADGE, name: 'Rust reviewer', description: 'Reviews Rust crates.', image: 'https://issuer.example/badges/rust.png', criteria: 'https://issuer.example/badges/rust/criteria', issuer: ISSUER}],
    [KEY, {'@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: KEY, owner: ISSUER, publicKeyPem: overrides.keyPem, ...overrides.key}],
    [REVOCATIONS, {'@context': 'https://w3id.org/openbadges/v2', type: 'RevocationList', id: REVOCATIONS, revokedAssertions: overrides.revoked ?? []}],
  ]);
}

export function assertion(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id,
    recipient: {type: 'email', hashed: false, identity: 'alice@example.org'},
    badge: BADGE,
    issuedOn: '2026-01-01T00:00:00Z',
    verification: {type: 'SignedBadge', creator: KEY},
    ...extra,
  };
}

export function rsaKey(bits: number): {privateKey: KeyObject; pem: string} {
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: bits});
  return {privateKey, pem: publicKey.export({type: 'spki', format: 'pem'}).toString()};
}

export function p256Key(): {privateKey: KeyObject; pem: string} {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
  return {privateKey, pem: publicKey.export({type: 'spki', format: 'pem'}).toString()};
}

export async function sign(payload: Record<string, unknown>, privateKey: KeyObject, alg: 'RS256' | 'ES256' | 'RS512'): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({alg}).sign(privateKey);
}

/** A token with the given header, unsigned or signed by hand: what jose refuses to produce. */
export function forge(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}

export function verifyWith(input: unknown, documents: Documents | DocumentSource[]): Promise<VerificationReport> {
  const sources = Array.isArray(documents) ? documents : [new MapDocumentSource(documents)];
  return verify(input, {resolver: new DocumentResolver(sources).withBudget(VERIFICATION_BUDGET), now: new Date('2026-12-08T00:00:00Z')});
}
