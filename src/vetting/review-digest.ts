import {jcsDigest} from '../json.ts';
import type {Review} from './model.ts';

/** What a review says, without what happens to it later (standing, credential). */
export type ReviewContent = Omit<Review, 'digest' | 'standing' | 'credentialId' | 'acceptedAt' | 'cosigner'>;

/** 'sha256-<base64url>' of the JCS (RFC 8785) canonical content: vettings pin this. */
export function reviewDigest(content: ReviewContent): string {
  const {id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, createdAt} = content;
  return jcsDigest({id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, createdAt});
}
