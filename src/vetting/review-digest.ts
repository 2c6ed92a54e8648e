import {createHash} from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type {Review} from './model.ts';

// canonicalize is CommonJS with an ESM-style declaration; under NodeNext its default export is the module.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** What a review says, without what happens to it later (standing, credential). */
export type ReviewContent = Omit<Review, 'digest' | 'standing' | 'credentialId' | 'acceptedAt' | 'cosigner'>;

/** 'sha256-<base64url>' of the JCS (RFC 8785) canonical content: vettings pin this. */
export function reviewDigest(content: ReviewContent): string {
  const {id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, createdAt} = content;
  const canonical = canonicalize({id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, createdAt}) ?? '';
  return `sha256-${createHash('sha256').update(canonical, 'utf8').digest('base64url')}`;
}
