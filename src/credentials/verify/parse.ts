import {invalidInput} from '../../errors.ts';
import {assertTractable} from '../../json-limits.ts';
import {copyJson} from '../../json-copy.ts';
import {isObject, type JsonObject} from './json.ts';
import {COMPACT_JWS} from '../compact-jws.ts';

/**
 * Turns whatever an entry point received into a credential: a JSON-LD
 * object, a JSON string of one, a compact VC-JWT, or a VC 2.0
 * EnvelopedVerifiableCredential wrapping a VC-JWT in a data: URL. Anything
 * else is not a credential at all and is refused with invalid-input.
 */
export interface LinkedDataInput {
  kind: 'json-ld';
  credential: JsonObject;
}

export interface JwtInput {
  kind: 'jwt';
  token: string;
  header: JsonObject;
  payload: JsonObject;
  /** The credential carried by the token: the `vc` claim (VC 1.1) or the payload itself (VC 2.0). */
  credential: JsonObject;
}

export type ParsedCredential = LinkedDataInput | JwtInput;

const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf'];
const ENVELOPE_PREFIX = /^data:application\/(vc\+jwt|vc\+sd-jwt|jwt)[;,]/;

export function parseCredentialInput(input: unknown): ParsedCredential {
  if (typeof input === 'string') return parseString(input.trim());
  if (isObject(input)) return parseObject(input);
  throw invalidInput(`expected a credential (a JSON object or a compact VC-JWT string), got ${describe(input)}`);
}

function parseString(text: string): ParsedCredential {
  if (text === '') throw invalidInput('the input is empty; expected a credential');
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw invalidInput(`the input is not valid JSON: ${(error as Error).message}`);
    }
    if (!isObject(value)) throw invalidInput('the JSON input is not an object');
    return parseObject(value);
  }
  if (COMPACT_JWS.test(text)) return parseJwt(text);
  throw invalidInput('the input is neither a JSON credential nor a compact JWT (three base64url parts separated by dots)');
}

function parseObject(object: JsonObject): ParsedCredential {
  assertTractable(object);
  if (isEnvelope(object)) return parseJwt(decodeEnvelope(String(object.id)));
  if (!('@context' in object)) throw invalidInput('the input has no @context, so it is not a JSON-LD credential');
  if (!('type' in object)) throw invalidInput('the input has no type, so it is not a credential');
  // A private copy: later stages may normalise it, and callers keep theirs intact.
  return {kind: 'json-ld', credential: copyJson(object)};
}

function isEnvelope(object: JsonObject): boolean {
  const type = object.type;
  const types = Array.isArray(type) ? type : [type];
  return types.includes('EnvelopedVerifiableCredential') && typeof object.id === 'string';
}

function decodeEnvelope(id: string): string {
  const prefix = ENVELOPE_PREFIX.exec(id);
  if (!prefix) throw invalidInput('the EnvelopedVerifiableCredential does not carry a VC-JWT data: URL');
  const body = id.slice(id.indexOf(',') + 1);
  const token = id.includes(';base64,') ? Buffer.from(body, 'base64').toString('utf8') : percentDecode(body);
  if (!COMPACT_JWS.test(token.trim())) throw invalidInput('the EnvelopedVerifiableCredential does not carry a compact JWT');
  return token.trim();
}

/** RFC 2397 percent-decoding; a malformed escape is bad input, not a crash (decodeURIComponent throws URIError). */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidInput('the EnvelopedVerifiableCredential data: URL is not validly percent-encoded');
  }
}

function decodePart(part: string, name: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalidInput(`the JWT ${name} is not base64url-encoded JSON`);
  }
  if (!isObject(value)) throw invalidInput(`the JWT ${name} is not a JSON object`);
  return value;
}

export function parseJwt(token: string): JwtInput {
  const [headerPart, payloadPart] = token.split('.');
  const header = decodePart(headerPart, 'header');
  const payload = decodePart(payloadPart, 'payload');
  let credential: JsonObject;
  if (isObject(payload.vc)) {
    credential = structuredClone(payload.vc);
  } else if ('@context' in payload && 'type' in payload) {
    // VC 2.0 style: the payload is the credential; registered JWT claims are about the token, not the credential.
    credential = Object.fromEntries(Object.entries(structuredClone(payload)).filter(([claim]) => !JWT_CLAIMS.includes(claim)));
  } else {
    throw invalidInput('the JWT carries no credential: its payload has neither a vc claim nor @context and type');
  }
  assertTractable(credential);
  if (!('@context' in credential)) throw invalidInput('the credential in the JWT has no @context');
  if (!('type' in credential)) throw invalidInput('the credential in the JWT has no type');
  return {kind: 'jwt', token, header, payload, credential};
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return `a ${typeof input}`;
}
