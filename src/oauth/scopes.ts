/** The four scopes of the 1EdTech Open Badges 3.0 API, and what each lets a connected app do, in words. */
const BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';

export const OB3_SCOPES = {
  credentialRead: `${BASE}credential.readonly`,
  credentialUpsert: `${BASE}credential.upsert`,
  profileRead: `${BASE}profile.readonly`,
  profileUpdate: `${BASE}profile.update`,
} as const;

export type Ob3Scope = (typeof OB3_SCOPES)[keyof typeof OB3_SCOPES];

export const ALL_OB3_SCOPES: Ob3Scope[] = Object.values(OB3_SCOPES);

const WORDS: Record<Ob3Scope, string> = {
  [OB3_SCOPES.credentialRead]: 'Read the badges you have earned here and the ones you keep here',
  [OB3_SCOPES.credentialUpsert]: 'Keep badges here for you (add them, or replace ones it added before)',
  [OB3_SCOPES.profileRead]: 'Read your profile: your handle and name',
  [OB3_SCOPES.profileUpdate]: 'Change your profile\'s name',
};

export function isOb3Scope(value: string): value is Ob3Scope {
  return Object.hasOwn(WORDS, value);
}

/** What a scope lets an app do, for the consent page and the connected-apps page. */
export function scopeInWords(scope: Ob3Scope): string {
  return WORDS[scope];
}
