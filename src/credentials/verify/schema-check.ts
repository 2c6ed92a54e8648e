import type {DocumentResolver} from '../documents.ts';
import type {Check} from '../report.ts';
import {ListedSchemaTooLargeError, MAX_LISTED_SCHEMA_BYTES, officialSchemaDocument, officialSchemaFor, officialSchemaForUrl, validateAgainstListedSchema} from '../schemas.ts';
import type {DataModel} from './context-check.ts';
import {abbreviate, asArray, errorMessage, isObject, quote, type JsonObject} from './json.ts';
import {officialSchemaDeviations, type SchemaDeviation} from './schema-rule.ts';

/**
 * The `schema` stage: the official OB 3.0 JSON Schema for the credential's
 * type (under the rule in schema-rule.ts), plus every JSON Schema the
 * credential lists in `credentialSchema`, which it must satisfy exactly:
 * the issuer itself claims conformance to those.
 */
export interface SchemaStage {
  check: Check;
  warnings: string[];
}

const JSON_SCHEMA_TYPES = ['1EdTechJsonSchemaValidator2019', 'JsonSchemaValidator2018', 'JsonSchema'];
const SHOWN_PROBLEMS = 5;
/** Each listed schema may cost a fetch and a compilation; bound the work one credential can cause. */
const MAX_LISTED_SCHEMAS = 4;

function listProblems(problems: Array<{field: string; problem: string}>): string {
  // Fields and Ajv's messages quote the credential and the schema, both untrusted.
  const shown = problems.slice(0, SHOWN_PROBLEMS).map(({field, problem}) => `${abbreviate(field || '/')} ${abbreviate(problem)}`);
  const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
  return `${shown.join('; ')}${more}`;
}

interface ListedOutcome {
  failures: string[];
  warnings: string[];
  checked: string[];
}

async function checkListedSchemas(credential: JsonObject, resolver: DocumentResolver): Promise<ListedOutcome> {
  const outcome: ListedOutcome = {failures: [], warnings: [], checked: []};
  // The schemas are written for proof arrays; the form of `proof` does not change the signature.
  const instance = isObject(credential.proof) ? {...credential, proof: [credential.proof]} : credential;
  const entries = asArray(credential.credentialSchema);
  if (entries.length > MAX_LISTED_SCHEMAS) {
    outcome.failures.push(`It lists ${entries.length} credentialSchema entries; Hallmark checks at most ${MAX_LISTED_SCHEMAS}.`);
    return outcome;
  }
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.id !== 'string') {
      outcome.warnings.push('A credentialSchema entry has no id; it was not checked.');
      continue;
    }
    const {id} = entry;
    const shownId = abbreviate(id);
    if (!JSON_SCHEMA_TYPES.includes(String(entry.type))) {
      outcome.warnings.push(`The credentialSchema ${shownId} has type ${quote(entry.type)}, which Hallmark does not check.`);
      continue;
    }
    const official = officialSchemaForUrl(id);
    let schema: unknown;
    try {
      schema = official ? officialSchemaDocument(official) : await resolver.resolve(id);
    } catch (error) {
      outcome.warnings.push(`The credentialSchema ${shownId} could not be obtained (${errorMessage(error)}); it was not checked.`);
      continue;
    }
    try {
      const problems = validateAgainstListedSchema(id, schema, instance);
      if (problems.length > 0) outcome.failures.push(`It does not conform to the schema it lists, ${shownId}: ${listProblems(problems)}.`);
      else outcome.checked.push(shownId);
    } catch (error) {
      if (error instanceof ListedSchemaTooLargeError) {
        outcome.warnings.push(`The credentialSchema ${shownId} was not checked: schema larger than ${MAX_LISTED_SCHEMA_BYTES / 1024} KiB.`);
      } else {
        outcome.warnings.push(`The credentialSchema ${shownId} is not a usable JSON Schema (${errorMessage(error)}); it was not checked.`);
      }
    }
  }
  return outcome;
}

function describeDeviation({field, problem, tolerated}: SchemaDeviation): string {
  return `Schema: ${field || '/'} ${problem} (tolerated: ${tolerated}).`;
}

const NOT_LISTED: ListedOutcome = {failures: [], warnings: [], checked: []};

export async function checkSchemas(
  credential: JsonObject,
  options: {resolver: DocumentResolver; dataModel: DataModel | undefined; checkListed: boolean},
): Promise<SchemaStage> {
  const name = officialSchemaFor(credential);
  const deviations = name ? officialSchemaDeviations(name, credential, options.dataModel) : [];
  const hard = deviations.filter((deviation) => deviation.tolerated === undefined);
  const tolerated = deviations.filter((deviation) => deviation.tolerated !== undefined);
  const listed = options.checkListed ? await checkListedSchemas(credential, options.resolver) : NOT_LISTED;
  const warnings = [...tolerated.map(describeDeviation), ...listed.warnings];
  const sentences: string[] = [];
  if (!name) sentences.push('Not an Open Badges credential, so no official OB 3.0 schema applies.');
  else if (hard.length > 0) sentences.push(`It fails the official OB 3.0 ${name} schema: ${listProblems(hard)}.`);
  else if (tolerated.length > 0) {
    sentences.push(`It conforms to the official OB 3.0 ${name} schema apart from ${tolerated.length} tolerated deviation${tolerated.length === 1 ? '' : 's'} (see warnings).`);
  } else sentences.push(`It conforms to the official OB 3.0 ${name} schema.`);
  sentences.push(...listed.failures);
  const entries = asArray(credential.credentialSchema).length;
  if (!options.checkListed && entries > 0) {
    sentences.push(`The ${entries === 1 ? 'schema' : `${entries} schemas`} it lists ${entries === 1 ? 'was' : 'were'} not checked: this verification leaves listed schemas out, as status list verification does.`);
  }
  if (listed.checked.length > 0) sentences.push(`It conforms to the schema${listed.checked.length === 1 ? '' : 's'} it lists (${listed.checked.join(', ')}).`);
  const failed = hard.length > 0 || listed.failures.length > 0;
  const result = failed ? 'failed' : warnings.length > 0 ? 'warning' : !name && listed.checked.length === 0 ? 'skipped' : 'passed';
  return {check: {check: 'schema', result, message: sentences.join(' ')}, warnings};
}
