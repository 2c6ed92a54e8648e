import {Ajv2019, type ErrorObject} from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import {RE2JS} from 're2js';
import type {FieldProblem} from './errors.ts';

/**
 * A linear-time regular expression engine for `pattern` keywords in schemas
 * we did not write: a credential may list any JSON Schema, and a
 * backtracking pattern in it must not be able to stall the verifier.
 */
const linearTimeRegExp = Object.assign(
  (pattern: string) => {
    const compiled = RE2JS.compile(pattern);
    // Ajv caches compiled patterns by toString(), so it must name the pattern.
    return {test: (input: string) => compiled.test(input), toString: () => `/${pattern}/`};
  },
  {code: 'linearTimeRegExp'},
);

export interface AjvOptions {
  /** Our own schemas are strict; the official OB schemas carry annotations strict mode rejects. */
  strict: boolean;
  /** For schemas from outside the project. */
  untrusted?: boolean;
}

/** The one way Hallmark builds a JSON Schema (draft 2019-09) validator. */
export function createAjv({strict, untrusted = false}: AjvOptions): Ajv2019 {
  const ajv = new Ajv2019({
    strict,
    allErrors: true,
    allowUnionTypes: true,
    ...(untrusted ? {code: {regExp: linearTimeRegExp}} : {}),
  });
  // ajv-formats is CommonJS: under ESM its plugin is the default export's `default`.
  return addFormats.default(ajv);
}

function pointerStep(name: unknown): string {
  return `/${String(name).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * One Ajv error as a field problem. Missing and unexpected properties are
 * named by their own JSON pointer, not their parent's, so a caller sees
 * exactly which field to fix.
 */
export function ajvProblem(error: ErrorObject): FieldProblem {
  const params = error.params as {additionalProperty?: unknown; missingProperty?: unknown};
  switch (error.keyword) {
    case 'required':
      return {field: error.instancePath + pointerStep(params.missingProperty), problem: 'is required'};
    case 'additionalProperties':
      return {field: error.instancePath + pointerStep(params.additionalProperty), problem: 'is not allowed here'};
    case 'false schema':
      return {field: error.instancePath || '/', problem: 'must not be given (the issuer sets it)'};
    default:
      return {field: error.instancePath || '/', problem: error.message ?? 'is invalid'};
  }
}
