import {asArray, isObject, strings, type JsonObject} from '../../json.ts';
import {quote} from '../verify/json.ts';

/**
 * The OB 2.0 data model's required properties and value types for the three
 * documents verification reads (Assertion, BadgeClass, Profile), after
 * legacy documents are upgraded (upgrade.ts). Each problem names the
 * document and the property; an empty list means well-formed.
 */
const HASHED_IDENTITY = /^(sha256|md5)\$[0-9a-f]+$/i;
/** OB 2.0 DateTime: ISO 8601 with a zone (`Z`, `+08`, `+0800`, `+08:00`), as 1EdTech's validator requires. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const IMAGE_DATA_URI = /^data:image\/(png|svg\+xml)[;,]/i;

export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  // Date.parse reads "+08:00" but not "+08" or "+0800".
  const normalised = value.replace(/([+-]\d{2})(\d{2})?$/, (_, hours: string, minutes?: string) => `${hours}:${minutes ?? '00'}`);
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function hasType(document: JsonObject, ...types: string[]): boolean {
  return strings(asArray(document.type)).some((type) => types.includes(type));
}

export function assertionProblems(assertion: JsonObject): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`Assertion ${message}`);
  if (!hasType(assertion, 'Assertion')) at(`type ${quote(assertion.type)} is not Assertion`);
  if (!isIri(assertion.id)) at('has no id IRI');
  recipientProblems(assertion.recipient).forEach(at);
  if (!isIri(assertion.badge) && !isObject(assertion.badge)) at('badge is neither a BadgeClass IRI nor a BadgeClass');
  const verification = isObject(assertion.verification) ? assertion.verification : undefined;
  if (!verification) at('has no verification object');
  else if (!['hosted', 'HostedBadge', 'signed', 'SignedBadge'].includes(String(verification.type))) at(`verification type ${quote(verification.type)} is neither hosted nor signed`);
  if (assertion.issuedOn === undefined) at('has no issuedOn');
  else if (!parseDateTime(assertion.issuedOn)) at(`issuedOn ${quote(assertion.issuedOn)} is not an ISO 8601 date and time with a time zone`);
  if (assertion.expires !== undefined && !parseDateTime(assertion.expires)) at(`expires ${quote(assertion.expires)} is not an ISO 8601 date and time with a time zone`);
  // Assertion images are the baked badge itself: a URL, never a data URI (1EdTech's validator).
  const image = imageUrl(assertion.image);
  if (assertion.image !== undefined && (!isUrl(image) || image.startsWith('data:'))) at(`image ${quote(image?.slice(0, 60) ?? assertion.image)} is not a URL (an assertion image may not be a data URI)`);
  for (const evidence of asArray(assertion.evidence)) {
    if (typeof evidence === 'string' ? !isUrl(evidence) : !isObject(evidence) || (evidence.id !== undefined && !isUrl(evidence.id))) at(`evidence ${quote(evidence)} is not a URL`);
  }
  return problems;
}

function recipientProblems(recipient: unknown): string[] {
  if (!isObject(recipient)) return ['has no recipient IdentityObject'];
  const problems: string[] = [];
  if (typeof recipient.type !== 'string' || recipient.type === '') problems.push('recipient has no identity type');
  if (typeof recipient.identity !== 'string' || recipient.identity === '') problems.push('recipient has no identity');
  if (typeof recipient.hashed !== 'boolean') problems.push('recipient hashed is not a boolean');
  if (typeof recipient.identity === 'string' && typeof recipient.hashed === 'boolean') {
    const looksHashed = HASHED_IDENTITY.test(recipient.identity);
    if (recipient.hashed && !looksHashed) problems.push('recipient is marked hashed but its identity is not a sha256$ or md5$ hash');
    if (!recipient.hashed && looksHashed) problems.push('recipient is marked not hashed but its identity looks like a hash');
  }
  return problems;
}

export function badgeClassProblems(badge: JsonObject): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`BadgeClass ${message}`);
  if (!hasType(badge, 'BadgeClass')) at(`type ${quote(badge.type)} is not BadgeClass`);
  if (typeof badge.name !== 'string' || badge.name === '') at('has no name');
  if (typeof badge.description !== 'string') at('has no description');
  const image = imageUrl(badge.image);
  if (image === undefined) at('has no image');
  else if (image.startsWith('data:') ? !IMAGE_DATA_URI.test(image) : !isUrl(image)) at(`image ${quote(image.slice(0, 60))} is neither a URL nor a PNG or SVG data URI`);
  const criteria = asArray(badge.criteria);
  if (criteria.length === 0) at('has no criteria');
  else if (criteria.length > 1) at('has more than one criteria');
  else if (typeof criteria[0] === 'string' ? !isUrl(criteria[0]) : !isObject(criteria[0])) at(`criteria ${quote(criteria[0])} is neither a URL nor a Criteria object`);
  if (!isIri(badge.issuer) && !isObject(badge.issuer)) at('issuer is neither a Profile IRI nor a Profile');
  return problems;
}

export function issuerProblems(issuer: JsonObject): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`Issuer ${message}`);
  if (!hasType(issuer, 'Issuer', 'Profile')) at(`type ${quote(issuer.type)} is neither Issuer nor Profile`);
  if (typeof issuer.name !== 'string' || issuer.name === '') at('has no name');
  if (issuer.url !== undefined && !isUrl(issuer.url)) at(`url ${quote(issuer.url)} is not a URL`);
  if (issuer.email !== undefined && typeof issuer.email !== 'string') at('email is not text');
  return problems;
}

/** An image is a URL or an Image object with an id. */
export function imageUrl(image: unknown): string | undefined {
  if (typeof image === 'string') return image;
  if (isObject(image) && typeof image.id === 'string') return image.id;
  return undefined;
}

export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    return new URL(value).href !== '';
  } catch {
    return false;
  }
}

/** An IRI as OB 2.0 ids are: a URL or a URN (signed assertions use urn:uuid:). */
export function isIri(value: unknown): value is string {
  return isUrl(value) || (typeof value === 'string' && /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(value));
}
