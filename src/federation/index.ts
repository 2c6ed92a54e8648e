/**
 * Federation, wired: Fedify with our KV store and durable queue, our loaders
 * (the hardened fetcher, pinned contexts), our deliverer, the actors,
 * collections and inbox listeners, and the services the HTTP edge calls.
 * `fetch` answers the requests that are Fedify's (WebFinger, NodeInfo,
 * actors, inboxes, collections) and returns null for everything else.
 */
import {createFederation, type Federation} from '@fedify/fedify';
import type {Config} from '../config.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {DocumentResolver} from '../credentials/documents.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import type {KeyVault} from '../credentials/key-vault.ts';
import type {StatusListService} from '../credentials/status-lists.ts';
import type {Verify} from '../credentials/verify/index.ts';
import {HallmarkError} from '../errors.ts';
import {isAllowedHost} from '../net/allow-hosts.ts';
import type {Fetcher} from '../net/fetcher.ts';
import type {Store} from '../store/port.ts';
import type {Vetting} from '../vetting/index.ts';
import type {Policies} from '../vetting/policies/index.ts';
import {IdentityStatements, INSTANCE_ACTOR, registerActors} from './actors.ts';
import {registerCollections, SentActivities} from './collections.ts';
import {Deliverer, isOutboxTask} from './delivery.ts';
import {FollowRecords} from './follows.ts';
import {ImportService} from './imports.ts';
import {registerInbox} from './inbox.ts';
import {ActorKeys} from './keys.ts';
import {StoreKvStore} from './kv.ts';
import {FederationLoaders} from './loaders.ts';
import {PeerService} from './peers.ts';
import {Publisher} from './publish.ts';
import {StoreMessageQueue} from './queue.ts';
import {ReceivedCredentials} from './received.ts';
import {StewardService} from './stewards.ts';
import {duration} from './temporal.ts';
import {decorateResponse, hostWebFinger} from './well-known.ts';

export {PEER_TIERS, type PeerTier, type Peer} from './peers.ts';
export type {ImportInput, Import} from './imports.ts';
export type {ReceivedCredential} from './received.ts';

export interface FederationDependencies {
  config: Config;
  store: Store;
  vault: KeyVault;
  fetcher: Fetcher;
  resolver: DocumentResolver;
  verify: Verify;
  issuers: IssuerService;
  statusLists: StatusListService;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  urls: InstanceUrls;
  vetting: Vetting;
  policies: Policies;
}

export interface FederationService {
  readonly enabled: boolean;
  readonly peers: PeerService;
  readonly imports: ImportService;
  readonly stewards: StewardService;
  /** Answers a request that is federation's; null when it is not (the rest of the app serves it). */
  fetch(request: Request): Promise<Response | null>;
  /** Starts the queue workers (deliveries, inbox processing). */
  start(): void;
  close(): Promise<void>;
}

/** Logged, not thrown: federation problems must not take requests down with them. */
const log = (message: string) => console.error(`federation: ${message}`);

export async function openFederation(deps: FederationDependencies): Promise<FederationService> {
  const {store, config, urls} = deps;
  const peers = await PeerService.open(store, config.federation);
  const follows = await FollowRecords.open(store);
  const received = await ReceivedCredentials.open(store, deps.verify, () => deps.resolver);
  const sent = await SentActivities.open(store);
  const keys = await ActorKeys.open(store, deps.vault);
  const kv = await StoreKvStore.open(store);
  const loaders = new FederationLoaders({fetcher: deps.fetcher, allowHosts: config.fetchAllowHosts, isBlocked: (host) => peers.isBlocked(host)});
  const deliverer = new Deliverer({fetcher: deps.fetcher, loaders, onGone: async (inbox) => void (await follows.removeByInbox(inbox)), log});
  const queue = new StoreMessageQueue({queues: store.queues, vault: deps.vault, name: 'federation', route: (task) => (isOutboxTask(task) ? deliverer.route : null), onError: (error) => log(String((error as Error).stack ?? error))});
  const host = new URL(urls.base).host;

  const federation: Federation<void> = createFederation<void>({
    kv,
    queue,
    manuallyStartQueue: true,
    origin: urls.base,
    documentLoaderFactory: () => loaders.documentLoader,
    contextLoaderFactory: () => loaders.contextLoader,
    authenticatedDocumentLoaderFactory: (identity) => loaders.authenticated(identity),
    signatureTimeWindow: duration({minutes: 5}),
    firstKnock: 'draft-cavage-http-signatures-12',
    circuitBreaker: false,
  });
  const context = () => federation.createContext(new URL(urls.base), undefined);

  const stewards = new StewardService({
    context, follows, received, loaders, fetcher: deps.fetcher,
    communities: deps.vetting.communities, roles: deps.vetting.roles,
    isDevelopmentHost: (peerHost) => {
      const url = new URL(`http://${peerHost}/`);
      return isAllowedHost(config.fetchAllowHosts, url.hostname, Number(url.port || 80));
    },
  });
  const {evaluations} = deps.policies;
  const imports = await ImportService.open(store, {
    received,
    criteria: deps.vetting.criteria,
    roles: deps.vetting.roles,
    communities: deps.vetting.communities,
    follow: async (community, actor) => (await stewards.followAs(community, actor)).actor,
    reevaluate: (community) => evaluations.reevaluateCommunity(community),
  });
  evaluations.addReviewSource((community, release) => imports.facts(community, release));
  deps.vetting.packages.addSection({name: 'importedReviews', build: (target) => imports.forPackage(target.package).then((all) => all.filter((one) => target.version === null || one.purl === target.purl))});

  registerActors(federation, {communities: deps.vetting.communities, countCommunities: () => deps.vetting.communities.count(), issuers: deps.issuers, keys, urls, host});
  registerCollections(federation, {follows, sent, loaders});
  registerInbox(federation, {
    follows, peers, received, imports, loaders, log,
    communityExists: async (slug) => (await deps.vetting.communities.find(slug)) !== null,
    acceptFollow: async (community, followerId) => void (await stewards.answer(community, followerId, 'accept')),
    reevaluate: (community, packagePurl) => evaluations.reevaluatePackage(community, packagePurl),
  });

  const enabled = config.federation !== 'off';
  const publisher = new Publisher({context, communities: deps.vetting.communities, reviews: deps.vetting.reviews, urls, sent, loaders, statusListUrl: (slug, listId) => deps.statusLists.listUrl(slug, listId)});
  if (enabled) {
    deps.issuers.setAliases(async (slug) => ((await deps.vetting.communities.find(slug)) === null ? [] : [urls.communityPage(slug)]));
    deps.issuance.onIssued((record) => publisher.credentialIssued(record));
    deps.credentialStatus.onChange((record) => publisher.statusChanged(record));
    deps.vetting.events.on(async (event) => {
      if (event.type === 'review-standing-changed' && event.review.standing === 'retracted') await publisher.reviewRetracted(event.review);
    });
  }
  const identities = new IdentityStatements(deps.issuers);
  const controller = new AbortController();
  let worker: Promise<void> | null = null;
  const sweeper = setInterval(() => void kv.sweepExpired().catch((error: unknown) => log(`KV sweep failed: ${(error as Error).message}`)), 3_600_000);
  sweeper.unref();

  const off = () => new HallmarkError('not-found', 'federation is off on this instance (HALLMARK_FEDERATION=off)');
  const guard = <T extends object>(service: T): T => (enabled ? service : new Proxy(service, {get: (target, name) => (typeof Reflect.get(target, name) === 'function' ? () => Promise.reject(off()) : Reflect.get(target, name))}));

  return {
    enabled,
    peers: guard(peers),
    imports: guard(imports),
    stewards: guard(stewards),
    async fetch(request) {
      if (!enabled) return null;
      const url = new URL(request.url);
      const own = hostWebFinger(url, host, urls.base, INSTANCE_ACTOR);
      if (own !== null) return own;
      const pass = new Set<Response>();
      const passOn = () => {
        const response = new Response(null, {status: 404});
        pass.add(response);
        return response;
      };
      const response = await federation.fetch(request, {contextData: undefined, onNotFound: passOn, onNotAcceptable: passOn});
      if (pass.has(response)) return null;
      return decorateResponse(url, response, {urls, actorIdentity: (slug, actorId) => identities.forCommunity(slug, actorId)});
    },
    start() {
      if (!enabled || worker !== null) return;
      worker = federation.startQueue(undefined, {signal: controller.signal}).catch((error: unknown) => log(`queue stopped: ${(error as Error).message}`));
    },
    async close() {
      clearInterval(sweeper);
      controller.abort();
      await worker;
    },
  };
}
