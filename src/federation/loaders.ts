/**
 * The document loaders Fedify is given, all over the one hardened fetcher:
 * contexts come only from the pinned copies (never fetched); remote
 * documents (actors, keys, objects) are fetched as ActivityPub JSON, refused
 * for blocked peers and, outside the allow-listed development hosts, for
 * anything but https; the authenticated loader signs each hop with an actor's
 * RSA key (draft-cavage, as Mastodon's authorized fetch expects).
 */
import type {webcrypto} from 'node:crypto';
import {signRequest} from '@fedify/fedify/sig';
import type {DocumentLoader, RemoteDocument} from '@fedify/vocab';
import {loadActivityPubContext} from '../credentials/contexts.ts';
import type {AllowHost} from '../net/allow-hosts.ts';
import {isAllowedHost} from '../net/allow-hosts.ts';
import type {Fetcher, OutgoingHop} from '../net/fetcher.ts';
import {parseJsonResponse} from '../net/json-body.ts';
import {HallmarkError} from '../errors.ts';

export const ACTIVITY_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams";q=0.9, application/json;q=0.5';

/** Federation documents stay small: an actor or an activity, not a data dump. */
export const MAX_FEDERATION_DOCUMENT_BYTES = 256 * 1024;

export interface LoaderDependencies {
  fetcher: Fetcher;
  allowHosts: readonly AllowHost[];
  /** True for hosts this instance refuses to talk to at all. */
  isBlocked: (host: string) => Promise<boolean>;
}

export interface SigningIdentity {
  keyId: URL;
  privateKey: webcrypto.CryptoKey;
}

export class FederationLoaders {
  readonly #deps: LoaderDependencies;

  constructor(deps: LoaderDependencies) {
    this.#deps = deps;
  }

  /** Pinned contexts, nothing else. */
  readonly contextLoader: DocumentLoader = async (url) => loadActivityPubContext(url) as RemoteDocument;

  readonly documentLoader: DocumentLoader = (url) => this.#load(url);

  authenticated(identity: SigningIdentity): DocumentLoader {
    return (url) => this.#load(url, identity);
  }

  /** Whether `url` may be fetched or delivered to: https (or an allow-listed development host) and not blocked. */
  async assertReachable(url: string): Promise<URL> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new HallmarkError('invalid-input', `"${url.slice(0, 200)}" is not a URL`);
    }
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
    const allowListed = isAllowedHost(this.#deps.allowHosts, parsed.hostname, port);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && allowListed)) {
      throw new HallmarkError('invalid-input', `federation reaches other servers over https only (${parsed.origin} is not an allow-listed development host)`);
    }
    if (await this.#deps.isBlocked(parsed.host)) throw new HallmarkError('forbidden', `${parsed.host} is blocked`);
    return parsed;
  }

  async #load(url: string, identity?: SigningIdentity): Promise<RemoteDocument> {
    try {
      return loadActivityPubContext(url) as RemoteDocument;
    } catch {
      // Not a context: a document to fetch.
    }
    await this.assertReachable(url);
    const response = await this.#deps.fetcher.send(url, {
      accept: ACTIVITY_ACCEPT,
      maxBytes: MAX_FEDERATION_DOCUMENT_BYTES,
      ...(identity ? {sign: (hop: OutgoingHop) => signedHeaders(hop, identity)} : {}),
    });
    if (response.url !== url) await this.assertReachable(response.url);
    return {contextUrl: null, documentUrl: response.url, document: parseJsonResponse(response)};
  }
}

/** The headers Fedify's draft-cavage signer adds to this hop (Date, Signature, and Digest for a body). */
export async function signedHeaders(hop: OutgoingHop, identity: SigningIdentity): Promise<Record<string, string>> {
  const request = new Request(hop.url, {method: hop.method, headers: hop.headers, body: hop.body === undefined ? null : new Uint8Array(hop.body)});
  const signed = await signRequest(request, identity.privateKey, identity.keyId, {spec: 'draft-cavage-http-signatures-12'});
  const added: Record<string, string> = {};
  signed.headers.forEach((value, name) => {
    if (hop.headers[name] !== value) added[name] = value;
  });
  return added;
}
