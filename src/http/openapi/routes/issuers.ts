import {DATE_TIME, json, object, oneOfValues, ref, STRING, arrayOf, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const PROFILE = {'@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], id: 'did:key:z6Mk…', type: ['Profile'], name: 'Left-pad Guild', url: 'https://guild.example'};
const KEYS = {did: 'did:web:badges.example:issuers:left-pad-guild', keys: [{publicKeyMultibase: 'z6MkpT…', createdAt: '2026-12-01T09:00:00.000Z', retiredAt: null, revokedAt: null}]};
const ISSUED = {id: 'tok_1a2b…', token: 'hm_…', scope: {kind: 'issuer', issuerSlug: 'left-pad-guild'}, label: 'CI', createdAt: '2026-12-08T05:00:00.000Z'};
const SLUG = {slug: {description: 'the issuer\'s slug', schema: {type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$'}}};

/** src/http/issuers.ts */
export const issuerRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/issuers', tag: 'Issuers', caller: 'admin', summary: 'Create an issuer; returns its OB 3.0 Profile',
    body: json(requestSchema('hallmark-issuer-create.schema.json'), {slug: 'left-pad-guild', name: 'Left-pad Guild', url: 'https://guild.example'}),
    responses: {201: {description: 'The issuer\'s Profile; `Location` names its public profile.', headers: {Location: '/issuers/{slug}'}, types: {'application/ld+json': ref('Profile')}, example: PROFILE}}, errors: [409]},
  {method: 'get', path: '/api/v1/issuers/:slug', tag: 'Issuers', caller: 'admin', summary: 'An issuer with its keys (retired and revoked ones too)', pathParams: SLUG,
    responses: {200: {description: 'The issuer.', ...json(object({slug: STRING, profile: ref('Profile'), proofType: STRING, keys: arrayOf(object({publicKeyMultibase: STRING, createdAt: DATE_TIME}))}), {slug: 'left-pad-guild', profile: PROFILE, proofType: 'DataIntegrityProof', keys: KEYS.keys})}}},
  {method: 'post', path: '/api/v1/issuers/:slug/keys/rotate', tag: 'Issuers', caller: 'admin', pathParams: SLUG, summary: 'Rotate the signing key (did:web issuers): the old key stays in the DID document',
    responses: {201: {description: 'The issuer\'s keys after rotation.', ...json(ref('IssuerKeys'), KEYS)}}, errors: [409]},
  {method: 'post', path: '/api/v1/issuers/:slug/keys/:publicKeyMultibase/revoke', tag: 'Issuers', caller: 'admin', pathParams: SLUG, summary: 'Withdraw a retired key that may have leaked: everything it signed stops verifying',
    responses: {200: {description: 'The issuer\'s keys after the revocation.', ...json(ref('IssuerKeys'), KEYS)}}, errors: [409]},
  {method: 'post', path: '/api/v1/issuers/:slug/tokens', tag: 'Tokens', caller: 'admin', pathParams: SLUG, summary: 'A bearer token scoped to the issuer (shown once, stored hashed)',
    body: {...json(requestSchema('hallmark-token-create.schema.json'), {label: 'CI'}), required: false},
    responses: {201: {description: 'The new token.', headers: {Location: 'where it is revoked'}, ...json(ref('IssuedToken'), ISSUED)}}, errors: [409]},
  {method: 'get', path: '/api/v1/issuers/:slug/tokens', tag: 'Tokens', caller: 'admin', pathParams: SLUG, summary: 'List the issuer\'s tokens (no secrets)',
    responses: {200: {description: 'Its live tokens.', ...json(ref('TokenList'), {tokens: [{id: 'tok_1a2b…', label: 'CI', createdAt: '2026-12-08T05:00:00.000Z'}]})}}},
  {method: 'delete', path: '/api/v1/issuers/:slug/tokens/:tokenId', tag: 'Tokens', caller: 'admin', pathParams: SLUG, summary: 'Revoke one of the issuer\'s tokens',
    responses: {204: {description: 'Revoked.'}}},
  {method: 'get', path: '/issuers/:slug', tag: 'Issuers', caller: 'public', pathParams: SLUG, summary: 'The issuer\'s OB 3.0 Profile',
    responses: {200: {description: 'The Profile, as JSON-LD.', types: {'application/ld+json': ref('Profile')}, example: PROFILE}}},
  {method: 'get', path: '/issuers/:slug/did.json', tag: 'Issuers', caller: 'public', pathParams: SLUG, summary: 'The issuer\'s DID document (did:web): every key, Multikey',
    responses: {200: {description: 'The DID document.', types: {'application/did+json': object({id: STRING, verificationMethod: arrayOf({type: 'object'})})},
      example: {'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: 'did:web:badges.example:issuers:left-pad-guild', verificationMethod: [{id: 'did:web:badges.example:issuers:left-pad-guild#z6MkpT…', type: 'Multikey', controller: 'did:web:badges.example:issuers:left-pad-guild', publicKeyMultibase: 'z6MkpT…'}], assertionMethod: ['did:web:badges.example:issuers:left-pad-guild#z6MkpT…']}}}},
  {method: 'get', path: '/issuers/:slug/status/:listId', tag: 'Status lists', caller: 'public', pathParams: {...SLUG, listId: {description: 'the list\'s UUID', schema: {type: 'string', format: 'uuid'}}},
    summary: 'A signed BitstringStatusListCredential (131,072 entries)',
    description: 'Served as `application/vc` unless the client asks for `application/vc+ld+json`, `application/ld+json` or `application/json`. `Cache-Control: public, max-age=30, must-revalidate` and an `ETag` that changes with every status change.',
    headers: {'If-None-Match': {description: 'an ETag from an earlier answer', schema: STRING}},
    responses: {
      200: {description: 'The signed list.', headers: {ETag: 'changes with every status change', 'Cache-Control': 'public, max-age=30, must-revalidate'},
        types: Object.fromEntries(['application/vc', 'application/vc+ld+json', 'application/ld+json', 'application/json'].map((type) => [type, object({type: arrayOf(STRING), credentialSubject: object({type: oneOfValues(['BitstringStatusList']), encodedList: STRING})})])),
        example: {'@context': ['https://www.w3.org/ns/credentials/v2'], id: 'https://badges.example/issuers/js-vet/status/8f6c…', type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: 'did:web:badges.example:issuers:js-vet', credentialSubject: {id: 'https://badges.example/issuers/js-vet/status/8f6c…#list', type: 'BitstringStatusList', statusPurpose: 'suspension', encodedList: 'uH4sI…'}, proof: {type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022'}}},
      304: {description: 'Not modified since the ETag given.'},
    }},
];
