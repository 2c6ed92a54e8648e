import {readdirSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {arrayOf, DATE_TIME, NULLABLE_STRING, object, STRING, type Schema} from './describe.ts';

const schemasDir = resolve(import.meta.dirname, '../../../schemas');

/** The official OB 3.0 schemas the document cites for what we issue and serve. */
const OFFICIAL: Record<string, string> = {
  AchievementCredential: 'achievementcredential.json',
  EndorsementCredential: 'endorsementcredential.json',
  Profile: 'profile.json',
};

/** `hallmark-review-submit.schema.json` → `ReviewSubmit`: the component name of one of our request schemas. */
export function componentName(file: string): string {
  return file.replace(/^hallmark-/, '').replace(/\.schema\.json$|\.json$/, '')
    .split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** `#/components/schemas/…` for one of the files in schemas/, the ones that validate requests. */
export function requestSchema(file: string): Schema {
  return {$ref: `#/components/schemas/${componentName(file)}`};
}

function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as Record<string, unknown>;
}

/**
 * The schemas in schemas/ as the document's components, read from the very
 * files the request validators compile: one source, never a copy in code.
 */
function fileSchemas(): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const file of readdirSync(schemasDir).filter((name) => name.startsWith('hallmark-') || name === 'policy.schema.json')) {
    schemas[componentName(file)] = readSchema(file);
  }
  for (const [name, file] of Object.entries(OFFICIAL)) schemas[name] = readSchema(file);
  return schemas;
}

const FIELD_PROBLEM = object({field: STRING, problem: STRING});

/** Shapes several routers answer with. */
const SHARED: Record<string, Schema> = {
  Error: {
    ...object({
      error: object({
        kind: {type: 'string', enum: ['invalid-input', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'too-large', 'unsupported-media', 'rate-limited', 'unavailable', 'internal']},
        message: STRING,
        problems: arrayOf(FIELD_PROBLEM),
      }),
    }),
    description: 'Every error of the JSON API: the kind maps to the status (invalid-input 400, unauthorized 401, forbidden 403, not-found 404, conflict 409, too-large 413, unsupported-media 415, rate-limited 429, internal 500, unavailable 503).',
  },
  NpmError: {...object({error: STRING}, {kind: STRING, problems: arrayOf(FIELD_PROBLEM)}), description: 'Errors of the npm registry, in the shape the npm CLI prints.'},
  IssuedToken: {...object({id: STRING, token: {type: 'string', description: 'shown once; stored only as a hash'}, scope: {type: 'object'}, label: NULLABLE_STRING, createdAt: DATE_TIME}), description: 'A new bearer token.'},
  TokenList: object({tokens: arrayOf(object({id: STRING, label: NULLABLE_STRING, createdAt: DATE_TIME}))}),
  IssuerKeys: object({did: STRING, keys: arrayOf(object({publicKeyMultibase: STRING, createdAt: DATE_TIME, retiredAt: {type: ['string', 'null']}, revokedAt: {type: ['string', 'null']}}))}),
  VerificationReport: {
    ...object({
      verified: {type: 'boolean'},
      status: {type: 'string', enum: ['valid', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'invalid', 'indeterminate'], description: 'indeterminate: a check could not be completed (a document could not be obtained)'},
      checks: arrayOf(object({
        check: {type: 'string', enum: ['parse', 'context', 'type', 'schema', 'proof', 'issuer', 'validity-period', 'status', 'related-resource']},
        result: {type: 'string', enum: ['passed', 'failed', 'warning', 'skipped', 'indeterminate']},
        message: STRING,
      })),
      credential: {type: ['object', 'null']},
      endorsements: arrayOf(object({verified: {type: 'boolean'}, trusted: {type: 'boolean'}, about: {type: 'string', enum: ['issuer', 'achievement', 'subject', 'credential', 'other']}, source: {type: 'string', enum: ['embedded', 'known']}})),
      warnings: arrayOf(STRING),
      errors: arrayOf(STRING),
    }, {
      openBadgesVersion: {type: 'string', enum: ['3.0', '2.0', '1.1', '1.0', '0.5'], description: 'Open Badges only: 3.0 for an OB 3.0 credential; 2.0 for an OB 2.0 assertion (1.1, 1.0 or 0.5 for older ones, read as 2.0).'},
    }),
    description: 'What one credential\'s verification found: the verdict, each check, the credential in brief and its endorsements.',
  },
  PresentationReport: object({
    verified: {type: 'boolean'},
    presentation: object({checks: arrayOf({type: 'object'}), warnings: arrayOf(STRING)}),
    credentials: arrayOf(object({index: {type: 'integer'}, report: {$ref: '#/components/schemas/VerificationReport'}})),
    errors: arrayOf(STRING),
  }),
  Review: object({id: STRING, community: STRING, reviewer: STRING, purl: STRING, kind: {type: 'string', enum: ['full', 'delta', 'violation']}, criteria: arrayOf(STRING)}),
  Community: object({slug: STRING, name: STRING}),
  Account: object({handle: STRING, kind: {type: 'string', enum: ['person', 'organisation']}, name: STRING}),
};

export function componentSchemas(): Record<string, Schema> {
  return {...fileSchemas(), ...SHARED};
}
