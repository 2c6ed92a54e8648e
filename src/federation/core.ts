/**
 * The part of federation that needs Fedify, loaded on first use (Fedify and
 * its vocabulary take a second or more to import, which a server with no
 * followers, or a test that never federates, should not pay): the Fedify
 * federation over our KV store and durable queue, our loaders and deliverer,
 * the actors, collections and inbox listeners, the publisher, and the
 * Follow/Accept/Reject messages.
 */
import {randomUUID} from 'node:crypto';
import {createFederation, type Federation} from '@fedify/fedify';
import {Accept, Follow, Reject} from '@fedify/vocab';
import {isAllowedHost} from '../net/allow-hosts.ts';
import {IdentityStatements, registerActors} from './actors.ts';
import {registerCollections} from './collections.ts';
import {Deliverer, isOutboxTask} from './delivery.ts';
import type {FollowRecords} from './follows.ts';
import type {ImportService} from './imports.ts';
import {registerInbox} from './inbox.ts';
import type {FederationDependencies} from './index.ts';
import {ActorKeys} from './keys.ts';
import {StoreKvStore} from './kv.ts';
import {FederationLoaders} from './loaders.ts';
import type {PeerService} from './peers.ts';
import {Publisher} from './publish.ts';
import {FEDERATION_QUEUE, StoreMessageQueue} from './queue.ts';
import type {ReceivedCredentials} from './received.ts';
import {resolveActor} from './remote-actors.ts';
import type {SentActivities} from './sent.ts';
import type {FollowMessaging, StewardService} from './stewards.ts';
import {duration} from './temporal.ts';
import {decorateResponse, hostWebFinger} from './well-known.ts';

export interface CoreParts {
  peers: PeerService;
  follows: FollowRecords;
  received: ReceivedCredentials;
  imports: ImportService;
  sent: SentActivities;
  stewards: StewardService;
  log: (message: string) => void;
}

export interface FederationCore {
  fetch(request: Request): Promise<Response | null>;
  publisher: Publisher;
  messaging: FollowMessaging;
  startQueue(signal: AbortSignal): Promise<void>;
  sweepKv(): Promise<number>;
}

export async function createCore(deps: FederationDependencies, parts: CoreParts): Promise<FederationCore> {
  const {store, config, urls} = deps;
  const {peers, follows, received, imports, sent, stewards, log} = parts;
  const keys = await ActorKeys.open(store, deps.vault);
  const kv = await StoreKvStore.open(store);
  const loaders = new FederationLoaders({fetcher: deps.fetcher, allowHosts: config.fetchAllowHosts, isBlocked: (host) => peers.isBlocked(host)});
  const deliverer = new Deliverer({fetcher: deps.fetcher, loaders, onGone: async (inbox) => void (await follows.removeByInbox(inbox)), log});
  const queue = new StoreMessageQueue({queues: store.queues, vault: deps.vault, name: FEDERATION_QUEUE, route: (task) => (isOutboxTask(task) ? deliverer.route : null), onError: (error) => log(String((error as Error).stack ?? error))});
  const host = new URL(urls.base).host;
  // Fedify wants an origin; a public URL's path prefix goes in front of every route instead.
  const prefix = new URL(urls.base).pathname.replace(/\/+$/, '');

  const federation: Federation<void> = createFederation<void>({
    kv,
    queue,
    manuallyStartQueue: true,
    origin: new URL(urls.base).origin,
    documentLoaderFactory: () => loaders.documentLoader,
    contextLoaderFactory: () => loaders.contextLoader,
    authenticatedDocumentLoaderFactory: (identity) => loaders.authenticated(identity),
    signatureTimeWindow: duration({minutes: 5}),
    firstKnock: 'draft-cavage-http-signatures-12',
    circuitBreaker: false,
  });
  const context = () => federation.createContext(new URL(urls.base), undefined);
  const {evaluations} = deps.policies;

  registerActors(federation, {communities: deps.vetting.communities, countCommunities: () => deps.vetting.communities.count(), issuers: deps.issuers, keys, urls, host, prefix});
  registerCollections(federation, {follows, sent, loaders, prefix});
  registerInbox(federation, {
    follows, peers, received, imports, loaders, log, prefix,
    communityExists: async (slug) => (await deps.vetting.communities.find(slug)) !== null,
    acceptFollow: async (community, followerId) => void (await stewards.answer(community, followerId, 'accept')),
    reevaluate: (community, packagePurl) => evaluations.reevaluatePackage(community, packagePurl),
  });

  const publisher = new Publisher({context, communities: deps.vetting.communities, reviews: deps.vetting.reviews, urls, sent, loaders, statusListUrl: (slug, listId) => deps.statusLists.listUrl(slug, listId)});
  const identities = new IdentityStatements(deps.issuers);
  const isDevelopmentHost = (peerHost: string) => {
    const url = new URL(`http://${peerHost}/`);
    return isAllowedHost(config.fetchAllowHosts, url.hostname, Number(url.port || 80));
  };

  const messaging: FollowMessaging = {
    actorUri: (community) => context().getActorUri(community).href,
    resolveActor: (reference) => resolveActor(reference, {loaders, fetcher: deps.fetcher, isDevelopmentHost}),
    async sendFollow(community, remote, followId) {
      const ctx = context();
      const follow = new Follow({id: new URL(followId), actor: ctx.getActorUri(community), object: new URL(remote.id)});
      await ctx.sendActivity({identifier: community}, {id: new URL(remote.id), inboxId: new URL(remote.inbox), endpoints: remote.sharedInbox === null ? null : {sharedInbox: new URL(remote.sharedInbox)}}, follow);
    },
    async sendAnswer(community, follower, decision) {
      const ctx = context();
      const me = ctx.getActorUri(community);
      const follow = new Follow({id: new URL(follower.followId), actor: new URL(follower.actor), object: me});
      const answer = decision === 'accept'
        ? new Accept({id: new URL(`${me.href}/accepts/${randomUUID()}`), actor: me, object: follow})
        : new Reject({id: new URL(`${me.href}/rejects/${randomUUID()}`), actor: me, object: follow});
      await ctx.sendActivity({identifier: community}, {id: new URL(follower.actor), inboxId: new URL(follower.inbox), endpoints: null}, answer);
    },
  };

  return {
    publisher,
    messaging,
    async fetch(request) {
      const url = new URL(request.url);
      const own = hostWebFinger(url, host, urls.base);
      if (own !== null) return own;
      const pass = new Set<Response>();
      const passOn = () => {
        const response = new Response(null, {status: 404});
        pass.add(response);
        return response;
      };
      const response = await federation.fetch(request, {contextData: undefined, onNotFound: passOn, onNotAcceptable: passOn});
      if (pass.has(response)) return null;
      return decorateResponse(url, response, {urls, prefix, actorIdentity: (slug, actorId) => identities.forCommunity(slug, actorId)});
    },
    startQueue: (signal) => federation.startQueue(undefined, {signal}),
    sweepKv: () => kv.sweepExpired(),
  };
}

