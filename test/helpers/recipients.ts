import {createHash} from 'node:crypto';
import {BADGE} from './hallmark.ts';

/** An OB 3.0 badge whose subject is a person's profile URL and their email address hashed with a salt, as issuers who keep addresses private do. */
export function badgeFor(email: string, profile: string, salt: string, name = BADGE.credentialSubject.achievement.name): Record<string, unknown> {
  const identityHash = `sha256$${createHash('sha256').update(email + salt).digest('hex')}`;
  return {
    ...BADGE,
    credentialSubject: {
      ...BADGE.credentialSubject,
      id: profile,
      identifier: [{type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt}],
      achievement: {...BADGE.credentialSubject.achievement, name},
    },
  };
}
