/**
 * Federation, wired. The records and services here (peers, follows,
 * received credentials, imports, the stewards' service) are light; the
 * Fedify part (core.ts) is imported on first need: a request for a
 * federation path, an announcement to a community that has followers, a
 * follow, or queued work found at start-up.
 */
import type {Config} from '../config.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {CredentialRecord, CredentialRecords} from '../credentials/credential-records.ts';
import type {DocumentResolver} from '../credentials/documents.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import type {KeyVault} from '../credentials/key-vault.ts';
import type {StatusListService} from '../credentials/status-lists.ts';
import type {Verify} from '../credentials/verify/index.ts';
import {HallmarkError} from '../errors.ts';
import type {Fetcher} from '../net/fetcher.ts';
import type {Store} from '../store/port.ts';
import type {Vetting} from '../vetting/index.ts';
import type {Policies} from '../vetting/policies/index.ts';
import type {FederationCore} from './core.ts';
import {FollowRecords} from './follows.ts';
import {ImportService} from './imports.ts';
import {PeerService} from './peers.ts';
import {FEDERATION_QUEUE} from './queue.ts';
import {ReceivedCredentials} from './received.ts';
import {SentActivities} from './sent.ts';
import {StewardService} from './stewards.ts';
import {StatusAnnouncements} from './announcements.ts';

export {PEER_TIERS, type PeerTier, type Peer} from './peers.ts';
export type {ImportInput, Import} from './imports.ts';
export type {ReceivedCredential} from './received.ts';

const ISSUED_JOB = 'federation-credential-issued';

export interface FederationDependencies {
  config: Config;
  store: Store;
  vault: KeyVault;
  fetcher: Fetcher;
  resolver: DocumentResolver;
  verify: Verify;
  issuers: IssuerService;
  statusLists: StatusListService;
  records: CredentialRecords;
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
  /** Starts the queue workers now if work is waiting (after a restart); otherwise they start with the core. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Logged, not thrown: federation problems must not take requests down with them. */
const log = (message: string) => console.error(`federation: ${message}`);

export async function openFederation(deps: FederationDependencies): Promise<FederationService> {
  const {store, config, urls} = deps;
  const enabled = config.federation !== 'off';
  const peers = await PeerService.open(store, config.federation);
  const follows = await FollowRecords.open(store);
  const received = await ReceivedCredentials.open(store, deps.verify, () => deps.resolver);
  const sent = await SentActivities.open(store);
  const controller = new AbortController();
  let worker: Promise<void> | null = null;
  let loading: Promise<FederationCore> | null = null;

  const core = (): Promise<FederationCore> => {
    if (!enabled) return Promise.reject(off());
    loading ??= import('./core.ts').then(async ({createCore}) => {
      const created = await createCore(deps, {peers, follows, received, imports, sent, stewards, log});
      // Whatever loads the core may queue work: the workers run from then on.
      worker = created.startQueue(controller.signal).catch((error: unknown) => log(`queue stopped: ${(error as Error).message}`));
      return created;
    });
    return loading;
  };

  const stewards = new StewardService({follows, received, communities: deps.vetting.communities, messaging: async () => (await core()).messaging});
  const {evaluations} = deps.policies;
  const imports = await ImportService.open(store, {
    received,
    criteria: deps.vetting.criteria,
    communities: deps.vetting.communities,
    follow: async (community, actor) => (await stewards.followAs(community, actor)).actor,
    reevaluate: (community) => evaluations.reevaluateCommunity(community),
  });
  evaluations.addReviewSource((community, release) => imports.facts(community, release));
  deps.vetting.packages.addSection({name: 'importedReviews', build: (target) => imports.forPackage(target.package).then((all) => all.filter((one) => target.version === null || one.purl === target.purl))});

  const announcements = new StatusAnnouncements({
    queues: store.queues, records: deps.records, status: deps.credentialStatus, log,
    announce: async (record) => {
      if ((await follows.followers(record.issuerSlug, 'accepted')).length === 0) return;
      await (await core()).publisher.statusChanged(record);
    },
  });
  if (enabled) {
    announcements.start();
    deps.issuers.setAliases(async (slug) => ((await deps.vetting.communities.find(slug)) === null ? [] : [urls.communityPage(slug)]));
    /** Announcing costs nothing for a community nobody follows. */
    const announce = async (record: CredentialRecord, what: (core: FederationCore) => Promise<void>) => {
      if ((await follows.followers(record.issuerSlug, 'accepted')).length === 0) return;
      await what(await core());
    };
    // Durable (src/jobs): the intent to announce is recorded before the credential is stored, and finished after.
    deps.vetting.jobs.define<{uuid: string}>(ISSUED_JOB, async ({uuid}) => {
      const record = await deps.records.find(uuid);
      // Not stored: the issuance was refused after its intent, so there is nothing to announce.
      if (record) await announce(record, (loaded) => loaded.publisher.credentialIssued(record));
    });
    deps.issuance.beforeIssued(async (record) => void (await deps.vetting.jobs.record(ISSUED_JOB, {uuid: record.id}, record.id)));
    deps.issuance.onIssued((record) => deps.vetting.jobs.perform(ISSUED_JOB, {uuid: record.id}, record.id));
    // Recorded before the write, announced once the write shows: a crash in between is finished after the restart.
    deps.credentialStatus.beforeChange((record, before) => announcements.intend(record, before));
    deps.credentialStatus.onChange(async () => announcements.wake());
    deps.vetting.events.on(async (event) => {
      if (event.type !== 'review-standing-changed' || event.review.standing !== 'retracted') return;
      if ((await follows.followers(event.review.community, 'accepted')).length === 0) return;
      await (await core()).publisher.reviewRetracted(event.review);
    });
  }
  const sweeper = setInterval(() => {
    if (loading !== null) void loading.then((loaded) => loaded.sweepKv()).catch((error: unknown) => log(`KV sweep failed: ${(error as Error).message}`));
  }, 3_600_000);
  sweeper.unref();

  const guard = <T extends object>(service: T): T => (enabled ? service : new Proxy(service, {get: (target, name) => (typeof Reflect.get(target, name) === 'function' ? () => Promise.reject(off()) : Reflect.get(target, name))}));

  return {
    enabled,
    peers: guard(peers),
    imports: guard(imports),
    stewards: guard(stewards),
    async fetch(request) {
      if (!enabled) return null;
      return (await core()).fetch(request);
    },
    async start() {
      if (!enabled || loading !== null) return;
      // Work queued before a restart (deliveries, inbox tasks) is resumed now; otherwise the core waits for its first use.
      // Leased as of the far future, so that retries scheduled for later count too; released due now.
      const waiting = await store.queues.lease(FEDERATION_QUEUE, 1, new Date(8.64e15 - 1));
      if (waiting !== null) {
        await store.queues.release(waiting, new Date());
        await core();
      }
    },
    async close() {
      clearInterval(sweeper);
      await announcements.stop();
      controller.abort();
      if (loading !== null) await loading.catch(() => undefined);
      await worker;
    },
  };
}

function off(): HallmarkError {
  return new HallmarkError('not-found', 'federation is off on this instance (HALLMARK_FEDERATION=off)');
}
