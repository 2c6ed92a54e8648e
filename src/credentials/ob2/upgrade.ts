import {asArray, isObject, strings, type JsonObject} from '../../json.ts';
import type {OpenBadgesVersion} from '../report.ts';

/**
 * Reads OB 1.1, 1.0 and 0.5 documents as OB 2.0 ones, as 1EdTech's
 * validator does before validating: 1.x dates without a time, 1.0's
 * `verify` object, 0.5's bare-string recipient and embedded badge. A 2.0
 * document is returned as it is. Documents without an id get the URL they
 * were fetched from, which is what identified them in 1.x.
 */
export type ObVersion = Exclude<OpenBadgesVersion, '3.0'>;

const V2_CONTEXT = /openbadges\/v2|openbadgespec\.org\/v2\//;
const V1_CONTEXT = /openbadges\/v1|openbadgespec\.org\/v1\//;

export function documentVersion(document: JsonObject): ObVersion {
  const contexts = strings(asArray(document['@context']));
  if (contexts.some((context) => V2_CONTEXT.test(context))) return '2.0';
  if (contexts.some((context) => V1_CONTEXT.test(context))) return '1.1';
  return typeof document.recipient === 'string' || isObject(document.badge) && typeof document.badge.version === 'string' && document.badge.version.startsWith('0.5') ? '0.5' : '1.0';
}

export function upgradeAssertion(assertion: JsonObject, hostedAt: string | undefined): JsonObject {
  const version = documentVersion(assertion);
  if (version === '2.0') return assertion;
  const upgraded: JsonObject = {...assertion, '@context': 'https://w3id.org/openbadges/v2'};
  upgraded.type ??= 'Assertion';
  const verify = isObject(assertion.verify) ? assertion.verify : undefined;
  if (upgraded.verification === undefined && verify) upgraded.verification = {type: verify.type};
  if (upgraded.id === undefined) upgraded.id = typeof verify?.url === 'string' ? verify.url : hostedAt;
  if (version === '0.5') {
    upgraded.verification ??= {type: 'hosted'};
    upgraded.issuedOn ??= assertion.issued_on;
    if (typeof assertion.recipient === 'string') {
      const identity = assertion.recipient;
      upgraded.recipient = {type: 'email', hashed: /^(sha256|md5)\$/i.test(identity), identity, ...(typeof assertion.salt === 'string' ? {salt: assertion.salt} : {})};
    }
    if (isObject(assertion.badge)) upgraded.badge = upgradeBadgeClass(assertion.badge, undefined);
  }
  upgraded.issuedOn = upgradeDate(upgraded.issuedOn);
  if (upgraded.expires !== undefined) upgraded.expires = upgradeDate(upgraded.expires);
  return upgraded;
}

export function upgradeBadgeClass(badge: JsonObject, fetchedFrom: string | undefined): JsonObject {
  const version = documentVersion(badge);
  if (version === '2.0') return badge;
  const upgraded: JsonObject = {...badge, '@context': 'https://w3id.org/openbadges/v2'};
  upgraded.type ??= 'BadgeClass';
  if (upgraded.id === undefined && fetchedFrom !== undefined) upgraded.id = fetchedFrom;
  if (isObject(badge.issuer)) upgraded.issuer = upgradeIssuer(badge.issuer, undefined);
  // 1.1 alignment objects named the target `name`/`url`; 2.0 calls them targetName/targetUrl.
  if (Array.isArray(badge.alignment)) {
    upgraded.alignment = badge.alignment.map((item) => (isObject(item) ? {...item, targetName: item.targetName ?? item.name, targetUrl: item.targetUrl ?? item.url} : item));
  }
  return upgraded;
}

export function upgradeIssuer(issuer: JsonObject, fetchedFrom: string | undefined): JsonObject {
  const version = documentVersion(issuer);
  if (version === '2.0') return issuer;
  const upgraded: JsonObject = {...issuer, '@context': 'https://w3id.org/openbadges/v2'};
  // OB 1.1 called the issuer class IssuerOrg.
  upgraded.type = issuer.type === undefined || issuer.type === 'IssuerOrg' ? 'Issuer' : issuer.type;
  if (upgraded.id === undefined) upgraded.id = fetchedFrom;
  // OB 0.5 named the issuer by its origin.
  if (upgraded.url === undefined && typeof issuer.origin === 'string') upgraded.url = issuer.origin;
  return upgraded;
}

/** 1.x allowed a bare date or a Unix timestamp; 2.0 wants an ISO 8601 date and time with its zone. */
function upgradeDate(value: unknown): unknown {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && /^\d+$/.test(value) && value.length >= 9) return new Date(Number(value) * 1000).toISOString();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  return value;
}
