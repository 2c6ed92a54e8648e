import {hkdfSync} from 'node:crypto';
import type Provider from 'oidc-provider';
import type {Store} from '../store/port.ts';
import type {KeyVault} from '../credentials/key-vault.ts';
import {notFound} from '../errors.ts';
import {OAuthStore} from './store-adapter.ts';
import {signingKeys} from './signing-keys.ts';
import {createProvider, type ProviderOptions} from './provider.ts';
import {isOb3Scope, type Ob3Scope} from './scopes.ts';

export {OB3_SCOPES, ALL_OB3_SCOPES, isOb3Scope, scopeInWords, type Ob3Scope} from './scopes.ts';
export {OAuthStore, OAUTH_COLLECTION, type OAuthRecord} from './store-adapter.ts';
export {ACCESS_TOKEN_TTL_SECONDS} from './provider.ts';

/** An app as a person sees it on the consent and connected-apps pages. */
export interface ClientView {
  clientId: string;
  name: string;
  /** Its home page, if it gave one (http or https only). */
  uri: string | null;
  redirectUris: string[];
}

/** An app a person connected, with what they allowed it. */
export interface Connection extends ClientView {
  scopes: Ob3Scope[];
}

/** Who a bearer token speaks for, and what it may do. */
export interface BearerGrant {
  handle: string;
  clientId: string;
  scopes: Set<string>;
}

export interface OAuthOptions {
  store: Store;
  vault: KeyVault;
  masterSecret: Buffer;
  /** HALLMARK_PUBLIC_URL, with any path prefix. */
  publicUrl: string;
  behindProxy: boolean;
  accountExists(handle: string): Promise<boolean>;
  errorPage: ProviderOptions['errorPage'];
}

/** Where the authorization server and the Open Badges API live below the public URL. */
export const OAUTH_MOUNT = '/oauth';
export const OB3_API_BASE = '/ims/ob/v3p0';
export const CONSENT_PATH = '/connect';

/** The authorization server and what people do with it: consent, see and revoke their connected apps. */
export class OAuthService {
  readonly provider: Provider;
  /** The resource indicator every access token is for. */
  readonly resource: string;
  readonly #records: OAuthStore;

  private constructor(provider: Provider, resource: string, records: OAuthStore) {
    this.provider = provider;
    this.resource = resource;
    this.#records = records;
  }

  static async open(options: OAuthOptions): Promise<OAuthService> {
    const base = options.publicUrl.replace(/\/+$/, '');
    const prefix = new URL(base).pathname.replace(/\/+$/, '');
    const records = await OAuthStore.open(options.store, options.vault);
    const resource = `${base}${OB3_API_BASE}`;
    const cookieKey = Buffer.from(hkdfSync('sha256', options.masterSecret, 'hallmark', 'oauth-cookies/v1', 32)).toString('base64url');
    const provider = createProvider({
      issuer: `${base}${OAUTH_MOUNT}`,
      resource,
      interactionPath: (uid) => `${prefix}${CONSENT_PATH}/${uid}`,
      records,
      jwks: await signingKeys(options.store, options.vault),
      cookieKeys: [cookieKey],
      accountExists: options.accountExists,
      behindProxy: options.behindProxy,
      errorPage: options.errorPage,
    });
    return new OAuthService(provider, resource, records);
  }

  async client(clientId: string): Promise<ClientView | null> {
    const client = await this.provider.Client.find(clientId);
    if (!client) return null;
    const uri = typeof client.clientUri === 'string' && /^https?:\/\//.test(client.clientUri) ? client.clientUri : null;
    return {clientId, name: typeof client.clientName === 'string' && client.clientName.trim() ? client.clientName.trim().slice(0, 200) : clientId, uri, redirectUris: [...(client.redirectUris ?? [])]};
  }

  /** Records that `handle` allows the client these scopes (added to what it allowed before); the grant's id. */
  async approve(handle: string, clientId: string, scopes: Ob3Scope[]): Promise<string> {
    const [existing] = (await this.#records.ofAccount('Grant', handle)).filter(({payload}) => payload.clientId === clientId);
    const grant = (existing ? await this.provider.Grant.find(existing.id) : undefined) ?? new this.provider.Grant({accountId: handle, clientId});
    grant.addResourceScope(this.resource, scopes.join(' '));
    // They are also the provider's own scopes (see provider.ts): granted there too, or it would ask again.
    grant.addOIDCScope(scopes.join(' '));
    return grant.save();
  }

  /** The apps `handle` connected, each once, with every scope allowed to it. */
  async connections(handle: string): Promise<Connection[]> {
    const byClient = new Map<string, Set<Ob3Scope>>();
    for (const {payload} of await this.#records.ofAccount('Grant', handle)) {
      if (typeof payload.clientId !== 'string') continue;
      const allowed = byClient.get(payload.clientId) ?? new Set<Ob3Scope>();
      const resources = (payload.resources ?? {}) as Record<string, unknown>;
      const granted = resources[this.resource];
      for (const scope of typeof granted === 'string' ? granted.split(' ') : []) if (isOb3Scope(scope)) allowed.add(scope);
      byClient.set(payload.clientId, allowed);
    }
    const connections: Connection[] = [];
    for (const [clientId, scopes] of byClient) {
      const client = (await this.client(clientId)) ?? {clientId, name: clientId, uri: null, redirectUris: []};
      connections.push({...client, scopes: [...scopes]});
    }
    return connections.sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId));
  }

  /** Ends every grant `handle` gave the client, and with them its codes and tokens. */
  async disconnect(handle: string, clientId: string): Promise<void> {
    const grants = (await this.#records.ofAccount('Grant', handle)).filter(({payload}) => payload.clientId === clientId);
    if (grants.length === 0) throw notFound(`no connected app ${clientId.slice(0, 80)}`);
    for (const {id} of grants) {
      await this.#records.revokeByGrantId(id);
      await this.#records.destroy('Grant', id);
    }
  }

  /** The live access token's account and scopes, or null (unknown, expired, revoked, or for another resource). */
  async bearer(token: string): Promise<BearerGrant | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const found = await this.provider.AccessToken.find(token);
    if (!found || found.isExpired || !found.accountId || found.aud !== this.resource) return null;
    return {handle: found.accountId, clientId: found.clientId ?? '', scopes: found.scopes};
  }
}
