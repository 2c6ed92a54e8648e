/**
 * A backpack, as the tests play it: an OAuth 2.0 client of the Open Badges
 * 3.0 API written from the specifications (RFC 7591 registration, RFC 7636
 * PKCE, RFC 6749 token requests, RFC 7009 revocation), nothing from src/.
 */
import {createHash, randomBytes} from 'node:crypto';

export const SCOPES = {
  credentialRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  credentialUpsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
};
export const ALL_SCOPES = Object.values(SCOPES).join(' ');

export interface Endpoints {
  registration: string;
  authorization: string;
  token: string;
  revocation: string;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export function pkce(): {verifier: string; challenge: string} {
  const verifier = randomBytes(32).toString('base64url');
  return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

export async function register(endpoints: Endpoints, redirectUri: string, metadata: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const response = await fetch(endpoints.registration, {
    method: 'POST',
    headers: {'content-type': 'application/json', accept: 'application/json'},
    body: JSON.stringify({
      client_name: 'Test Backpack', client_uri: 'https://backpack.example/', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: ALL_SCOPES, software_id: 'test-backpack', software_version: '1.0', ...metadata,
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${JSON.stringify(body)}`);
  return {clientId: body.client_id as string, clientSecret: body.client_secret as string, redirectUri};
}

export function authorizationUrl(endpoints: Endpoints, client: RegisteredClient, options: {challenge: string; scope?: string; state?: string; method?: string; redirectUri?: string}): string {
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: client.clientId, redirect_uri: options.redirectUri ?? client.redirectUri, scope: options.scope ?? ALL_SCOPES,
    state: options.state ?? 'state-1', code_challenge: options.challenge, code_challenge_method: options.method ?? 'S256',
  }).toString();
  return url.href;
}

function basic(client: RegisteredClient): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
}

export async function tokenRequest(endpoints: Endpoints, client: RegisteredClient, fields: Record<string, string>): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await fetch(endpoints.token, {method: 'POST', headers: {authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'}, body: new URLSearchParams(fields).toString()});
  return {status: response.status, body: (await response.json()) as Record<string, unknown>};
}

export async function exchange(endpoints: Endpoints, client: RegisteredClient, code: string, verifier: string, redirectUri = client.redirectUri) {
  return tokenRequest(endpoints, client, {grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri});
}

export async function refresh(endpoints: Endpoints, client: RegisteredClient, refreshToken: string) {
  return tokenRequest(endpoints, client, {grant_type: 'refresh_token', refresh_token: refreshToken});
}

export async function revoke(endpoints: Endpoints, client: RegisteredClient, token: string, hint = 'refresh_token'): Promise<number> {
  const response = await fetch(endpoints.revocation, {method: 'POST', headers: {authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams({token, token_type_hint: hint}).toString()});
  return response.status;
}

/** The authorization server's endpoints, as a backpack finds them: from the API's service description. */
export async function discover(apiBase: string): Promise<Endpoints & {document: Record<string, unknown>}> {
  const response = await fetch(`${apiBase}/discovery`);
  const document = (await response.json()) as Record<string, any>;
  const scheme = document.components.securitySchemes.OAuth2ACG;
  const registration = scheme['x-imssf-registrationUrl'] as string;
  const flow = scheme.flows.authorizationCode;
  // RFC 7009 revocation is not part of the description; the authorization server's metadata names it.
  const issuer = new URL(flow.authorizationUrl as string);
  const metadata = (await (await fetch(new URL(`${issuer.pathname.replace(/\/auth$/, '')}/.well-known/openid-configuration`, issuer))).json()) as Record<string, string>;
  return {document, registration, authorization: flow.authorizationUrl, token: flow.tokenUrl, revocation: metadata.revocation_endpoint};
}
