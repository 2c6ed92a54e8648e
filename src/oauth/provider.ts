/**
 * The OAuth 2.0 authorization server (oidc-provider) for the Open Badges 3.0
 * API: authorization code with PKCE (S256; oidc-provider knows no other
 * method), dynamic client registration without an initial access token,
 * refresh tokens, revocation. Consent is asked on every authorization, so a
 * person who signed in after another in the same browser always answers for
 * themselves.
 */
import Provider, {errors, type Configuration, type JWK, type KoaContextWithOIDC} from 'oidc-provider';
import type {OAuthStore} from './store-adapter.ts';
import {ALL_OB3_SCOPES} from './scopes.ts';

export interface ProviderOptions {
  /** The public URL of the mount, e.g. `https://example.org/hallmark/oauth`. */
  issuer: string;
  /** The one resource server: the Open Badges API's base URL. */
  resource: string;
  /** Where a person signs in and consents (a path of ours, with the public URL's prefix). */
  interactionPath(uid: string): string;
  records: OAuthStore;
  jwks: {keys: JWK[]};
  /** Keys oidc-provider signs its cookies with. */
  cookieKeys: string[];
  accountExists(handle: string): Promise<boolean>;
  /** Whether X-Forwarded-* headers are trusted (HALLMARK_TRUST_PROXY). */
  behindProxy: boolean;
  /** An HTML page for an error shown to a person (a bad authorization request). */
  errorPage(error: {error: string; error_description?: string}, status: number): string;
}

const DAY = 24 * 3600;

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export function createProvider(options: ProviderOptions): Provider {
  const {resource} = options;
  const configuration: Configuration = {
    adapter: (name: string) => options.records.adapter(name),
    jwks: options.jwks,
    cookies: {
      keys: options.cookieKeys,
      names: {session: 'hallmark_oauth_session', interaction: 'hallmark_oauth_interaction', resume: 'hallmark_oauth_resume'},
    },
    // Listed here too, or clients could not register with them as their `scope` metadata.
    scopes: ['openid', 'offline_access', ...ALL_OB3_SCOPES],
    responseTypes: ['code'],
    pkce: {required: () => true},
    clientDefaults: {grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic'},
    features: {
      devInteractions: {enabled: false},
      registration: {enabled: true, initialAccessToken: false},
      revocation: {enabled: true},
      userinfo: {enabled: false},
      // The Open Badges API takes bearer tokens only: no sender-constrained (DPoP) tokens it could not check.
      dPoP: {enabled: false},
      rpInitiatedLogout: {enabled: false},
      resourceIndicators: {
        enabled: true,
        // Backpacks do not name a resource: every token is for the Open Badges API.
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {scope: ALL_OB3_SCOPES.join(' '), audience: resource, accessTokenFormat: 'opaque', accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS};
        },
      },
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      IdToken: 3600,
      RefreshToken: 30 * DAY,
      Grant: 365 * DAY,
    },
    // A refresh token is what lets a backpack sync later; any client allowed the grant gets one.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Only the grant just consented to: nothing is authorized silently (see the module comment).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: async (_ctx, sub) => ((await options.accountExists(sub)) ? {accountId: sub, claims: () => ({sub})} : undefined),
    interactions: {url: (_ctx, interaction) => options.interactionPath(interaction.uid)},
    clientBasedCORS: (_ctx, origin, client) => origin !== 'null' && client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) === true,
    renderError: async (ctx, out, error) => {
      ctx.type = 'html';
      ctx.body = options.errorPage(out as {error: string; error_description?: string}, (error as {statusCode?: number}).statusCode ?? 400);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.behindProxy;
  return provider;
}
