/**
 * 1EdTech's OpenAPI document for the Open Badges 3.0 API as the contract our
 * responses must meet. It is OpenAPI 3.0.1, whose Schema Objects are an
 * extended subset of JSON Schema draft 04 (boolean exclusiveMinimum, `x-`
 * extensions, `format: int32`): so Ajv's draft-04 build, with the extension
 * keywords allowed and OpenAPI's extra formats declared.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const DOCUMENT_PATH = resolve(import.meta.dirname, '../../../shared/interop/ob3-spec/openapi/openapi.json');
export const OB3_OPENAPI = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as {openapi: string; paths: Record<string, Record<string, {responses: Record<string, {content?: Record<string, {schema: unknown}>}>}>>};

const ajv = new Ajv.default({strict: false, allErrors: true});
addFormats.default(ajv as never);
for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(format, true);
ajv.addSchema(OB3_OPENAPI as object, 'ob3-openapi');

/** Asserts that a response of `method path` with `status` matches the document's schema for it. */
export function assertOb3Response(method: string, path: string, response: {status: number; body: unknown; contentType: string}): void {
  assert.equal(OB3_OPENAPI.openapi, '3.0.1', 'the contract is OpenAPI 3.0.1');
  const operation = OB3_OPENAPI.paths[path]?.[method.toLowerCase()];
  assert.ok(operation, `${method} ${path} is in the OpenAPI document`);
  const described = operation.responses[String(response.status)] ?? operation.responses.default;
  assert.ok(described, `${method} ${path} may answer ${response.status}`);
  const mediaType = response.contentType.split(';')[0].trim();
  const content = described.content?.[mediaType];
  assert.ok(content, `${method} ${path} ${response.status} may be ${mediaType}`);
  // The document's references are relative to itself: resolve them against its registered copy.
  const schema = content.schema as {$ref?: string};
  const check = schema.$ref?.startsWith('#') ? ajv.getSchema(`ob3-openapi${schema.$ref}`)! : ajv.compile(schema);
  assert.ok(check(response.body), `${method} ${path} ${response.status}: ${ajv.errorsText(check.errors, {separator: '\n'})}`);
}

/** Asserts a value against one of the document's component schemas. */
export function assertOb3Schema(name: string, value: unknown): void {
  const check = ajv.getSchema(`ob3-openapi#/components/schemas/${name}`);
  assert.ok(check, `the document defines ${name}`);
  assert.ok(check(value), `${name}: ${ajv.errorsText(check.errors, {separator: '\n'})}`);
}
