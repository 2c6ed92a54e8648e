import {ANY_OBJECT, arrayOf, json, object, page, REDIRECT, STRING, type RouteDoc} from '../describe.ts';

const SCOPE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
const OAUTH = (scope: string) => `Needs an OAuth 2.0 access token from this instance's authorization server (\`/oauth\`, see \`GET /ims/ob/v3p0/discovery\`) with the scope \`${SCOPE}${scope}\`; our own API tokens are not accepted here. Errors are 1EdTech \`Imsx_StatusInfo\` objects.`;
const CREDENTIAL_EXAMPLE = {'@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], id: 'urn:uuid:…', type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: {id: 'did:web:…', type: ['Profile']}, validFrom: '2026-12-08T05:00:00Z', credentialSubject: {type: ['AchievementSubject'], achievement: {}}, proof: [{}]};
const PROFILE = object({id: STRING, type: arrayOf(STRING), name: STRING, url: STRING});
const PROFILE_EXAMPLE = {id: 'http://localhost:3000/reviewers/alice', type: ['Profile'], name: 'Alice Auditor', url: 'http://localhost:3000/reviewers/alice'};
const JWS = {type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$'};
const FORM = {types: {'application/x-www-form-urlencoded': {type: 'object', properties: {decision: {type: 'string', enum: ['allow', 'deny']}, _csrf: STRING}, required: ['_csrf']}}, example: {decision: 'allow', _csrf: '…'}};
const CLIENT_ID = {clientId: {description: 'the connected app\'s client id'}};
const UID = {uid: {description: 'the authorization request\'s interaction id'}};

/** src/http/ob3.ts: the 1EdTech Open Badges 3.0 API (its full contract: 1EdTech's own OpenAPI document). */
export const ob3Routes: RouteDoc[] = [
  {method: 'get', path: '/ims/ob/v3p0/discovery', tag: 'Open Badges API', caller: 'public', errorBody: 'imsx', summary: 'The service description: an OpenAPI 3.0 document naming the authorization server and the four scopes',
    responses: {200: {description: 'The description.', ...json(ANY_OBJECT, {openapi: '3.0.1', info: {title: 'Hallmark Open Badges API', 'x-imssf-privacyPolicyUrl': 'http://localhost:3000/privacy'}, components: {securitySchemes: {OAuth2ACG: {type: 'oauth2', 'x-imssf-registrationUrl': 'http://localhost:3000/oauth/reg'}}}})}}},
  {method: 'get', path: '/ims/ob/v3p0/credentials', tag: 'Open Badges API', caller: 'account', errorBody: 'imsx', summary: 'The person\'s milestone credentials and those apps keep here, paged', description: OAUTH('credential.readonly'),
    query: {limit: {description: 'per page, 1 to 100 (default 50)', schema: {type: 'integer', minimum: 1}}, offset: {description: 'how many to skip', schema: {type: 'integer', minimum: 0}}, since: {description: 'only those issued after this date-time', schema: {type: 'string', format: 'date-time'}}},
    responses: {200: {description: 'A page; `X-Total-Count` counts them all, `Link` names the first, last, next and previous pages.', headers: {'X-Total-Count': 'how many match in all', Link: 'RFC 8288 links to the first, last, next and prev pages'}, ...json(object({}, {credential: arrayOf(ANY_OBJECT), compactJwsString: arrayOf(JWS)}), {credential: [CREDENTIAL_EXAMPLE], compactJwsString: []})}}},
  {method: 'post', path: '/ims/ob/v3p0/credentials', tag: 'Open Badges API', caller: 'account', errorBody: 'imsx', rateLimited: true, summary: 'Keep a credential for the person (upsert), verified on arrival', description: OAUTH('credential.upsert'),
    body: {types: {'application/json': ANY_OBJECT, 'text/plain': JWS}, example: CREDENTIAL_EXAMPLE},
    responses: {201: {description: 'Kept: the credential as sent.', types: {'application/json': ANY_OBJECT, 'text/plain': JWS}, example: CREDENTIAL_EXAMPLE}, 200: {description: 'Replaced the one with the same id: the credential as sent.', types: {'application/json': ANY_OBJECT, 'text/plain': JWS}, example: CREDENTIAL_EXAMPLE}}, errors: [409]},
  {method: 'get', path: '/ims/ob/v3p0/profile', tag: 'Open Badges API', caller: 'account', errorBody: 'imsx', summary: 'The person\'s profile', description: OAUTH('profile.readonly'), responses: {200: {description: 'The profile.', ...json(PROFILE, PROFILE_EXAMPLE)}}},
  {method: 'put', path: '/ims/ob/v3p0/profile', tag: 'Open Badges API', caller: 'account', errorBody: 'imsx', summary: 'Change the profile\'s name (other fields are ignored)', description: OAUTH('profile.update'),
    body: json(object({name: STRING}), {name: 'Alice Auditor'}), responses: {200: {description: 'The profile.', ...json(PROFILE, PROFILE_EXAMPLE)}}},
  {method: 'post', path: '/oauth/reg', tag: 'Open Badges API', caller: 'public', rateLimited: true, summary: 'Register an OAuth 2.0 client (RFC 7591, no initial access token); the rest of `/oauth` is the authorization server\'s (its metadata: `/oauth/.well-known/openid-configuration`)',
    body: json(object({redirect_uris: arrayOf(STRING)}, {client_name: STRING, client_uri: STRING, grant_types: arrayOf(STRING), response_types: arrayOf(STRING), scope: STRING, token_endpoint_auth_method: STRING}), {client_name: 'My Backpack', redirect_uris: ['https://backpack.example/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: `${SCOPE}credential.readonly`}),
    responses: {201: {description: 'The client, with its `client_id` and `client_secret`.', ...json(object({client_id: STRING}, {client_secret: STRING}), {client_id: '…', client_secret: '…', client_name: 'My Backpack'})}}},
];

/** src/http/oauth.ts: the pages of the authorization server's interactions, and connected apps. */
export const oauthPageRoutes: RouteDoc[] = [
  {method: 'get', path: '/connect/:uid', tag: 'Sign-in', caller: 'session', pathParams: UID, summary: 'The consent page: the app by name, where answers go, each scope in words', responses: {200: page('Allow or deny.'), 303: {description: 'Not signed in: to `/sign-in?next=…`.'}}},
  {method: 'post', path: '/connect/:uid', tag: 'Sign-in', caller: 'session', pathParams: UID, summary: 'Answer an app (allow or deny); the browser goes on to the app', body: FORM, responses: {303: REDIRECT}, errors: [403]},
  {method: 'get', path: '/account/connected-apps', tag: 'Sign-in', caller: 'session', summary: 'Your connected apps and the badges they keep here', responses: {200: page('The apps and kept badges.'), 303: {description: 'Not signed in: to `/sign-in?next=…`.'}}},
  {method: 'post', path: '/account/connected-apps/:clientId/revoke', tag: 'Sign-in', caller: 'session', pathParams: CLIENT_ID, summary: 'Disconnect an app: its grants, codes and tokens end', body: {...FORM, example: {_csrf: '…'}}, responses: {303: REDIRECT}},
  {method: 'get', path: '/privacy', tag: 'Pages', caller: 'public', summary: 'Privacy and terms of the Open Badges API', responses: {200: page('What connected apps see and what is kept.')}},
];
