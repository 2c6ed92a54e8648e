/**
 * The Open Badges 3.0 Service Description Document (GET /discovery): a
 * profiled copy of 1EdTech's OpenAPI document naming our server, our
 * authorization server's endpoints and the four scopes.
 */
import {ALL_OB3_SCOPES, OB3_SCOPES} from '../oauth/index.ts';

export interface ServiceUrls {
  /** The API's base, e.g. https://example.org/ims/ob/v3p0 */
  api: string;
  authorization: string;
  token: string;
  registration: string;
  privacyPolicy: string;
  termsOfService: string;
}

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [OB3_SCOPES.credentialRead]: 'Permission to read AchievementCredentials for the authenticated entity.',
  [OB3_SCOPES.credentialUpsert]: 'Permission to create or update AchievementCredentials for the authenticated entity.',
  [OB3_SCOPES.profileRead]: 'Permission to read the profile for the authenticated entity.',
  [OB3_SCOPES.profileUpdate]: 'Permission to update the profile for the authenticated entity.',
};

const ref = (name: string) => ({$ref: `#/components/schemas/${name}`});
const JWS = {type: 'string', pattern: '^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$'};
const ERROR = {description: 'An error', content: {'application/json': {schema: ref('Imsx_StatusInfo')}}};

function secured(scope: string) {
  return [{OAuth2ACG: [scope]}];
}

export function serviceDescription(urls: ServiceUrls): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: {
      title: 'Hallmark Open Badges API',
      description: 'Open Badges 3.0 credentials earned by reviewing software, and credentials kept here by backpacks.',
      version: '3.0',
      termsOfService: urls.termsOfService,
      'x-imssf-privacyPolicyUrl': urls.privacyPolicy,
    },
    servers: [{url: urls.api}],
    tags: [{name: 'OpenBadgeCredentials'}, {name: 'Profile'}, {name: 'Discovery'}],
    paths: {
      '/credentials': {
        get: {
          operationId: 'getCredentials', tags: ['OpenBadgeCredentials'], security: secured(OB3_SCOPES.credentialRead),
          parameters: [
            {name: 'limit', in: 'query', schema: {type: 'integer', minimum: 1}},
            {name: 'offset', in: 'query', schema: {type: 'integer', minimum: 0}},
            {name: 'since', in: 'query', schema: {type: 'string', format: 'date-time'}},
          ],
          responses: {
            200: {description: 'The credentials, paged', headers: {'X-Total-Count': {schema: {type: 'integer'}}, Link: {schema: {type: 'string'}}}, content: {'application/json': {schema: ref('GetOpenBadgeCredentialsResponse')}}},
            400: ERROR, 401: ERROR, 403: ERROR, 500: ERROR, default: ERROR,
          },
        },
        post: {
          operationId: 'upsertCredential', tags: ['OpenBadgeCredentials'], security: secured(OB3_SCOPES.credentialUpsert),
          requestBody: {required: true, content: {'application/json': {schema: ref('AchievementCredential')}, 'text/plain': {schema: JWS}}},
          responses: {
            200: {description: 'Replaced', content: {'application/json': {schema: ref('AchievementCredential')}, 'text/plain': {schema: JWS}}},
            201: {description: 'Created', content: {'application/json': {schema: ref('AchievementCredential')}, 'text/plain': {schema: JWS}}},
            400: ERROR, 401: ERROR, 403: ERROR, 413: ERROR, 415: ERROR, 500: ERROR, default: ERROR,
          },
        },
      },
      '/profile': {
        get: {operationId: 'getProfile', tags: ['Profile'], security: secured(OB3_SCOPES.profileRead), responses: {200: {description: 'The profile', content: {'application/json': {schema: ref('Profile')}}}, 401: ERROR, 403: ERROR, 404: ERROR, default: ERROR}},
        put: {
          operationId: 'putProfile', tags: ['Profile'], security: secured(OB3_SCOPES.profileUpdate),
          requestBody: {required: true, content: {'application/json': {schema: ref('Profile')}}},
          responses: {200: {description: 'The updated profile (only its name changes)', content: {'application/json': {schema: ref('Profile')}}}, 400: ERROR, 401: ERROR, 403: ERROR, default: ERROR},
        },
      },
      '/discovery': {get: {operationId: 'getServiceDescription', tags: ['Discovery'], security: [], responses: {200: {description: 'This document', content: {'application/json': {schema: ref('ServiceDescriptionDocument')}}}, default: ERROR}}},
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 authorization code grant with PKCE (S256); clients register dynamically (RFC 7591) without an initial access token.',
          'x-imssf-registrationUrl': urls.registration,
          flows: {authorizationCode: {authorizationUrl: urls.authorization, tokenUrl: urls.token, refreshUrl: urls.token, scopes: Object.fromEntries(ALL_OB3_SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]]))}},
        },
      },
      schemas: {
        // The data model's schemas are 1EdTech's; we link to them rather than copy them.
        AchievementCredential: {$ref: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'},
        Profile: {type: 'object', required: ['id', 'type'], properties: {id: {type: 'string'}, type: {type: 'array', items: {type: 'string'}}, name: {type: 'string'}, url: {type: 'string'}}},
        GetOpenBadgeCredentialsResponse: {type: 'object', properties: {credential: {type: 'array', items: ref('AchievementCredential')}, compactJwsString: {type: 'array', items: JWS}}, additionalProperties: false},
        ServiceDescriptionDocument: {type: 'object', required: ['openapi', 'info', 'components']},
        Imsx_StatusInfo: {
          type: 'object', required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: {type: 'string', enum: ['failure', 'processing', 'success', 'unsupported']},
            imsx_severity: {type: 'string', enum: ['error', 'status', 'warning']},
            imsx_description: {type: 'string'},
            imsx_codeMinor: {type: 'object'},
          },
        },
      },
    },
  };
}
