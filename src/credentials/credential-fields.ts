import {firstObject, nodeId, text, type JsonObject} from '../json.ts';

/**
 * What every view of a credential reads the same way: who issued it and what
 * it is called. Verification, baking and the inspector use these, so a badge
 * image, a page and a report never name one credential differently.
 */

/** The issuer's id, whether `issuer` is an IRI or a Profile; undefined when it is missing or a list. */
export function issuerId(credential: JsonObject): string | undefined {
  return Array.isArray(credential.issuer) ? undefined : nodeId(credential.issuer);
}

/** The achievement's name (first subject, first achievement), else the credential's own; null when neither is given. */
export function achievementName(credential: JsonObject): string | null {
  const achievement = firstObject(firstObject(credential.credentialSubject)?.achievement);
  return text(achievement?.name) ?? text(credential.name);
}
