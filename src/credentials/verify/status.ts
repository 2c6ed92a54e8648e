import {decodeStatusList, MAX_STATUS_SIZE, MIN_STATUS_LIST_LENGTH, statusValue, type DecodedStatusList} from '../bitstring.ts';
import type {DocumentResolver, RevocationRecord} from '../documents.ts';
import {hexStatus, readStatusMessages} from '../status-messages.ts';
import type {Check, VerificationReport} from '../report.ts';
import {issuerId} from '../credential-fields.ts';
import {abbreviate, asArray, clause, errorMessage, isObject, quote, strings, type JsonObject} from './json.ts';

/**
 * The `status` stage: every credentialStatus entry is checked. A list that
 * cannot be obtained, does not verify, is out of its validity period or is
 * of the wrong kind leaves the status unknown, and unknown fails: a verifier
 * that cannot tell whether a credential was revoked must not call it valid.
 *
 * A list is trusted because the issuer's signature names its URL, not
 * because of who signed it: status services (the DCC fixtures' lists, for
 * one) sign lists for many issuers under a DID of their own, and lists are
 * often served from a URL other than their own id. Both are accepted, and
 * both are reported as warnings, since whoever controls that URL decides
 * the status.
 */
export interface StatusStage {
  check: Check;
  revoked: boolean;
  suspended: boolean;
  /** The status could not be established. */
  unknown: boolean;
  warnings: string[];
}

/** Verifies a status list credential with the same pipeline (status checking off). */
export type ListVerifier = (list: unknown) => Promise<{report: VerificationReport; credential: JsonObject}>;

interface EntryOutcome {
  state: 'clear' | 'revoked' | 'suspended' | 'unknown';
  message: string;
  warnings: string[];
}

interface VerifiedList {
  credential: JsonObject;
  report: VerificationReport;
}

/**
 * Decoding is a pure function of the encoded text, and every credential on
 * a list meets the same text: the last few lists decoded are kept (read only).
 */
const decodedLists = new Map<string, DecodedStatusList>();
const MAX_DECODED_LISTS = 8;
/** Lists far beyond the specification's 16 KiB minimum are decoded each time rather than kept. */
const MAX_REMEMBERED_LIST_BYTES = 1024 * 1024;

function decodeRemembered(encoded: string): DecodedStatusList {
  let decoded = decodedLists.get(encoded);
  if (!decoded) {
    decoded = decodeStatusList(encoded);
    if (decoded.bytes.length > MAX_REMEMBERED_LIST_BYTES) return decoded;
    if (decodedLists.size >= MAX_DECODED_LISTS) decodedLists.delete(decodedLists.keys().next().value as string);
    decodedLists.set(encoded, decoded);
  }
  return decoded;
}

/** Each entry may cost a fetch and a verification; a credential cannot make us do unbounded work. */
const MAX_ENTRIES = 16;

const LIST_TYPES: Record<string, [credentialType: string, subjectType: string]> = {
  BitstringStatusListEntry: ['BitstringStatusListCredential', 'BitstringStatusList'],
  StatusList2021Entry: ['StatusList2021Credential', 'StatusList2021'],
};

/**
 * The purposes the Bitstring Status List specification defines. revocation
 * and suspension decide a verdict; so does message, whose non-zero values
 * are not valid (the spec's validate algorithm); refresh is reported. Any
 * other purpose ("Revocation", "revoked") is one the issuer meant something
 * by that Hallmark cannot tell: the status is unknown.
 */
const KNOWN_PURPOSES = ['revocation', 'suspension', 'message', 'refresh'];

function unknown(message: string): EntryOutcome {
  return {state: 'unknown', message, warnings: []};
}

function parseIndex(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,10}$/.test(text)) return undefined;
  return Number(text);
}

function describeListFailure(url: string, report: VerificationReport): string {
  if (report.status === 'expired') return `the status list ${url} expired on ${abbreviate(report.credential?.validUntil ?? '(unknown date)')}`;
  if (report.status === 'not-yet-valid') return `the status list ${url} is not valid before ${abbreviate(report.credential?.validFrom ?? '(unknown date)')}`;
  const reasons = report.checks.filter((check) => check.result === 'failed').map((check) => `${check.check}: ${clause(check.message)}`);
  return `the status list ${url} does not verify (${reasons.join('; ')})`;
}

/** Who signed the list and what it calls itself, where that is not what the credential names. */
function provenanceWarnings(list: JsonObject, url: string, credentialIssuer: string | undefined): string[] {
  const warnings: string[] = [];
  const because = "it was accepted because it is the list the issuer's signature names";
  const signer = issuerId(list);
  if (signer !== undefined && credentialIssuer !== undefined && signer !== credentialIssuer) {
    warnings.push(`The status list ${abbreviate(url)} is signed by ${abbreviate(signer)}, not by the credential's issuer ${abbreviate(credentialIssuer)}; ${because}.`);
  }
  if (list.id !== url) {
    const own = typeof list.id === 'string' ? `gives its own id as ${abbreviate(list.id)}` : 'gives no id of its own';
    warnings.push(`The status list fetched from ${abbreviate(url)} ${own}; ${because}.`);
  }
  return warnings;
}

/** Our own record of a revocation for good, where the verifier is the instance that issued the credential. */
type RevocationLookup = (listUrl: string, index: number) => Promise<RevocationRecord | null>;

async function checkListEntry(
  entry: JsonObject,
  type: string,
  lists: (url: string) => Promise<VerifiedList>,
  credentialIssuer: string | undefined,
  revocation: RevocationLookup,
): Promise<EntryOutcome> {
  const purpose = entry.statusPurpose;
  const index = parseIndex(entry.statusListIndex);
  const url = entry.statusListCredential;
  const size = entry.statusSize === undefined ? 1 : parseIndex(entry.statusSize);
  if (typeof purpose !== 'string') return unknown(`A ${type} has no statusPurpose.`);
  if (!KNOWN_PURPOSES.includes(purpose)) {
    return unknown(`A ${type} has the statusPurpose ${quote(purpose)}, which is not one of ${KNOWN_PURPOSES.join(', ')}: what it says about the credential is unknown.`);
  }
  if (index === undefined) return unknown(`A ${type} has no valid statusListIndex (${quote(entry.statusListIndex)}).`);
  if (typeof url !== 'string') return unknown(`A ${type} names no statusListCredential.`);
  if (size === undefined || size < 1 || size > MAX_STATUS_SIZE || (purpose !== 'message' && size !== 1)) {
    return unknown(`A ${type} for ${quote(purpose)} has an invalid statusSize ${quote(entry.statusSize)}.`);
  }
  const messages = readStatusMessages(entry.statusMessage, size);
  if (typeof messages === 'string') return unknown(`A ${type} for ${quote(purpose)} is malformed: ${messages}.`);
  const shownUrl = abbreviate(url);
  let list: VerifiedList;
  try {
    list = await lists(url);
  } catch (error) {
    return unknown(`The status list ${shownUrl} cannot be used: ${errorMessage(error)}.`);
  }
  if (list.report.status !== 'valid') return unknown(`The status is unknown: ${describeListFailure(shownUrl, list.report)}.`);
  const [credentialType, subjectType] = LIST_TYPES[type];
  const subject = list.credential.credentialSubject;
  if (!strings(list.credential.type).includes(credentialType) || !isObject(subject) || !strings(subject.type).includes(subjectType)) {
    return unknown(`The document at ${shownUrl} is not a ${credentialType} with a ${subjectType} subject.`);
  }
  if (!strings(subject.statusPurpose).includes(purpose)) {
    return unknown(`The status list ${shownUrl} is for ${abbreviate(strings(subject.statusPurpose).join(', ')) || 'no purpose'}, not ${quote(purpose)}.`);
  }
  // The spec's list section also speaks of a statusSize on the list; where one is given, it must agree with the entry's.
  if (subject.statusSize !== undefined && parseIndex(subject.statusSize) !== size) {
    return unknown(`The status list ${shownUrl} has entries of ${quote(subject.statusSize)} bits, but the credential's entry reads ${size}.`);
  }
  let decoded: DecodedStatusList;
  try {
    decoded = decodeRemembered(String(subject.encodedList));
  } catch (error) {
    return unknown(`The status list ${shownUrl} cannot be decoded (${errorMessage(error)}).`);
  }
  if ((index + 1) * size > decoded.length) return unknown(`Index ${index} lies outside the status list ${shownUrl} (${Math.floor(decoded.length / size)} entries).`);
  const warnings = provenanceWarnings(list.credential, url, credentialIssuer);
  const entries = Math.floor(decoded.length / size);
  if (entries < MIN_STATUS_LIST_LENGTH) {
    warnings.push(`The status list ${shownUrl} has ${entries} entries, fewer than the ${MIN_STATUS_LIST_LENGTH} the Bitstring Status List specification requires for herd privacy.`);
  }
  const value = statusValue(decoded, index, size);
  const where = `entry ${index} of ${shownUrl}`;
  // The list says "not valid"; the issuer's own records (when we are the issuer) may say that it is for good, and why.
  const revoked = value !== 0 && purpose !== 'refresh' ? await revocation(url, index) : null;
  if (revoked) return revokedOutcome(purpose, revoked, purpose === 'message' ? `${hexStatus(value)} ${quote(messages.get(value) ?? '')} at ${where}` : where, warnings);
  if (purpose === 'revocation') return {state: value ? 'revoked' : 'clear', message: value ? `Revoked by its issuer (${where}).` : `Not revoked (${where}).`, warnings};
  if (purpose === 'suspension') return {state: value ? 'suspended' : 'clear', message: value ? `Suspended by its issuer (${where}).` : `Not suspended (${where}).`, warnings};
  if (purpose === 'message') return messageOutcome(value, messages.get(value) ?? '', where, warnings);
  warnings.push(`Status ${quote(purpose)} ${where} has the value ${value}; Hallmark reports it without interpreting it.`);
  return {state: 'clear', message: `Status ${quote(purpose)}: value ${value} (${where}).`, warnings};
}

/** A revocation our records hold: on a suspension entry the list can only say "suspended", for good. */
function revokedOutcome(purpose: string, revoked: RevocationRecord, where: string, warnings: string[]): EntryOutcome {
  const kept = purpose === 'suspension' ? '; the list keeps it suspended for good, which is what other verifiers read' : '';
  // `where` names the entry (and, for a message entry, the value it holds).
  return {state: 'revoked', message: `Revoked by its issuer on ${abbreviate(revoked.at)}: ${abbreviate(revoked.reason)} (${where}${kept}).`, warnings};
}

/**
 * 0 is valid whatever its message says; a non-zero value is not (the
 * spec's validate algorithm). Its message says which: "revoked" and
 * "suspended" mean what they say, and any other leaves the credential's
 * standing unknown, which fails, with the issuer's message shown.
 */
function messageOutcome(value: number, message: string, where: string, warnings: string[]): EntryOutcome {
  const said = `status ${hexStatus(value)} ${quote(message)}`;
  if (value === 0) return {state: 'clear', message: `Valid: ${said} (${where}).`, warnings};
  const meaning = message.trim().toLowerCase();
  if (meaning === 'revoked') return {state: 'revoked', message: `Revoked by its issuer: ${said} (${where}).`, warnings};
  if (meaning === 'suspended') return {state: 'suspended', message: `Suspended by its issuer: ${said} (${where}).`, warnings};
  return {state: 'unknown', message: `Not valid: its issuer set ${said} (${where}), which Hallmark cannot interpret as revoked or suspended.`, warnings};
}

/** 1EdTech Revocation List: an unsigned JSON list of revoked credential ids at the entry's `id`. */
async function checkRevocationList(entry: JsonObject, credential: JsonObject, resolver: DocumentResolver): Promise<EntryOutcome> {
  const url = entry.id;
  if (typeof url !== 'string') return unknown('A 1EdTechRevocationList entry names no list (no id).');
  const shownUrl = abbreviate(url);
  if (typeof credential.id !== 'string') return unknown('The credential has no id to look up in its 1EdTech revocation list.');
  let list: unknown;
  try {
    list = await resolver.resolve(url);
  } catch (error) {
    return unknown(`The 1EdTech revocation list ${shownUrl} could not be obtained (${errorMessage(error)}).`);
  }
  if (!isObject(list) || (list.revokedCredential !== undefined && !Array.isArray(list.revokedCredential))) {
    return unknown(`The document at ${shownUrl} is not a 1EdTech revocation list.`);
  }
  const match = asArray(list.revokedCredential).find((item) => isObject(item) && item.id === credential.id && item.revoked !== false);
  if (match) {
    const reason = isObject(match) && typeof match.revocationReason === 'string' ? `: ${abbreviate(match.revocationReason)}` : '';
    return {state: 'revoked', message: `Revoked by its issuer (1EdTech revocation list ${shownUrl})${reason}.`, warnings: []};
  }
  return {state: 'clear', message: `Not revoked (1EdTech revocation list ${shownUrl}).`, warnings: []};
}

export async function checkCredentialStatus(
  credential: JsonObject,
  options: {resolver: DocumentResolver; verifyList: ListVerifier},
): Promise<StatusStage> {
  const entries = asArray(credential.credentialStatus);
  if (entries.length > MAX_ENTRIES) {
    const message = `The credential has ${entries.length} credentialStatus entries; more than ${MAX_ENTRIES} are not followed, so its status is unknown.`;
    return {check: {check: 'status', result: 'failed', message}, revoked: false, suspended: false, unknown: true, warnings: []};
  }
  if (entries.length === 0) {
    return {check: {check: 'status', result: 'skipped', message: 'The credential has no credentialStatus; its issuer cannot revoke it.'}, revoked: false, suspended: false, unknown: false, warnings: []};
  }
  const cache = new Map<string, Promise<VerifiedList>>();
  const lists = (url: string): Promise<VerifiedList> => {
    let pending = cache.get(url);
    if (!pending) {
      pending = options.resolver.resolve(url).then(async (document) => {
        try {
          return await options.verifyList(document);
        } catch (error) {
          throw new Error(`it is not a credential (${errorMessage(error)})`);
        }
      });
      cache.set(url, pending);
    }
    return pending;
  };
  const credentialId = typeof credential.id === 'string' ? credential.id : undefined;
  const revocation: RevocationLookup = async (listUrl, index) => (credentialId === undefined ? null : options.resolver.revocation(listUrl, index, credentialId));
  const outcomes = await Promise.all(
    entries.map((entry): Promise<EntryOutcome> => {
      if (!isObject(entry)) return Promise.resolve(unknown('A credentialStatus entry is not an object.'));
      const type = String(entry.type);
      if (Object.hasOwn(LIST_TYPES, type)) return checkListEntry(entry, type, lists, issuerId(credential), revocation);
      if (type === '1EdTechRevocationList') return checkRevocationList(entry, credential, options.resolver);
      return Promise.resolve(unknown(`A credentialStatus of type ${quote(entry.type)} cannot be checked, so whether it was revoked is unknown.`));
    }),
  );
  const has = (state: EntryOutcome['state']) => outcomes.some((outcome) => outcome.state === state);
  const warnings = outcomes.flatMap((outcome) => outcome.warnings);
  const stage = {revoked: has('revoked'), suspended: has('suspended'), unknown: has('unknown'), warnings};
  const failing = outcomes.filter((outcome) => outcome.state !== 'clear');
  const shown = failing.length > 0 ? failing : outcomes;
  const result = failing.length > 0 ? 'failed' : warnings.length > 0 ? 'warning' : 'passed';
  // The check says what it warns about (who signed the list, what it calls itself), as the report's warnings do.
  const message = shown.map((outcome) => [outcome.message, ...outcome.warnings].join(' ')).join(' ');
  return {check: {check: 'status', result, message}, ...stage};
}
