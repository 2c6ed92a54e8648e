import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {invalidInput} from './errors.ts';
import {ajvProblem, createAjv} from './json-schema.ts';

const schemasDir = resolve(import.meta.dirname, '../schemas');
const ajv = createAjv({strict: true});

export type Validator<T> = (value: unknown) => T;

/** Compiles one of our request schemas (schemas/hallmark-*.schema.json) into a validating cast. */
export function requestValidator<T>(schemaFile: string): Validator<T> {
  const schema = JSON.parse(readFileSync(join(schemasDir, schemaFile), 'utf8')) as Record<string, unknown>;
  // Two edges may validate against one schema; Ajv keeps one compiled copy per $id.
  const check = (typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : undefined) ?? ajv.compile(schema);
  const title = typeof schema.title === 'string' ? schema.title : schemaFile;
  return (value: unknown): T => {
    if (check(value)) return value as T;
    throw invalidInput(`the request does not match "${title}"`, (check.errors ?? []).map(ajvProblem));
  };
}
