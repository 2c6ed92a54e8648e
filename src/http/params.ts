import type {Request} from 'express';
import {invalidInput} from '../errors.ts';
import {HANDLE_PATTERN, POLICY_NAME_PATTERN, SLUG_PATTERN} from '../vetting/model.ts';
import {parsePurl} from '../purl.ts';

/**
 * Path parameters, each checked for its shape before any lookup. One rule for the
 * whole API: a malformed id is a 400 naming the parameter; a well-formed id that
 * names nothing is a 404 from the service. (Badge images answer a 404 SVG instead:
 * they must always render.)
 */

/** A named path segment as one string (Express 5 types allow arrays for wildcards we don't use). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  return Array.isArray(value) ? value.join('/') : String(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_ID = /^tok_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MULTIBASE_KEY = /^z[1-9A-HJ-NP-Za-km-z]{1,200}$/;
const VERSION = /^[1-9]\d{0,6}$/;

function shaped(req: Request, name: string, pattern: RegExp, what: string): string {
  const value = pathParam(req, name);
  if (!pattern.test(value)) throw invalidInput(`the path parameter "${name}" is not ${what}: "${value.slice(0, 60)}"`, [{field: name, problem: `must be ${what}`}]);
  return value;
}

/** A community or issuer slug: lowercase letters, digits and inner hyphens, at most 64. */
export function slugParam(req: Request, name = 'slug'): string {
  return shaped(req, name, SLUG_PATTERN, 'a slug (lowercase letters, digits and inner hyphens, at most 64)');
}

export function handleParam(req: Request, name = 'handle'): string {
  return shaped(req, name, HANDLE_PATTERN, 'an account handle (lowercase letters, digits and hyphens, 2 to 63)');
}

/** A policy's name within its community. */
export function policyNameParam(req: Request, name = 'name'): string {
  return shaped(req, name, POLICY_NAME_PATTERN, 'a policy name (lowercase letters, digits and hyphens, at most 63)');
}

export function criterionParam(req: Request, name = 'name'): string {
  return shaped(req, name, POLICY_NAME_PATTERN, 'a criterion name (lowercase letters, digits and hyphens, at most 63)');
}

/** Ids we mint with randomUUID (reviews, vettings, evidence, credentials, status lists); answered lowercase. */
export function uuidParam(req: Request, name = 'id'): string {
  return shaped(req, name, UUID, 'a UUID').toLowerCase();
}

const CREDENTIAL_ID = /^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of our credentials in a path: its bare UUID or its `urn:uuid:` id. */
export function credentialIdParam(req: Request, name = 'id'): string {
  return shaped(req, name, CREDENTIAL_ID, 'a credential id (a UUID or urn:uuid:…)');
}

export function tokenIdParam(req: Request, name = 'tokenId'): string {
  return shaped(req, name, TOKEN_ID, 'a token id (tok_<uuid>)');
}

const INVITATION_ID = /^inv_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION_ID = /^ses_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function invitationIdParam(req: Request, name = 'id'): string {
  return shaped(req, name, INVITATION_ID, 'an invitation id (inv_<uuid>)');
}

export function sessionIdParam(req: Request, name = 'id'): string {
  return shaped(req, name, SESSION_ID, 'a session id (ses_<uuid>)');
}

export function multibaseKeyParam(req: Request, name = 'publicKeyMultibase'): string {
  return shaped(req, name, MULTIBASE_KEY, 'a base58btc multibase key');
}

export function versionParam(req: Request, name = 'version'): number {
  return Number(shaped(req, name, VERSION, 'a policy version number (a positive integer)'));
}

/** The rest of the path as a purl (purls hold slashes); refused with the purl parser's reason. */
export function purlParam(req: Request, name = 'purl'): string {
  const value = pathParam(req, name);
  parsePurl(value, name);
  return value;
}

/** A required single-valued query parameter of at most `maxLength` characters. */
export function queryText(req: Request, name: string, maxLength: number, hint: string): string {
  const value = req.query[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw invalidInput(`give ?${name}=${hint}`, [{field: name, problem: `required once, at most ${maxLength} characters`}]);
  }
  return value;
}

/** A query parameter that may repeat (`?policy=a&policy=b`); absent is an empty list. */
export function queryList(req: Request, name: string, hint: string): string[] {
  const value = req.query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (!values.every((item): item is string => typeof item === 'string')) throw invalidInput(`?${name} must be ${hint}`, [{field: name, problem: 'not a string'}]);
  return values;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, if given; malformed ones are refused. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw invalidInput('Idempotency-Key must be 1-200 visible ASCII characters', [{field: 'Idempotency-Key', problem: 'malformed'}]);
  }
  return key;
}
