import {definedTerms} from '../contexts.ts';
import type {Check} from '../report.ts';
import {abbreviate, asArray, isObject, strings, type JsonObject} from './json.ts';

/**
 * The `type` stage: a credential says what it is, and that must hang
 * together — VerifiableCredential always; a status list credential and its
 * subject agree (a list without BitstringStatusListCredential is not one).
 */
const OPEN_BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

/** Credential types whose subject has a matching type, per their specifications. */
const PAIRED_TYPES: Array<[credentialType: string, subjectType: string]> = [
  ['BitstringStatusListCredential', 'BitstringStatusList'],
  ['StatusList2021Credential', 'StatusList2021'],
];

export function credentialTypes(credential: JsonObject): string[] {
  return strings(credential.type);
}

export function isOpenBadge(credential: JsonObject): boolean {
  return credentialTypes(credential).some((type) => OPEN_BADGE_TYPES.includes(type));
}

/** A type is an IRI (it has a colon) or a term one of the credential's contexts defines. */
function isDefinedType(type: string, contexts: unknown): boolean {
  if (type.includes(':')) return true;
  return asArray(contexts).some((context) =>
    typeof context === 'string' ? definedTerms(context).has(type) : isObject(context) && type in context,
  );
}

export function checkTypes(credential: JsonObject): Check {
  const types = credentialTypes(credential);
  const subjects = asArray(credential.credentialSubject);
  const subjectTypes = subjects.flatMap((subject) => (isObject(subject) ? strings(subject.type) : []));
  const failures: string[] = [];
  if (types.length !== asArray(credential.type).length) failures.push('Every type must be a string.');
  if (!types.includes('VerifiableCredential')) failures.push('The type does not include VerifiableCredential.');
  const undefinedTypes = [...types, ...subjectTypes].filter((type) => !isDefinedType(type, credential['@context']));
  if (undefinedTypes.length > 0) {
    const shown = undefinedTypes.slice(0, 5).map((type) => abbreviate(type)).join(', ') + (undefinedTypes.length > 5 ? ` (and ${undefinedTypes.length - 5} more)` : '');
    failures.push(`No context of the credential defines the type${undefinedTypes.length === 1 ? '' : 's'} ${shown}, so it has no meaning.`);
  }
  if (subjects.length === 0) failures.push('The credential has no credentialSubject.');
  else if (!subjects.every(isObject)) failures.push('Every credentialSubject must be an object.');
  for (const [credentialType, subjectType] of PAIRED_TYPES) {
    if (subjectTypes.includes(subjectType) && !types.includes(credentialType)) {
      failures.push(`Its subject is a ${subjectType}, but the credential's type lacks ${credentialType}.`);
    }
    if (types.includes(credentialType) && !subjectTypes.includes(subjectType)) {
      failures.push(`It is a ${credentialType}, but its subject is not a ${subjectType}.`);
    }
  }
  if (failures.length > 0) return {check: 'type', result: 'failed', message: failures.join(' ')};
  const kind = types.filter((type) => type !== 'VerifiableCredential').map((type) => abbreviate(type));
  const description = isOpenBadge(credential)
    ? `an Open Badges ${kind.join(', ')}`
    : kind.length > 0
      ? `of type ${kind.join(', ')} (not an Open Badge)`
      : 'a plain verifiable credential (not an Open Badge)';
  return {check: 'type', result: 'passed', message: `The credential is ${description}.`};
}
