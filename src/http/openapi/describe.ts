/**
 * How each router describes its routes for the OpenAPI document: one entry per
 * Express route (method and path exactly as registered), so a test can hold
 * the document to the app's router stack.
 */

export type SchemaObject = Record<string, unknown>;
export type Schema = SchemaObject | boolean;
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head';

/** Who may call a route: what the `security` and the 401/403 answers follow from. */
export type Caller =
  | 'public'       // anyone, no token
  | 'admin'        // an admin token
  | 'issuer'       // a token scoped to the issuer in the path, or an admin token
  | 'account'      // an account token, a signed-in session, or an admin token (the service decides)
  | 'session';     // a signed-in browser session (pages and forms)

export interface Content {
  /** Media type to schema; the first one is the usual answer. */
  types: Record<string, Schema>;
  example?: unknown;
}

export interface Answer extends Partial<Content> {
  description: string;
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: HttpMethod;
  /** The Express path, as registered (`:slug`, `*purl`). */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  caller: Caller;
  /** Parameters the path template alone does not say (descriptions, enums, patterns). */
  pathParams?: Record<string, {description: string; schema?: Schema}>;
  query?: Record<string, {description: string; schema: Schema; required?: boolean}>;
  headers?: Record<string, {description: string; schema: Schema}>;
  body?: Content & {required?: boolean};
  /** Success answers by status. */
  responses: Record<number, Answer>;
  /** Error statuses besides those every route of its kind can give (see `standardErrors`). */
  errors?: number[];
  /** Counted by a named rate limit: 429 with Retry-After. */
  rateLimited?: boolean;
  /** Served by Fedify's ActivityPub edge (src/http/federation-edge.ts), not an Express route; its answers follow ActivityPub. */
  fedify?: boolean;
  /** Errors come as npm's `{error: "…"}` (the npm registry), or as 1EdTech's Imsx_StatusInfo (the Open Badges API), instead of ours. */
  errorBody?: 'npm' | 'imsx';
}

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html';

/** `#/components/schemas/<name>`: a schema the document carries once. */
export function ref(name: string): Schema {
  return {$ref: `#/components/schemas/${name}`};
}

export function json(schema: Schema, example?: unknown): Content {
  return {types: {[JSON_TYPE]: schema}, ...(example === undefined ? {} : {example})};
}

/** An object with these required properties (each described by its own schema) and possibly more. */
export function object(required: Record<string, Schema>, optional: Record<string, Schema> = {}): SchemaObject {
  return {type: 'object', required: Object.keys(required), properties: {...required, ...optional}};
}

export function arrayOf(items: Schema): SchemaObject {
  return {type: 'array', items};
}

export function oneOfValues(values: readonly string[], description?: string): SchemaObject {
  return {type: 'string', enum: [...values], ...(description ? {description} : {})};
}

export const STRING: Schema = {type: 'string'};
export const NULLABLE_STRING: Schema = {type: ['string', 'null']};
export const INTEGER: Schema = {type: 'integer'};
export const BOOLEAN: Schema = {type: 'boolean'};
export const ANY_OBJECT: Schema = {type: 'object'};
export const DATE_TIME: Schema = {type: 'string', format: 'date-time'};

/** A page for people: HTML in the site's layout. */
export function page(description: string): Answer {
  return {description, types: {[HTML_TYPE]: {type: 'string'}}};
}

/** A form post that answers with a redirect (303) to the page showing the result. */
export const REDIRECT: Answer = {description: 'Done: the browser is sent to the page that shows the result.', headers: {Location: 'where to go next'}};
