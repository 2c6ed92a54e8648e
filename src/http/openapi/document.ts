import {componentSchemas} from './components.ts';
import {HTML_TYPE, JSON_TYPE, type Answer, type Caller, type RouteDoc, type Schema} from './describe.ts';

export type OpenApiDocument = Record<string, unknown> & {paths: Record<string, Record<string, Operation>>};
export type Operation = Record<string, unknown> & {responses: Record<string, Record<string, unknown>>};

const PARAM = /[:*]([A-Za-z_][A-Za-z0-9_]*)/g;

/** `/badges/:community/*purl` → `/badges/{community}/{purl}`. */
export function templatePath(expressPath: string): string {
  return expressPath.replace(PARAM, '{$1}');
}

/** The names of a route's path parameters, and which of them span several segments (`*purl`). */
function pathParameters(expressPath: string): Array<{name: string; rest: boolean}> {
  return [...expressPath.matchAll(PARAM)].map((match) => ({name: match[1], rest: match[0].startsWith('*')}));
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: a malformed body, query or path parameter; `problems` names each field.',
  401: 'No token where one is needed, or a token that is unknown, revoked or malformed (`WWW-Authenticate: Bearer`).',
  403: 'The caller is known but not allowed to do this.',
  404: 'Nothing of that name or id (or no such route).',
  409: 'The current state forbids it (already exists, already revoked, one at a time).',
  413: 'The body is larger than this endpoint accepts.',
  415: 'A body in a media type or encoding this endpoint cannot read.',
  429: 'Rate limited (a named limit, or too many failed tokens from this address); `Retry-After` says when to try again.',
  500: 'An internal error: details only in the server log.',
  503: 'A dependency (the store, a remote document) is unavailable.',
};

const ERROR_EXAMPLE: Record<number, [string, string]> = {
  400: ['invalid-input', 'the request does not match "Submit a review"'],
  401: ['unauthorized', 'a bearer token is required'],
  403: ['forbidden', 'this token may not act for that issuer'],
  404: ['not-found', 'no such community: js-vt'],
  409: ['conflict', 'the credential is revoked: it cannot be reinstated'],
  413: ['too-large', 'the request body is larger than this endpoint accepts'],
  415: ['unsupported-media', 'unsupported content encoding "br"'],
  429: ['rate-limited', 'too many requests; try again in 42 s'],
  500: ['internal', 'internal error'],
  503: ['unavailable', 'the store is unavailable'],
};

/** Statuses every route of its kind can answer, besides those its description names. */
function standardErrors(route: RouteDoc): number[] {
  const statuses = new Set<number>([401, 429, 500, 503, ...(route.errors ?? [])]);
  if (route.caller !== 'public') statuses.add(403);
  if (pathParameters(route.path).length > 0) statuses.add(400).add(404);
  if (route.query) statuses.add(400);
  if (route.body) statuses.add(400).add(413).add(415);
  return [...statuses].sort((a, b) => a - b);
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A browser form posts url-encoded fields; its refusals come back as a page. */
function isForm(route: RouteDoc): boolean {
  return route.body?.types[FORM_TYPE] !== undefined;
}

function isPage(route: RouteDoc): boolean {
  return isForm(route) || Object.values(route.responses).some((answer) => answer.types?.[HTML_TYPE] !== undefined);
}

/** Programs (anything not a form post, or a page asked for as JSON) get the JSON error body. */
function isJson(route: RouteDoc): boolean {
  return route.errorBody === undefined && (isForm(route) || !isPage(route) || Object.values(route.responses).some((answer) => Object.keys(answer.types ?? {}).some((type) => type.includes('json'))));
}

function errorAnswer(route: RouteDoc, status: number): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (route.errorBody === 'npm') content[JSON_TYPE] = {schema: {$ref: '#/components/schemas/NpmError'}, example: {error: 'no version of left-pad holds a valid badge under the policy js-vet/vetted'}};
  else if (route.errorBody === 'imsx') content[JSON_TYPE] = {schema: {$ref: '#/components/schemas/ImsxStatusInfo'}, example: {imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: ERROR_EXAMPLE[status][1], imsx_codeMinor: {imsx_codeMinorField: [{imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'invalid_data'}]}}};
  else if (isJson(route)) {
    const [kind, message] = ERROR_EXAMPLE[status];
    content[JSON_TYPE] = {schema: {$ref: '#/components/schemas/Error'}, example: {error: {kind, message, problems: status === 400 ? [{field: '/rating', problem: 'is required'}] : []}}};
  }
  if (isPage(route)) content[HTML_TYPE] = {schema: {type: 'string'}, example: '<!doctype html><html lang="en">… <h1>Not found</h1> …'};
  const headers: Record<string, unknown> = {};
  if (status === 429) headers['Retry-After'] = {description: 'seconds until the limit allows another try', schema: {type: 'integer'}};
  if (status === 401) headers['WWW-Authenticate'] = {description: '`Bearer`', schema: {type: 'string'}};
  return {description: ERROR_TEXT[status] ?? 'An error.', content, ...(Object.keys(headers).length > 0 ? {headers} : {})};
}

function answer(spec: Answer): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(spec.types ?? {})) content[type] = {schema, ...(spec.example !== undefined ? {example: spec.example} : {})};
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([name, description]) => [name, {description, schema: {type: 'string'}}]));
  return {
    description: spec.description,
    ...(Object.keys(content).length > 0 ? {content} : {}),
    ...(Object.keys(headers).length > 0 ? {headers} : {}),
  };
}

const SECURITY: Record<Caller, Array<Record<string, string[]>>> = {
  public: [],
  admin: [{bearer: []}],
  issuer: [{bearer: []}],
  account: [{bearer: []}, {session: []}],
  session: [{session: []}],
};

const CALLER_TEXT: Record<Caller, string> = {
  public: 'Anyone, no token.',
  admin: 'An admin token.',
  issuer: 'A token scoped to the issuer in the path, or an admin token.',
  account: 'An account token (or a signed-in session with its `X-CSRF-Token`), or an admin token; the role it needs is said above.',
  session: 'A signed-in browser session; forms carry their one-time `_csrf` token.',
};

function operationId(route: RouteDoc): string {
  const words = templatePath(route.path).split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [route.method, ...words].map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

function operation(route: RouteDoc): Operation {
  const parameters: unknown[] = pathParameters(route.path).map(({name, rest}) => ({
    name, in: 'path', required: true,
    description: route.pathParams?.[name]?.description ?? (rest ? `${name} (may contain "/")` : name),
    schema: route.pathParams?.[name]?.schema ?? {type: 'string'},
    // Express's `*name`: the rest of the path, slashes included (a purl).
    ...(rest ? {'x-multi-segment': true} : {}),
  }));
  for (const [name, spec] of Object.entries(route.query ?? {})) parameters.push({name, in: 'query', required: spec.required ?? false, description: spec.description, schema: spec.schema});
  for (const [name, spec] of Object.entries(route.headers ?? {})) parameters.push({name, in: 'header', required: false, description: spec.description, schema: spec.schema});

  const responses: Record<string, Record<string, unknown>> = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = answer(spec);
  for (const status of standardErrors(route)) responses[String(status)] ??= errorAnswer(route, status);

  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, `**Who:** ${CALLER_TEXT[route.caller]}`].filter(Boolean).join('\n\n'),
    ...(parameters.length > 0 ? {parameters} : {}),
    ...(route.body ? {requestBody: {required: route.body.required ?? true, content: Object.fromEntries(Object.entries(route.body.types).map(([type, schema]) => [type, {schema, ...(route.body?.example !== undefined ? {example: route.body.example} : {})}]))}} : {}),
    responses,
    security: SECURITY[route.caller],
    ...(route.fedify ? {'x-served-by': 'fedify'} : {}),
  };
}

export interface DocumentInput {
  publicUrl: string;
  version: string;
  routes: readonly RouteDoc[];
  tags: ReadonlyArray<{name: string; description: string}>;
}

/** The OpenAPI 3.1 document: one operation per route description, schemas from schemas/. */
export function buildDocument({publicUrl, version, routes, tags}: DocumentInput): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const path = templatePath(route.path);
    paths[path] ??= {};
    if (paths[path][route.method]) throw new Error(`two descriptions of ${route.method.toUpperCase()} ${route.path}`);
    paths[path][route.method] = operation(route);
  }
  const schemas: Record<string, Schema> = componentSchemas();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hallmark',
      version,
      summary: 'A federated Open Badges 3.0 service for the software supply chain.',
      description: 'The native JSON API under `/api/v1`, the W3C VC-API routes, and the badge, credential, DID and status-list routes programs read. Request bodies are validated by the very JSON Schemas listed under components (draft 2019-09). Errors of the JSON API share one body: `{"error": {"kind", "message", "problems": [{"field", "problem"}]}}`.',
      license: {name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later'},
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2019-09/schema',
    servers: [{url: publicUrl.replace(/\/+$/, '')}],
    tags: [...tags],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {type: 'http', scheme: 'bearer', description: 'An admin, issuer or account token (`hm_…`), shown once when made and stored only as a hash.'},
        session: {type: 'apiKey', in: 'cookie', name: 'hallmark_session', description: 'A signed-in browser session; state-changing requests also need the one-time form token (`_csrf` field or `X-CSRF-Token` header).'},
      },
    },
  };
}
