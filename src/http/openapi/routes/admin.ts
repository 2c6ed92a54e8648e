import {json, ref, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const ISSUED = {id: 'tok_9f2c…', token: 'hm_…', scope: {kind: 'admin'}, label: 'second operator', createdAt: '2026-12-08T05:00:00.000Z'};

/** src/http/admin.ts */
export const adminRoutes: RouteDoc[] = [
  {method: 'get', path: '/api/v1/admin/tokens', tag: 'Tokens', caller: 'admin', summary: 'List admin tokens (labels and dates, never secrets)',
    responses: {200: {description: 'The live admin tokens.', ...json(ref('TokenList'), {tokens: [{id: 'tok_9f2c…', label: 'second operator', createdAt: '2026-12-08T05:00:00.000Z'}]})}}},
  {method: 'post', path: '/api/v1/admin/tokens', tag: 'Tokens', caller: 'admin', summary: 'Make another admin token (shown once)',
    body: {...json(requestSchema('hallmark-token-create.schema.json'), {label: 'second operator'}), required: false},
    responses: {201: {description: 'The new token; `Location` names where it is revoked.', headers: {Location: 'the token\'s path'}, ...json(ref('IssuedToken'), ISSUED)}}, errors: [409]},
  {method: 'delete', path: '/api/v1/admin/tokens/:tokenId', tag: 'Tokens', caller: 'admin', summary: 'Revoke an admin token',
    responses: {204: {description: 'Revoked.'}}},
];
