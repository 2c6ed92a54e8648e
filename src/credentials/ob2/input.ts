import {COMPACT_JWS} from '../compact-jws.ts';
import {assertTractable} from '../../json-limits.ts';
import {asArray, isObject, strings, type JsonObject} from '../../json.ts';

/**
 * What an entry point may hand the pipeline as an Open Badges 2.0 (or 1.x /
 * 0.5) assertion: the earner's JSON copy of a hosted assertion, the URL it is
 * hosted at (what OB 2.0 bakes into images), or a signed assertion's compact
 * JWS. Anything else is for the OB 3.0 parser.
 */
export type Ob2Input =
  | {kind: 'url'; url: string}
  | {kind: 'hosted'; assertion: JsonObject}
  | {kind: 'signed'; token: string; header: JsonObject; payload: JsonObject};

/** The contexts OB 1.1 and 2.0 documents name (w3id.org redirects to openbadgespec.org). */
const OB_CONTEXT = /^https?:\/\/(w3id\.org\/openbadges\/v[12]|openbadgespec\.org\/v[12]\/context\.json)\/?$/;
const VC_CONTEXT = /^https:\/\/www\.w3\.org\/(2018\/credentials\/v1|ns\/credentials\/v2)$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/i;

export function recogniseOb2(input: unknown): Ob2Input | null {
  if (isObject(input)) return looksLikeOb2(input) ? {kind: 'hosted', assertion: input} : null;
  if (typeof input !== 'string') return null;
  const text = input.trim();
  if (HTTP_URL.test(text) && text.length <= 2048) return {kind: 'url', url: text};
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    return isObject(value) && looksLikeOb2(value) ? {kind: 'hosted', assertion: value} : null;
  }
  if (COMPACT_JWS.test(text)) {
    const [headerPart, payloadPart] = text.split('.');
    const header = decode(headerPart);
    const payload = decode(payloadPart);
    if (header && payload && payload.vc === undefined && looksLikeOb2(payload)) return {kind: 'signed', token: text, header, payload};
  }
  return null;
}

/** An OB 1.1/2.0 document by its context (and no VC context), or an OB 1.0/0.5 assertion by its shape (they had no context). */
export function looksLikeOb2(object: JsonObject): boolean {
  const contexts = strings(asArray(object['@context']));
  if (contexts.some((context) => VC_CONTEXT.test(context))) return false;
  if (contexts.some((context) => OB_CONTEXT.test(context))) return true;
  return object['@context'] === undefined && object.recipient !== undefined && object.badge !== undefined;
}

function decode(part: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (!isObject(value)) return null;
    assertTractable(value);
    return value;
  } catch {
    return null;
  }
}
