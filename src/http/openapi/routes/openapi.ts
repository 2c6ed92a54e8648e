import {ANY_OBJECT, json, object, page, STRING, type RouteDoc} from '../describe.ts';

/** src/http/openapi/router.ts: this document and its page. */
export const openApiRoutes: RouteDoc[] = [
  {method: 'get', path: '/api/v1/openapi.json', tag: 'Reference', caller: 'public', summary: 'This OpenAPI 3.1 document',
    responses: {200: {description: 'The document.', ...json(object({openapi: STRING, info: ANY_OBJECT, paths: ANY_OBJECT}), {openapi: '3.1.0', info: {title: 'Hallmark', version: '0.1.0'}, paths: {}})}}},
  {method: 'get', path: '/api/docs', tag: 'Reference', caller: 'public', summary: 'The API reference for people: this document rendered as a page',
    responses: {200: {...page('Every operation with its parameters, bodies, answers and examples.'), example: '<!doctype html><html lang="en">… <h1>Hallmark API reference</h1> …'}}},
];

/** src/http/operations.ts: for the operator's tools, served at the root even behind a path prefix. */
export const operationsRoutes: RouteDoc[] = [
  {method: 'get', path: '/healthz', tag: 'Operations', caller: 'public', summary: 'Liveness: the process answers', description: 'Served at the root, whatever path the public URL has.',
    responses: {200: {description: 'Alive.', ...json(object({status: {const: 'ok'}}), {status: 'ok'})}}},
  {method: 'get', path: '/readyz', tag: 'Operations', caller: 'public', summary: 'Readiness: the store answers, the keys open, the workers are up, not shutting down', description: 'Served at the root, whatever path the public URL has.',
    responses: {
      200: {description: 'Ready.', ...json(object({status: {const: 'ready'}, checks: ANY_OBJECT}), {status: 'ready', checks: {store: true, keys: true, workers: true, accepting: true}})},
      503: {description: 'Not ready: `checks` says which part is not.', ...json(object({status: {const: 'not-ready'}, checks: ANY_OBJECT}), {status: 'not-ready', checks: {store: true, keys: true, workers: false, accepting: true}})},
    }},
  {method: 'get', path: '/metrics', tag: 'Operations', caller: 'public', summary: 'Prometheus metrics (keep it off the public proxy)', description: 'Served at the root, whatever path the public URL has.',
    responses: {200: {description: 'Prometheus text.', types: {'text/plain': {type: 'string'}}, example: 'hallmark_verifications_total{outcome="valid"} 12\n'}}},
];
