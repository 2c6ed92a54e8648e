import {asArray, isObject, type JsonObject} from '../../json.ts';
import type {DocumentResolver} from '../documents.ts';
import type {Check} from '../report.ts';
import {quote} from '../verify/json.ts';
import {fetchObject, httpUrl} from './documents.ts';
import {hasType} from './structure.ts';

/** The status stage for OB 2.0: the assertion's own `revoked` flag, then the issuer's RevocationList. */
export interface RevocationOutcome {
  check: Check;
  revoked: boolean;
  /** The list could not be obtained or read. */
  indeterminate: boolean;
}

export async function checkRevocation(assertion: JsonObject, issuer: JsonObject | undefined, resolver: DocumentResolver): Promise<RevocationOutcome> {
  if (assertion.revoked === true) return revoked(`The issuer has revoked this assertion${reasonOf(assertion)}.`);
  const listUrl = issuer === undefined ? undefined : issuer.revocationList;
  if (listUrl === undefined) return {check: {check: 'status', result: 'passed', message: 'Not revoked: the assertion is not marked revoked and its issuer publishes no revocation list.'}, revoked: false, indeterminate: false};
  const url = httpUrl(listUrl);
  if (url === undefined) return unknown(`The issuer's revocationList ${quote(listUrl)} is not an http(s) URL.`, false);
  const list = await fetchObject(resolver, url, 'revocation list');
  if (list.kind === 'unavailable') return unknown(`Not checked: ${list.reason}.`, true);
  if (list.kind === 'malformed') return unknown(`${list.reason}.`, false);
  if (!hasType(list.document, 'RevocationList')) return unknown(`The document at ${quote(url)} is not a RevocationList.`, false);
  const ids = [assertion.id, assertion.uid].filter((value): value is string => typeof value === 'string');
  for (const entry of asArray(list.document.revokedAssertions)) {
    const entryId = typeof entry === 'string' ? entry : isObject(entry) ? (entry.id ?? entry.uid) : undefined;
    if (typeof entryId === 'string' && ids.includes(entryId)) {
      return revoked(`The issuer's revocation list ${quote(url)} lists this assertion${isObject(entry) ? reasonOf(entry) : ''}.`);
    }
  }
  return {check: {check: 'status', result: 'passed', message: `Not revoked: the issuer's revocation list ${quote(url)} does not list this assertion.`}, revoked: false, indeterminate: false};
}

function reasonOf(document: JsonObject): string {
  return typeof document.revocationReason === 'string' ? ` (reason: ${quote(document.revocationReason)})` : '';
}

function revoked(message: string): RevocationOutcome {
  return {check: {check: 'status', result: 'failed', message}, revoked: true, indeterminate: false};
}

function unknown(message: string, indeterminate: boolean): RevocationOutcome {
  return {check: {check: 'status', result: indeterminate ? 'indeterminate' : 'failed', message}, revoked: false, indeterminate};
}
