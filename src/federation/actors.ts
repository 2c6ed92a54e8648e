/**
 * The actors this instance publishes: every community is a `Group` at its
 * page URL (`/communities/{slug}`), and the instance itself is an
 * `Application` at `/actor` (FEP-d556) that signs the instance's own fetches.
 * Each has an RSA key for HTTP Signatures and an Ed25519 Multikey (FEP-521a)
 * for object proofs. A community's actor names its issuer's DID in
 * `alsoKnownAs`; the FEP-c390 statement proving it is added to the served
 * JSON by `identityAttachment` (Fedify's vocabulary has no type for it).
 */
import {Application, Endpoints, Group, Image} from '@fedify/vocab';
import type {Federation} from '@fedify/fedify';
import type {IssuerService} from '../credentials/issuers.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import {SLUG_PATTERN, type Community} from '../vetting/model.ts';
import type {ActorKeys} from './keys.ts';
import {identityStatement, type IdentityStatement} from './binding.ts';
import {instant} from './temporal.ts';

/** The instance actor's internal identifier: never a community slug (slugs have no underscores). */
export const INSTANCE_ACTOR = '__instance__';

export interface ActorDependencies {
  communities: {find(slug: string): Promise<Community | null>};
  /** How many communities (actors) this instance has, for NodeInfo. */
  countCommunities: () => Promise<number>;
  issuers: IssuerService;
  keys: ActorKeys;
  urls: InstanceUrls;
  host: string;
  /** The public URL's path prefix ('' or e.g. '/hallmark'): every route sits under it. */
  prefix: string;
}

export function registerActors(federation: Federation<void>, deps: ActorDependencies): void {
  federation
    .setActorDispatcher(`${deps.prefix}/communities/{identifier}`, async (ctx, identifier) => {
      const keys = await ctx.getActorKeyPairs(identifier);
      const common = {
        id: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        following: ctx.getFollowingUri(identifier),
        endpoints: new Endpoints({sharedInbox: ctx.getInboxUri()}),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((pair) => pair.multikey),
      };
      if (identifier === INSTANCE_ACTOR) {
        return new Application({
          ...common,
          preferredUsername: deps.host.replace(/:\d+$/, ''),
          name: `Hallmark at ${deps.host}`,
          summary: 'This instance\'s own actor: it signs the instance\'s requests to other servers.',
          url: new URL(deps.urls.base),
          manuallyApprovesFollowers: true,
        });
      }
      if (!SLUG_PATTERN.test(identifier)) return null;
      const community = await deps.communities.find(identifier);
      if (community === null) return null;
      const issuer = await deps.issuers.get(identifier);
      return new Group({
        ...common,
        preferredUsername: community.slug,
        name: community.name,
        summary: community.description || `${community.name}: a Hallmark vetting community.`,
        url: new URL(deps.urls.communityPage(community.slug)),
        published: instant(community.createdAt),
        manuallyApprovesFollowers: true,
        discoverable: true,
        icon: new Image({mediaType: 'image/svg+xml', url: new URL(`${deps.urls.base}/badges/${community.slug}/pkg:npm/hallmark.svg`)}),
        aliases: [new URL(issuer.did)],
      });
    })
    .mapHandle((_ctx, username) => (SLUG_PATTERN.test(username) ? username : null))
    // The prefix is '' or starts with '/', so the alias path always does.
    .mapActorAlias(`${deps.prefix}/actor` as `/${string}`, INSTANCE_ACTOR)
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      if (identifier !== INSTANCE_ACTOR && (!SLUG_PATTERN.test(identifier) || (await deps.communities.find(identifier)) === null)) return [];
      const pairs = await deps.keys.pairs(identifier);
      return [pairs.rsa, pairs.ed25519];
    });

  federation.setNodeInfoDispatcher(`${deps.prefix}/nodeinfo/2.1`, async () => ({
    software: {name: 'hallmark', version: '0.1.0'},
    protocols: ['activitypub'],
    openRegistrations: false,
    usage: {users: {total: await deps.countCommunities()}, localPosts: 0, localComments: 0},
    metadata: {nodeName: `Hallmark at ${deps.host}`, instanceActor: `${deps.urls.base}/actor`},
  }));
}

/**
 * The FEP-c390 statement that the community's issuer DID is also known as
 * its actor, signed by the issuer's current key. Kept per key, so it is
 * signed once, not on every fetch of the actor.
 */
export class IdentityStatements {
  readonly #issuers: IssuerService;
  readonly #cache = new Map<string, Promise<IdentityStatement>>();

  constructor(issuers: IssuerService) {
    this.#issuers = issuers;
  }

  async forCommunity(slug: string, actorId: string): Promise<IdentityStatement> {
    const issuer = await this.#issuers.get(slug);
    const key = this.#issuers.signingKey(issuer);
    const cacheKey = `${actorId}\n${key.verificationMethod}`;
    let statement = this.#cache.get(cacheKey);
    if (statement === undefined) {
      statement = identityStatement(issuer.did, actorId, key);
      this.#cache.set(cacheKey, statement);
      statement.catch(() => this.#cache.delete(cacheKey));
    }
    return statement;
  }
}
