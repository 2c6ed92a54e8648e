import {Ajv2019} from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import {RE2JS} from 're2js';

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
