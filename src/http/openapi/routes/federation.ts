import {PEER_TIERS} from '../../../federation/peers.ts';
import {ANY_OBJECT, arrayOf, json, object, oneOfValues, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const FOLLOW_STATES = ['pending', 'accepted', 'rejected'] as const;
const FOLLOWING = {community: 'npm-guild', actor: 'https://a.example/communities/js-vet', state: 'pending', followId: 'https://b.example/follows/…', requestedAt: '2026-12-08T05:00:00.000Z', decidedAt: null};
const FOLLOWER = {id: '7b…', community: 'js-vet', actor: 'https://b.example/communities/npm-guild', inbox: 'https://b.example/communities/npm-guild/inbox', sharedInbox: null, host: 'b.example', state: 'pending', followId: 'https://b.example/follows/…'};
const IMPORT = {community: 'npm-guild', name: 'js-vet', actor: 'https://a.example/communities/js-vet', criteria: {'safe-to-run': 'safe-to-run'}, exclude: [], declaredAt: '2026-12-08T05:00:00.000Z'};
const PEER = {host: 'b.example', tier: 'federated', comment: '', updatedAt: '2026-12-08T05:00:00.000Z'};
const PEER_SCHEMA = object({host: STRING, tier: oneOfValues(PEER_TIERS), comment: STRING, updatedAt: STRING});
const IMPORT_SCHEMA = object({community: STRING, name: STRING, actor: STRING, criteria: ANY_OBJECT});

/** src/http/federation-api.ts: the stewards' and admin's federation API (the ActivityPub edge itself is Fedify's; see FEDERATION.md). */
const routes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/communities/:slug/following', tag: 'Federation', caller: 'account', summary: 'Follow an actor (stewards, admin): its URL or `acct:slug@host`',
    body: json(requestSchema('hallmark-follow.schema.json'), {actor: 'acct:js-vet@a.example'}),
    responses: {202: {description: 'The follow, `pending` until the other side answers.', ...json(object({actor: STRING, state: oneOfValues(FOLLOW_STATES)}), FOLLOWING)}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug/following', tag: 'Federation', caller: 'account', summary: 'Whom the community follows',
    responses: {200: {description: 'The follows.', ...json(object({following: arrayOf(object({actor: STRING, state: oneOfValues(FOLLOW_STATES)}))}), {following: [FOLLOWING]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/followers', tag: 'Federation', caller: 'account', summary: 'Who follows the community, and which follows wait for a steward',
    responses: {200: {description: 'The followers.', ...json(object({followers: arrayOf(object({id: STRING, actor: STRING, state: oneOfValues(FOLLOW_STATES)}))}), {followers: [FOLLOWER]})}}},
  {method: 'post', path: '/api/v1/communities/:slug/followers/:id/:decision', tag: 'Federation', caller: 'account', pathParams: {id: {description: 'the follower\'s id'}, decision: {description: 'accept or reject the follow', schema: oneOfValues(['accept', 'reject'])}},
    summary: 'Accept or reject a follow request', body: {...json({type: 'object'}, {}), required: false},
    responses: {200: {description: 'The follower after the decision.', ...json(object({id: STRING, actor: STRING, state: oneOfValues(FOLLOW_STATES)}), {...FOLLOWER, state: 'accepted'})}}},
  {method: 'get', path: '/api/v1/communities/:slug/received', tag: 'Federation', caller: 'account', summary: 'Credentials received from followed actors, with their verification',
    responses: {200: {description: 'What was received.', ...json(object({received: arrayOf(object({actor: STRING, credentialId: STRING}))}), {received: [{id: '…', actor: 'https://a.example/communities/js-vet', host: 'a.example', credentialId: 'https://a.example/credentials/…', issuer: 'did:web:a.example:issuers:js-vet', report: {status: 'valid'}}]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/imports', tag: 'Federation', caller: 'public', summary: 'The peer communities whose reviews count here, and how criteria map',
    responses: {200: {description: 'The imports.', ...json(object({imports: arrayOf(IMPORT_SCHEMA)}), {imports: [IMPORT]})}}},
  {method: 'put', path: '/api/v1/communities/:slug/imports/:name', tag: 'Federation', caller: 'account', pathParams: {name: {description: 'a local name for the import'}}, summary: 'Import a peer community\'s reviews (stewards, admin); follows it',
    body: json(requestSchema('hallmark-import-put.schema.json'), {actor: 'https://a.example/communities/js-vet', criteria: {'safe-to-run': 'safe-to-run'}}),
    responses: {201: {description: 'A new import.', headers: {Location: 'the import\'s path'}, ...json(IMPORT_SCHEMA, IMPORT)}, 200: {description: 'The import, changed.', headers: {Location: 'the import\'s path'}, ...json(IMPORT_SCHEMA, IMPORT)}}, errors: [409]},
  {method: 'delete', path: '/api/v1/communities/:slug/imports/:name', tag: 'Federation', caller: 'account', pathParams: {name: {description: 'the import\'s name'}}, summary: 'Stop importing (and following)',
    responses: {204: {description: 'Stopped.'}}},
  {method: 'get', path: '/api/v1/federation/peers', tag: 'Federation', caller: 'admin', summary: 'The federation mode and every rated peer host',
    responses: {200: {description: 'The peers.', ...json(object({mode: oneOfValues(['open', 'allowlist', 'off']), peers: arrayOf(PEER_SCHEMA)}), {mode: 'allowlist', peers: [PEER]})}}},
  {method: 'put', path: '/api/v1/federation/peers/:host', tag: 'Federation', caller: 'admin', pathParams: {host: {description: 'a host name, with `:port` if not the default'}}, summary: `Rate a peer host: ${PEER_TIERS.join(', ')}`,
    body: json(requestSchema('hallmark-peer-put.schema.json'), {tier: 'federated', comment: 'our sister instance'}),
    responses: {200: {description: 'The peer.', ...json(PEER_SCHEMA, {...PEER, comment: 'our sister instance'})}}},
  {method: 'get', path: '/api/v1/federation/domain-blocks', tag: 'Federation', caller: 'admin', summary: 'Blocked hosts as a Mastodon-style domain-blocks CSV',
    responses: {200: {description: 'The CSV.', types: {'text/csv': {type: 'string'}}, example: '#domain,#severity,#public_comment\nspam.example,suspend,spam\n'}}},
  {method: 'post', path: '/api/v1/federation/domain-blocks', tag: 'Federation', caller: 'admin', summary: 'Import a domain-blocks CSV (at most 1 MiB)',
    body: {types: {'text/csv': {type: 'string'}, 'text/plain': {type: 'string'}}, example: '#domain,#severity,#public_comment\nspam.example,suspend,spam\n'},
    responses: {200: {description: 'The peers now blocked.', ...json(object({imported: arrayOf(PEER_SCHEMA)}), {imported: [{host: 'spam.example', tier: 'blocked', comment: 'spam', updatedAt: '2026-12-08T05:00:00.000Z'}]})}}},
];

// With HALLMARK_FEDERATION=off there is no federation API: every one of these answers 404.
export const federationRoutes: RouteDoc[] = routes.map((route) => ({...route, errors: [...(route.errors ?? []), 404]}));

const AS = 'application/activity+json';
const ACTOR = (description: string, type: string) => ({description, types: {[AS]: object({id: STRING, type: {const: type}})}, example: {'@context': ['https://www.w3.org/ns/activitystreams'], id: 'https://badges.example/actor', type}});

/** The ActivityPub edge, served by Fedify (src/federation/): what FEDERATION.md documents in full. */
const edge: RouteDoc[] = [
  {method: 'get', path: '/actor', tag: 'Federation', caller: 'public', fedify: true, summary: 'The instance\'s own actor (an Application that signs its fetches)', responses: {200: ACTOR('The actor.', 'Application')}},
  {method: 'get', path: '/.well-known/webfinger', tag: 'Federation', caller: 'public', fedify: true, summary: 'WebFinger: `acct:{slug}@{host}` names a community\'s actor',
    query: {resource: {description: '`acct:slug@host` or an actor URL', schema: STRING, required: true}},
    responses: {200: {description: 'The JRD.', types: {'application/jrd+json': object({subject: STRING, links: {type: 'array'}})}, example: {subject: 'acct:js-vet@badges.example', links: [{rel: 'self', type: AS, href: 'https://badges.example/communities/js-vet'}]}}}},
  {method: 'get', path: '/.well-known/nodeinfo', tag: 'Federation', caller: 'public', fedify: true, summary: 'Where NodeInfo 2.1 is',
    responses: {200: {description: 'The links.', ...json(object({links: {type: 'array'}}), {links: [{rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'https://badges.example/nodeinfo/2.1'}]})}}},
  {method: 'get', path: '/nodeinfo/2.1', tag: 'Federation', caller: 'public', fedify: true, summary: 'NodeInfo 2.1',
    responses: {200: {description: 'NodeInfo.', ...json(object({version: STRING, software: ANY_OBJECT}), {version: '2.1', software: {name: 'hallmark', version: '0.1.0'}, protocols: ['activitypub']})}}},
  {method: 'get', path: '/communities/:slug/followers', tag: 'Federation', caller: 'public', fedify: true, summary: 'A community\'s followers collection', responses: {200: {description: 'The collection.', types: {[AS]: object({type: STRING})}, example: {type: 'OrderedCollection', totalItems: 1}}}},
  {method: 'get', path: '/communities/:slug/outbox', tag: 'Federation', caller: 'public', fedify: true, summary: 'A community\'s outbox: what it issued, as posts', responses: {200: {description: 'The collection.', types: {[AS]: object({type: STRING})}, example: {type: 'OrderedCollection', totalItems: 3}}}},
  {method: 'post', path: '/communities/:slug/inbox', tag: 'Federation', caller: 'public', fedify: true, rateLimited: true, summary: 'A community\'s inbox: signed activities only (see FEDERATION.md)',
    body: {types: {[AS]: ANY_OBJECT}, example: {type: 'Follow', actor: 'https://b.example/communities/npm-guild', object: 'https://badges.example/communities/js-vet'}}, responses: {202: {description: 'Accepted for processing.'}}},
  {method: 'post', path: '/inbox', tag: 'Federation', caller: 'public', fedify: true, rateLimited: true, summary: 'The shared inbox: signed activities only',
    body: {types: {[AS]: ANY_OBJECT}, example: {type: 'Update', actor: 'https://b.example/communities/npm-guild', object: 'https://b.example/issuers/npm-guild/status/…'}}, responses: {202: {description: 'Accepted for processing.'}}},
];

// Off (HALLMARK_FEDERATION=off), or an unknown community: 404.
export const federationEdgeRoutes: RouteDoc[] = edge.map((route) => ({...route, errors: [...(route.errors ?? []), 404]}));
