import {createHash} from 'node:crypto';
import {invalidInput} from '../errors.ts';
import {asArray, isObject} from '../json.ts';

/**
 * Whose badge is it? A pure check of a credential's recipient against the
 * identity a verifier was given: an Open Badges 2.0 `recipient`
 * IdentityObject (plain or `sha256$`/`md5$` hashed with its salt) or an
 * OB 3.0 `credentialSubject` (`id`, or `identifier` IdentityObjects).
 */

/** The kinds of identity a person can claim, and the only ones compared. */
export type IdentityKind = 'email' | 'url' | 'did' | 'telephone';

export interface ClaimedIdentity {
  kind: IdentityKind;
  /** Normalised: an email address lowercased without `mailto:`, a telephone number without `tel:`. */
  value: string;
}

export type RecipientResult = 'matched' | 'not-matched' | 'not-checked';

export interface RecipientCheck {
  result: RecipientResult;
  /** The identities checked, as given. */
  identities: string[];
  message: string;
}

/** What a credential says about its recipient. */
export type RecipientSource =
  /** `salt`: OB 0.5 assertions keep it beside a bare `recipient` string. */
  | {openBadgesVersion: '2.0'; recipient: unknown; salt?: unknown}
  | {openBadgesVersion: '3.0'; credentialSubject: unknown};

const MAX_IDENTITY_LENGTH = 2000;
/** A person may name several of their identities (an email and a profile URL); a list this long is not one person's. */
export const MAX_IDENTITIES = 10;

/** Reads a claimed identity; throws invalid-input for anything that is not an email address, URL, DID or telephone number. */
export function parseIdentity(text: string): ClaimedIdentity {
  const value = text.trim();
  if (value === '' || value.length > MAX_IDENTITY_LENGTH || /\s/.test(value)) throw notAnIdentity(value);
  if (/^mailto:/i.test(value)) return email(value.slice('mailto:'.length), text);
  if (/^https?:\/\/[^/]/i.test(value)) return {kind: 'url', value};
  if (/^did:[a-z0-9]+:\S+$/.test(value)) return {kind: 'did', value};
  if (/^tel:/i.test(value)) return telephone(value.slice('tel:'.length), text);
  if (/^\+?[0-9][0-9().-]{3,30}$/.test(value)) return telephone(value, text);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return email(value, text);
  throw notAnIdentity(value);
}

function notAnIdentity(given: string) {
  return invalidInput(`"${given.trim().slice(0, 60)}" is not an identity: give an email address, a URL, a DID or a telephone number`, [{field: 'recipient', problem: 'must be an email address, http(s) URL, DID or telephone number'}]);
}

/** Several identities of one person (`--recipient` repeated); at most MAX_IDENTITIES. */
export function parseIdentities(texts: readonly string[]): ClaimedIdentity[] {
  if (texts.length > MAX_IDENTITIES) throw invalidInput(`at most ${MAX_IDENTITIES} recipient identities may be given`, [{field: 'recipient', problem: `at most ${MAX_IDENTITIES}`}]);
  return texts.map(parseIdentity);
}

/** A form field naming one or more identities of one person, separated by commas or spaces. */
export function parseIdentityField(text: string): ClaimedIdentity[] {
  return parseIdentities(text.split(/[\s,]+/).filter((part) => part !== ''));
}

function email(address: string, given: string): ClaimedIdentity {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw notAnIdentity(given);
  // Issuers hash the address as they stored it; the domain is case-insensitive and in practice so is the rest.
  return {kind: 'email', value: address.toLowerCase()};
}

function telephone(number: string, given: string): ClaimedIdentity {
  const digits = number.replace(/[().-]/g, '');
  if (!/^\+?[0-9]{4,20}$/.test(digits)) throw notAnIdentity(given);
  return {kind: 'telephone', value: digits};
}

/** One identity a credential names for its recipient: plain, or hashed with a salt. */
interface NamedIdentity {
  kind: IdentityKind;
  plain?: string;
  hash?: {algorithm: 'sha256' | 'md5'; hex: string; salt: string};
}

/** Something the credential says about its recipient that cannot be compared (an unknown hash, a malformed object). */
interface Unreadable {
  problem: string;
}

/**
 * matched: one of the claimed identities is one the credential names;
 * not-matched: the credential names identities of a kind that was claimed
 * and none is the claimed one — it belongs to someone else; not-checked:
 * nothing was claimed, or the credential names its recipient only in ways
 * that cannot be compared with what was claimed (another kind, an unknown
 * hash algorithm, a malformed object).
 */
export function checkRecipient(claimed: readonly ClaimedIdentity[], source: RecipientSource): RecipientCheck {
  const identities = claimed.map((identity) => identity.value);
  if (claimed.length === 0) return {result: 'not-checked', identities, message: 'No recipient identity was given to check against.'};
  const {named, unreadable} = source.openBadgesVersion === '2.0' ? ob2Identities(source.recipient, source.salt) : ob3Identities(source.credentialSubject);
  const who = identities.join(', ');
  for (const identity of claimed) {
    const match = named.find((candidate) => matches(identity, candidate));
    if (match) return {result: 'matched', identities, message: `Issued to ${identity.value} (${match.hash ? `${match.hash.algorithm} hash${match.hash.salt ? ' with salt' : ''}` : 'in plain text'}).`};
  }
  const comparable = named.filter((candidate) => claimed.some((identity) => identity.kind === candidate.kind));
  if (comparable.length > 0) {
    return {result: 'not-matched', identities, message: `Issued to someone else: the recipient's ${kinds(comparable)} is not ${who}.`};
  }
  if (named.length > 0) {
    return {result: 'not-checked', identities, message: `The recipient is named only by ${kinds(named)}, which cannot be compared with ${who}; give that identity to check it.`};
  }
  const why = unreadable.length > 0 ? unreadable.map((entry) => entry.problem).join('; ') : 'the credential names no recipient';
  return {result: 'not-checked', identities, message: `The recipient could not be checked: ${why}.`};
}

function kinds(named: NamedIdentity[]): string {
  const labels: Record<IdentityKind, string> = {email: 'email address', url: 'URL', did: 'DID', telephone: 'telephone number'};
  return [...new Set(named.map((entry) => labels[entry.kind]))].join(' or ');
}

function matches(identity: ClaimedIdentity, named: NamedIdentity): boolean {
  if (identity.kind !== named.kind) return false;
  if (named.plain !== undefined) return readIdentity(named.plain)?.value === identity.value;
  const hash = named.hash;
  return hash !== undefined && createHash(hash.algorithm).update(identity.value + hash.salt, 'utf8').digest('hex') === hash.hex;
}

/** A plain identity a credential names, read (and normalised) as a claimed one would be; undefined when it is none. */
function readIdentity(value: string): ClaimedIdentity | undefined {
  try {
    return parseIdentity(value);
  } catch {
    return undefined;
  }
}

const HASH = /^(sha256|md5)\$([0-9a-f]+)$/i;
const HEX_LENGTH = {sha256: 64, md5: 32} as const;

/** A `sha256$…`/`md5$…` value, or why it is not one; undefined when it does not even look hashed. */
function readHash(value: string, salt: string): NamedIdentity['hash'] | Unreadable | undefined {
  const found = HASH.exec(value);
  if (!found) return /^[a-z0-9]+\$/i.test(value) ? {problem: `the hash "${value.slice(0, 20)}…" uses an algorithm other than sha256 or md5`} : undefined;
  const algorithm = found[1].toLowerCase() as 'sha256' | 'md5';
  const hex = found[2].toLowerCase();
  if (hex.length !== HEX_LENGTH[algorithm]) return {problem: `the ${algorithm} hash has ${hex.length} hex digits, not ${HEX_LENGTH[algorithm]}`};
  return {algorithm, hex, salt};
}

const OB2_TYPES: Record<string, IdentityKind> = {email: 'email', url: 'url', telephone: 'telephone'};

/** OB 2.0 (and 1.x) IdentityObject; OB 0.5's bare string with the assertion's salt. */
function ob2Identities(recipient: unknown, outerSalt: unknown): {named: NamedIdentity[]; unreadable: Unreadable[]} {
  if (typeof recipient === 'string') {
    // OB 0.5: an email address, hashed when the assertion carries a salt or the value says so.
    return identityValue('email', recipient, typeof outerSalt === 'string' ? outerSalt : '', undefined);
  }
  if (!isObject(recipient)) return {named: [], unreadable: [{problem: 'the assertion has no recipient IdentityObject'}]};
  const {type, identity, hashed, salt} = recipient;
  if (typeof type !== 'string' || typeof identity !== 'string') return {named: [], unreadable: [{problem: 'the recipient IdentityObject lacks a string type or identity'}]};
  const kind = OB2_TYPES[type];
  if (!kind) return {named: [], unreadable: [{problem: `the recipient's identity type "${type.slice(0, 40)}" is not email, url or telephone`}]};
  return identityValue(kind, identity, typeof salt === 'string' ? salt : '', typeof hashed === 'boolean' ? hashed : undefined);
}

/** OB 3.0: credentialSubject.id and identifier[] (IdentityObject with identityHash, identityType, hashed, salt). */
function ob3Identities(credentialSubject: unknown): {named: NamedIdentity[]; unreadable: Unreadable[]} {
  const named: NamedIdentity[] = [];
  const unreadable: Unreadable[] = [];
  for (const subject of asArray(credentialSubject)) {
    if (!isObject(subject)) continue;
    if (typeof subject.id === 'string') {
      const kind = readIdentity(subject.id)?.kind;
      if (kind) named.push({kind, plain: subject.id});
      else unreadable.push({problem: `the subject id "${subject.id.slice(0, 60)}" is not an email address, URL, DID or telephone number`});
    }
    for (const identifier of asArray(subject.identifier)) {
      if (!isObject(identifier)) continue;
      const {identityType, identityHash, hashed, salt} = identifier;
      if (typeof identityType !== 'string' || typeof identityHash !== 'string') {
        unreadable.push({problem: 'an identifier lacks a string identityType or identityHash'});
        continue;
      }
      const kind = OB3_TYPES[identityType];
      if (!kind) {
        unreadable.push({problem: `identifiers of type "${identityType.slice(0, 40)}" are not compared`});
        continue;
      }
      const found = identityValue(kind, identityHash, typeof salt === 'string' ? salt : '', typeof hashed === 'boolean' ? hashed : undefined);
      named.push(...found.named);
      unreadable.push(...found.unreadable);
    }
  }
  return {named, unreadable};
}

/** OB 3.0 identityType values naming an identity a person can claim (the rest — sourcedId, name… — are not compared). */
const OB3_TYPES: Record<string, IdentityKind> = {emailAddress: 'email', url: 'url', did: 'did', phone: 'telephone', telephone: 'telephone'};

/**
 * A value that is hashed or plain; `hashed` (when the object says) must
 * agree with its form — a "hashed" plain address or a "plain" hash is
 * malformed, as the 1EdTech validator rules, and compared with nothing.
 */
function identityValue(kind: IdentityKind, value: string, salt: string, hashed: boolean | undefined): {named: NamedIdentity[]; unreadable: Unreadable[]} {
  const hash = readHash(value, salt);
  if (hash && 'problem' in hash) return {named: [], unreadable: [hash]};
  if (hashed === true && !hash) return {named: [], unreadable: [{problem: 'the recipient says it is hashed but its identity is not a sha256$ or md5$ hash'}]};
  if (hashed === false && hash) return {named: [], unreadable: [{problem: 'the recipient says it is not hashed but its identity is a hash'}]};
  return {named: [hash ? {kind, hash} : {kind, plain: value}], unreadable: []};
}
