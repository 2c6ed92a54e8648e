import {ANY_OBJECT, json, object, page, STRING, type RouteDoc} from '../describe.ts';

/** src/http/openapi/router.ts: this document and its page. */
export const openApiRoutes: RouteDoc[] = [
  {method: 'get', path: '/api/v1/openapi.json', tag: 'Reference', caller: 'public', summary: 'This OpenAPI 3.1 document',
    responses: {200: {description: 'The document.', ...json(object({openapi: STRING, info: ANY_OBJECT, paths: ANY_OBJECT}), {openapi: '3.1.0', info: {title: 'Hallmark', version: '0.1.0'}, paths: {}})}}},
  {method: 'get', path: '/api/docs', tag: 'Reference', caller: 'public', summary: 'The API reference for people: this document rendered as a page',
    responses: {200: {...page('Every operation with its parameters, bodies, answers and examples.'), example: '<!doctype html><html lang="en">… <h1>Hallmark API reference</h1> …'}}},
];
