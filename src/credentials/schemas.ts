import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import type {ErrorObject, ValidateFunction} from 'ajv/dist/2019.js';
import {ajvProblem, createAjv} from '../json-schema.ts';
import type {FieldProblem} from '../errors.ts';

/**
 * The official Open Badges 3.0 JSON Schemas (draft 2019-09) from schemas/,
 * compiled once at module load. Issuance demands a clean pass; verification
 * (verify/schema-check.ts) decides which violations it tolerates.
 */
export type OfficialSchemaName = 'achievementcredential' | 'endorsementcredential';

export interface OfficialSchemaResult {
  schema: OfficialSchemaName;
  valid: boolean;
  problems: FieldProblem[];
}

const schemasDir = resolve(import.meta.dirname, '../../schemas');

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemasDir, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

const officialAjv = createAjv({strict: false});
const officialSchemas = new Map<OfficialSchemaName, Record<string, unknown>>([
  ['achievementcredential', readSchema('achievementcredential')],
  ['endorsementcredential', readSchema('endorsementcredential')],
]);
const officialValidators = new Map<OfficialSchemaName, ValidateFunction>(
  [...officialSchemas].map(([name, schema]) => [name, officialAjv.compile(schema)]),
);

const PURL_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_';

/**
 * Schema URLs that credentials cite for the official schemas: the published
 * `…_schema.json` names and the schemas' own `$id`s. These are served from
 * schemas/ instead of being fetched.
 */
export function officialSchemaForUrl(url: string): OfficialSchemaName | undefined {
  for (const name of officialSchemas.keys()) {
    if (url === `${PURL_PREFIX}${name}_schema.json` || url === `${PURL_PREFIX}${name}-jsonschema1.json`) return name;
  }
  return undefined;
}

function types(credential: unknown): unknown[] {
  if (!credential || typeof credential !== 'object') return [];
  const type = (credential as {type?: unknown}).type;
  return Array.isArray(type) ? type : [type];
}

/** The official schema that applies to this credential's type, or undefined when it is not an Open Badge. */
export function officialSchemaFor(credential: unknown): OfficialSchemaName | undefined {
  const credentialTypes = types(credential);
  if (credentialTypes.includes('EndorsementCredential')) return 'endorsementcredential';
  if (credentialTypes.includes('AchievementCredential') || credentialTypes.includes('OpenBadgeCredential')) {
    return 'achievementcredential';
  }
  return undefined;
}

/** Raw Ajv errors of `instance` against an official schema; [] when it passes. */
export function officialSchemaErrors(name: OfficialSchemaName, instance: unknown): ErrorObject[] {
  const validate = officialValidators.get(name);
  if (!validate) throw new Error(`no official schema named ${name}`);
  return validate(instance) ? [] : [...(validate.errors ?? [])];
}

/** The JSON pointer of the field an Ajv error is about (for `required`, the missing property). */
/**
 * Validates a credential against the official schema for its type
 * (EndorsementCredential → endorsementcredential, anything else →
 * achievementcredential). Strict: `proof` must already be an array.
 */
export function validateAgainstOfficialSchema(credential: unknown): OfficialSchemaResult {
  const schema = officialSchemaFor(credential) ?? 'achievementcredential';
  const errors = officialSchemaErrors(schema, credential);
  return {schema, valid: errors.length === 0, problems: errors.map(ajvProblem)};
}

const achievementValidator = officialAjv.compile({$ref: `${String(officialSchemas.get('achievementcredential')?.$id)}#/$defs/Achievement`});

/** Problems of an OB 3.0 `Achievement` on its own, against the official AchievementCredential schema's definition. */
export function officialAchievementProblems(achievement: unknown): FieldProblem[] {
  return achievementValidator(achievement) ? [] : (achievementValidator.errors ?? []).map(ajvProblem);
}

/** The official schema document itself, for credentialSchema entries that cite it. */
export function officialSchemaDocument(name: OfficialSchemaName): Record<string, unknown> {
  const schema = officialSchemas.get(name);
  if (!schema) throw new Error(`no official schema named ${name}`);
  return schema;
}

// Schemas named in credentials (credentialSchema) are compiled once per
// content (not per URL: two resolvers may serve different documents at one
// URL). A separate Ajv instance keeps them apart from the official ones.
const listedAjv = createAjv({strict: false, untrusted: true});
const listedValidators = new Map<string, ValidateFunction>();
const MAX_LISTED_SCHEMAS = 256;

/**
 * The largest listed schema Hallmark compiles, in bytes of JSON. Compiling
 * costs CPU in proportion to the schema, and the schema is whatever the
 * credential points at: a few seconds of compilation for each fresh megabyte
 * would let anyone stall verification. Real credential schemas are a few KiB.
 */
export const MAX_LISTED_SCHEMA_BYTES = 16 * 1024;

export class ListedSchemaTooLargeError extends Error {
  constructor(url: string, bytes: number) {
    super(`the schema at ${url} is ${bytes} bytes of JSON, more than the ${MAX_LISTED_SCHEMA_BYTES} Hallmark compiles`);
    this.name = 'ListedSchemaTooLargeError';
  }
}

/**
 * Validates `instance` against a schema a credential lists in
 * `credentialSchema`. Throws ListedSchemaTooLargeError for a schema over
 * MAX_LISTED_SCHEMA_BYTES, and an Error when the schema does not compile.
 */
export function validateAgainstListedSchema(url: string, schema: unknown, instance: unknown): FieldProblem[] {
  const official = officialSchemaForUrl(url);
  if (official) return officialSchemaErrors(official, instance).map(ajvProblem);
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`the schema at ${url} is not a JSON object`);
  }
  // Compile without the document's own $id so that two documents claiming one $id do not clash.
  const {$id: _ignored, ...body} = schema as Record<string, unknown>;
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_LISTED_SCHEMA_BYTES) throw new ListedSchemaTooLargeError(url, bytes);
  const key = createHash('sha256').update(text).digest('hex');
  let validate = listedValidators.get(key);
  if (!validate) {
    validate = listedAjv.compile(body);
    if (listedValidators.size >= MAX_LISTED_SCHEMAS) listedValidators.clear();
    listedValidators.set(key, validate);
  }
  return validate(instance) ? [] : (validate.errors ?? []).map(ajvProblem);
}
