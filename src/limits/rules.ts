/**
 * The named rate limits and their defaults. `HALLMARK_RATE_LIMITS` overrides
 * them by name (config.ts reads it against this table), so a branch adding a
 * limit adds one line here and calls `limits.limiter('its-name')`.
 */
export interface LimitRule {
  /** Points a key may spend per window; 0 turns the limit off. */
  points: number;
  /** Window length in seconds; counts start with the first hit of a window. */
  durationSeconds: number;
}

export const LIMIT_DEFAULTS = {
  /** Wrong, unknown or revoked bearer tokens per client address (guessing). */
  'token-failures': {points: 30, durationSeconds: 600},
  /** Wrong passwords per client address, over every account it tries (the account's own lockout is separate). */
  'sign-in-failures': {points: 20, durationSeconds: 900},
  /** Verification requests per client address: each may fetch dozens of documents. */
  verify: {points: 120, durationSeconds: 60},
  /** Activities per peer host (the signer's, else the client address) posted to the inboxes. */
  inbox: {points: 300, durationSeconds: 60},
  /** OAuth 2.0 client registrations per client address: registration needs no token, and each is kept. */
  'oauth-registrations': {points: 20, durationSeconds: 3600},
} satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMIT_DEFAULTS;

export type LimitRules = Record<LimitName, LimitRule>;

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(LIMIT_DEFAULTS, name);
}
