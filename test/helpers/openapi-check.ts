import {AssertionError} from 'node:assert';
import type {Response} from 'supertest';
import {Ajv2019, type ValidateFunction} from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import {openApiDocument, type OpenApiDocument, type Operation} from '../../src/http/openapi/index.ts';

/**
 * Holds every response the HTTP tests receive to the OpenAPI document
 * (`GET /api/v1/openapi.json`): the route and status must be described, the
 * media type one the answer names, and a JSON body must match its schema.
 * So the document cannot drift from what the code answers.
 */

type Json = Record<string, unknown>;
const DOCUMENT_ID = 'https://hallmark.example/openapi.json';

interface Matcher {
  method: string;
  path: string;
  pattern: RegExp;
  literal: number;
  operation: Operation;
}

interface Checker {
  document: OpenApiDocument;
  matchers: Matcher[];
  ajv: Ajv2019;
  compiled: Map<string, ValidateFunction>;
}

let checker: Checker | null = null;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function build(): Checker {
  const document = openApiDocument('http://localhost:3000');
  // The document's dialect is draft 2019-09 (our schemas' and the official OB schemas').
  const ajv = addFormats.default(new Ajv2019({strict: false, allErrors: true, allowUnionTypes: true, validateFormats: true}));
  const schemas = (document.components as {schemas: Record<string, Json>}).schemas;
  for (const schema of Object.values(schemas)) if (typeof schema.$id === 'string') ajv.addSchema(schema);
  ajv.addSchema(document, DOCUMENT_ID);
  const matchers: Matcher[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    // Multi-segment parameters (`*purl` in Express) are marked so in the document.
    const source = path.split(/(\{[^}]+\})/).map((part) => {
      if (!part.startsWith('{')) return escapeRegExp(part);
      const name = part.slice(1, -1);
      const spans = Object.values(methods).some((op) => ((op.parameters ?? []) as Json[]).some((parameter) => parameter.name === name && parameter.in === 'path' && parameter['x-multi-segment'] === true));
      return spans ? '(.+)' : '([^/]+)';
    }).join('');
    for (const [method, operation] of Object.entries(methods)) {
      matchers.push({method, path, pattern: new RegExp(`^${source}$`), literal: path.replace(/\{[^}]+\}/g, '').length, operation});
    }
  }
  // Express tries routes in order; here the most literal template wins, which picks the same route for every path the tests use.
  matchers.sort((a, b) => b.literal - a.literal);
  return {document, matchers, ajv, compiled: new Map()};
}

function pointer(...steps: string[]): string {
  return steps.map((step) => step.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function mediaType(response: Response): string {
  return String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function jsonBody(response: Response, type: string): unknown {
  if (response.body !== undefined && typeof response.body === 'object' && !Buffer.isBuffer(response.body) && Object.keys(response.body as object).length > 0) return response.body;
  const text = response.text ?? (Buffer.isBuffer(response.body) ? response.body.toString('utf8') : '');
  if (text === '') return response.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new AssertionError({message: `the response says ${type} but its body is not JSON: ${text.slice(0, 200)}`});
  }
}

function fail(method: string, path: string, status: number, problem: string): never {
  throw new AssertionError({message: `OpenAPI: ${method.toUpperCase()} ${path} answered ${status}: ${problem} (fix src/http/openapi/routes/ or the code)`});
}

/** Throws when `response` to `method path` is not what the document says. */
export function checkResponse(method: string, path: string, response: Response): void {
  checker ??= build();
  const lower = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const status = response.status;
  // The OB 3.0 REST API and OAuth 2.0 are held to their own description (see their tests).
  if (path.startsWith('/ims/ob/v3p0/') || path.startsWith('/oauth/')) return;
  const matcher = checker.matchers.find((candidate) => candidate.method === lower && candidate.pattern.test(path));
  if (!matcher) {
    // No such route: the app's own 404 (or 405-less fallthrough), in the one error shape.
    if (status !== 404) fail(method, path, status, 'no operation in the document matches this request');
    return;
  }
  const answer = matcher.operation.responses[String(status)];
  if (!answer) fail(method, matcher.path, status, `the operation does not list status ${status} (it lists ${Object.keys(matcher.operation.responses).join(', ')})`);
  // Fedify answers its own errors and negotiates ActivityPub types itself: the status is what is held here.
  if (matcher.operation['x-served-by'] === 'fedify') return;
  const content = answer.content as Record<string, Json> | undefined;
  if (!content || method.toLowerCase() === 'head' || status === 204 || status === 304) return;
  const type = mediaType(response);
  if (!(type in content)) fail(method, matcher.path, status, `media type "${type}" is not one the answer names (${Object.keys(content).join(', ')})`);
  if (!type.includes('json') && type !== 'application/vc') return;
  const key = pointer('paths', matcher.path, lower, 'responses', String(status), 'content', type, 'schema');
  let validate = checker.compiled.get(key);
  if (!validate) {
    validate = checker.ajv.compile({$ref: `${DOCUMENT_ID}#/${key}`});
    checker.compiled.set(key, validate);
  }
  if (!validate(jsonBody(response, type))) {
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
    fail(method, matcher.path, status, `the body does not match the documented schema: ${errors}`);
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;

/**
 * A supertest client (or agent) whose every request checks its response
 * against the document. The path checked is the one actually requested,
 * less the public URL's path prefix.
 */
export function checkedClient<T extends object>(client: T, publicUrl: string): T {
  const prefix = new URL(publicUrl).pathname.replace(/\/+$/, '');
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !(METHODS as readonly string[]).includes(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const request = (value as (...args: unknown[]) => {expect(check: (response: Response) => void): unknown}).call(target, url, ...rest);
        request.expect((response: Response) => {
          const requested = (response as unknown as {req?: {path?: string; method?: string}}).req;
          // The raw path as sent: WHATWG URL parsing would resolve a hostile `%2e%2e` segment away.
          let path = (requested?.path ?? url).replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0];
          if (prefix !== '' && path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
          checkResponse(requested?.method ?? property, path, response);
        });
        return request;
      };
    },
  });
}
