import type {ErrorObject} from 'ajv/dist/2019.js';
import {officialSchemaErrors, type OfficialSchemaName} from '../schemas.ts';
import {ajvProblem} from '../../json-schema.ts';
import type {DataModel} from './context-check.ts';
import {isAbsoluteUri, isObject, type JsonObject} from './json.ts';

/**
 * Which official-schema violations fail verification. The rule:
 *
 * 1. Same graph, other JSON shape — tolerated. JSON-LD reads a single value
 *    and a one-element array alike, and (inside the badge content) an IRI
 *    string as a reference to the object it names; the signature covers the
 *    graph, so these forms mean the same thing. Single values are wrapped
 *    (and one-element arrays unwrapped) and the result is validated again,
 *    so what they contain is still checked. Several credentialStatus (or
 *    evidence, termsOfUse, …) entries are allowed by the VC data model
 *    although the OB schema has room for one.
 * 2. VC 1.1 credentials — the schemas describe the VC 2.0 envelope; their
 *    `@context` first entry and missing `validFrom` follow from the older
 *    data model (issuanceDate is checked by the validity stage instead).
 * 3. A `type` value the schema does not allow — fails, at any depth: the
 *    object is not what the schema says it must be.
 * 4. The envelope — the credential's own properties (@context, id, type,
 *    issuer, credentialSubject, validFrom, …) — fails: verdict and display
 *    depend on it.
 * 5. Anything deeper in the badge content (achievement details, results,
 *    profile fields, extensible vocabularies such as achievementType) is
 *    reported as a warning: the credential is less conformant, but who
 *    said what about whom stays unambiguous.
 * A oneOf (string-or-object) whose object branch fails only for tolerated
 * reasons is itself tolerated; the string branch's complaint is noise.
 *
 * Against the interop corpus: the DCC fixtures expected valid deviate only
 * under 1, 2 and 5 (object proofs, VC 1.1, issuer.image as an IRI,
 * achievementType "Program"); every 1EdTech negative sample and DCC's
 * badSchema (a VC 2.0 credential without validFrom) hits 3 or 4.
 */
export interface SchemaDeviation {
  field: string;
  problem: string;
  /** Why it is tolerated; undefined when it fails verification. */
  tolerated?: string;
}

const MAX_ROUNDS = 10;

/** Envelope properties the VC data model lets take several values where the OB schema allows one. */
const MULTI_VALUED = ['/credentialStatus', '/refreshService', '/termsOfUse', '/evidence', '/credentialSchema'];

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isObject(value)) value = value[segment];
    else return undefined;
  }
  return value;
}

function replaceAt(root: JsonObject, pointer: string, replacement: unknown): void {
  const segments = pointerSegments(pointer);
  const last = segments.pop();
  const parent = valueAt(root, segments.length === 0 ? '' : `/${segments.join('/')}`);
  if (last === undefined) return;
  if (Array.isArray(parent)) parent[Number(last)] = replacement;
  else if (isObject(parent)) parent[last] = replacement;
}

function expects(error: ErrorObject, jsonType: string): boolean {
  if (error.keyword !== 'type') return false;
  const expected = (error.params as {type?: unknown}).type;
  return Array.isArray(expected) ? expected.includes(jsonType) : expected === jsonType;
}

/** Property depth, not counting array indices: /@context/1 → 1, /issuer/image → 2. */
function depth(field: string): number {
  return pointerSegments(field).filter((segment) => !/^\d+$/.test(segment)).length;
}

function isTypeValue(field: string): boolean {
  const segments = pointerSegments(field);
  const last = segments.at(-1);
  return last === 'type' || (segments.at(-2) === 'type' && /^\d+$/.test(last ?? ''));
}

function within(field: string, at: string): boolean {
  return field === at || field.startsWith(`${at}/`);
}

/** Rule 1 rewrite: wraps single values and unwraps one-element arrays, returning what changed. */
function reshape(instance: JsonObject, errors: ErrorObject[]): SchemaDeviation[] {
  const changes: SchemaDeviation[] = [];
  for (const error of errors) {
    const value = valueAt(instance, error.instancePath);
    if (value === undefined) continue;
    if (expects(error, 'array') && !Array.isArray(value)) {
      replaceAt(instance, error.instancePath, [value]);
      changes.push({field: error.instancePath, problem: 'is a single value where the schema expects an array', tolerated: 'JSON-LD reads a single value as a one-element array'});
    } else if (expects(error, 'object') && Array.isArray(value) && value.length === 1 && isObject(value[0])) {
      replaceAt(instance, error.instancePath, value[0]);
      changes.push({field: error.instancePath, problem: 'is a one-element array where the schema expects an object', tolerated: 'JSON-LD reads a one-element array as its single value'});
    }
  }
  return changes;
}

function toleranceOf(error: ErrorObject, instance: JsonObject, dataModel: DataModel | undefined): string | undefined {
  const {field} = ajvProblem(error);
  const value = valueAt(instance, error.instancePath);
  const envelope = depth(field) <= 1;
  if (!envelope && expects(error, 'object') && isAbsoluteUri(value)) return 'an IRI string stands for the object it names';
  if (expects(error, 'object') && Array.isArray(value) && value.every(isObject) && (!envelope || MULTI_VALUED.includes(field))) {
    return 'several values where the schema allows one; the VC data model allows several';
  }
  if (dataModel === '1.1' && (field === '/validFrom' || field === '/@context/0')) {
    return 'VC 1.1 credentials use issuanceDate and the VC 1.1 context';
  }
  if (isTypeValue(field) || depth(field) <= 1) return undefined;
  return 'a detail of the badge content, not of the credential envelope';
}

function classify(errors: ErrorObject[], instance: JsonObject, dataModel: DataModel | undefined): SchemaDeviation[] {
  const tolerated = new Map<ErrorObject, string>();
  for (const error of errors) {
    const reason = error.keyword === 'oneOf' || error.keyword === 'anyOf' ? undefined : toleranceOf(error, instance, dataModel);
    if (reason !== undefined) tolerated.set(error, reason);
  }
  const alternatives = errors
    .filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .sort((a, b) => depth(b.instancePath) - depth(a.instancePath));
  for (const alternative of alternatives) {
    const at = alternative.instancePath;
    if (isObject(valueAt(instance, at))) {
      const noise = errors.filter((e) => e.instancePath === at && e.keyword === 'type' && !expects(e, 'object'));
      const inside = errors.filter((e) => e !== alternative && !noise.includes(e) && within(ajvProblem(e).field, at));
      if (inside.every((e) => tolerated.has(e))) {
        tolerated.set(alternative, 'the object form it uses conforms, apart from tolerated details');
        for (const e of noise) tolerated.set(e, 'the object form was used, not the string form');
        continue;
      }
    }
    const reason = toleranceOf(alternative, instance, dataModel);
    if (reason !== undefined) tolerated.set(alternative, reason);
  }
  return errors.map((error) => ({...ajvProblem(error), tolerated: tolerated.get(error)}));
}

/** Validates against the official schema under the rule above; returns every deviation found. */
export function officialSchemaDeviations(
  name: OfficialSchemaName,
  credential: JsonObject,
  dataModel: DataModel | undefined,
): SchemaDeviation[] {
  // Most credentials conform as they are: validation (which only reads) needs no private copy then,
  // and the copy that reshaping works on is made only when there is something to reshape.
  const asGiven = credential.proof !== undefined && !Array.isArray(credential.proof) ? {...credential, proof: [credential.proof]} : credential;
  if (officialSchemaErrors(name, asGiven).length === 0) return [];
  const instance = structuredClone(credential);
  if (instance.proof !== undefined && !Array.isArray(instance.proof)) instance.proof = [instance.proof];
  const reshaped: SchemaDeviation[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const errors = officialSchemaErrors(name, instance);
    const changes = reshape(instance, errors);
    if (changes.length === 0) return [...reshaped, ...classify(errors, instance, dataModel)];
    reshaped.push(...changes);
  }
  return [...reshaped, ...classify(officialSchemaErrors(name, instance), instance, dataModel)];
}
