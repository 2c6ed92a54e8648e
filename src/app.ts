import type {Express} from 'express';
import type {Config} from './config.ts';
import {loadMasterSecret} from './secrets.ts';
import {openStore} from './store/open.ts';
import type {Store} from './store/port.ts';
import {Fetcher} from './net/fetcher.ts';
import {FetcherDocumentSource} from './credentials/fetched-documents.ts';
import {DocumentResolver, VERIFICATION_BUDGET} from './credentials/documents.ts';
import {KeyVault} from './credentials/key-vault.ts';
import {InstanceUrls} from './credentials/instance-urls.ts';
import {IssuerService} from './credentials/issuers.ts';
import {StatusListService} from './credentials/status-lists.ts';
import {CredentialRecords} from './credentials/credential-records.ts';
import {IssuanceService} from './credentials/issue.ts';
import {CredentialStatusService} from './credentials/credential-status.ts';
import {LocalDocumentSource} from './credentials/local-documents.ts';
import {VerificationPool} from './credentials/verify-pool/pool.ts';
import {verify, type Verify} from './credentials/verify/index.ts';
import {BundleService} from './credentials/bundles.ts';
import {verifyPresentation} from './credentials/verify/presentation.ts';
import {TokenService} from './auth/tokens.ts';
import {EndorsementService} from './credentials/endorsements.ts';
import {createApp} from './http/app.ts';
import {openVetting} from './vetting/index.ts';
import {ReviewerRanking} from './vetting/reviewers.ts';
import {MilestoneService} from './vetting/milestones.ts';
import {Inspector} from './inspect/index.ts';
import {BakedCredentials} from './credentials/baking/index.ts';
import {SbomCheckService} from './vetting/sbom-check.ts';
import {openPolicies} from './vetting/policies/index.ts';
import {BadgeService} from './badges/badges.ts';
import {PackageBadgeImages} from './badges/package-badge-images.ts';
import {openFederation} from './federation/index.ts';
import type {Services} from './services.ts';
import {renderLocalPage} from './pages/public-pages.ts';
import {NpmRegistryService, NpmUpstream} from './registry/index.ts';
import {checkInstance, instanceProbe} from './instance/index.ts';
import {createLogger, type Logger} from './observe/log.ts';
import {Metrics} from './observe/metrics.ts';
import type {VerificationReport} from './credentials/report.ts';
import {openAuth} from './auth/index.ts';
import {DirectoryIndex} from './directory/search-index.ts';
import {RateLimits} from './limits/index.ts';
import {Jobs} from './jobs/index.ts';
import {OAuthService} from './oauth/index.ts';
import {HolderCredentials, KeptCredentials} from './backpack/index.ts';
import {layout} from './pages/layout.ts';
import {errorPage} from './pages/error-page.ts';

export interface Hallmark {
  services: Services;
  app: Express;
  /** Set when this start generated the admin token; shown once, stored only hashed. */
  generatedAdminToken: string | null;
  /** Admin tokens this start revoked because HALLMARK_ADMIN_TOKEN replaced them. */
  revokedAdminTokens: number;
  /** While nobody can sign in yet: the secret of a fresh invitation (with the right to found communities) to show the operator once. */
  wayIn: string | null;
  /** Marks the instance as going away: /readyz answers 503 from now on. */
  beginShutdown(): void;
  /** Stops background work (sweeps, workers) and closes the store; safe to call twice. */
  close(): Promise<void>;
}

export interface HallmarkOptions {
  /** Where logs go (default stdout at HALLMARK_LOG_LEVEL); tests pass their own. */
  log?: Logger;
}

/** The composition root: config → store → services → Express app. */
export async function createHallmark(config: Config, options: HallmarkOptions = {}): Promise<Hallmark> {
  const store = await openStore(config.databaseUrl, config.dataDir);
  try {
    const log = options.log ?? createLogger(config.logLevel);
    const metrics = new Metrics({queueDepths: () => store.queues.depths()});
    const counted = (report: VerificationReport) => {
      metrics.verifications.inc({status: report.status});
      return report;
    };
    const masterSecret = loadMasterSecret(config.dataDir, config.secret, {secretFile: config.secretFile, production: config.production});
    const vault = new KeyVault(masterSecret);
    const urls = new InstanceUrls(config.publicUrl);
    const issuers = await IssuerService.open(store, vault, urls);
    const statusLists = await StatusListService.open(store, issuers, urls);
    const records = await CredentialRecords.open(store, urls);
    const fetcher = new Fetcher({allowHosts: config.fetchAllowHosts});
    const fetched = new FetcherDocumentSource(fetcher);
    const issuance = await IssuanceService.open(store, issuers, statusLists, records, (url) => fetched.bytes(url));
    const instance = await checkInstance(store, vault, config.publicUrl, instanceProbe(issuers, records));
    const tokens = await TokenService.open(store);
    const admin = await tokens.bootstrapAdmin(config.adminToken);
    const localDocuments = new LocalDocumentSource(urls, issuers, statusLists);
    const resolver = new DocumentResolver([localDocuments, fetched]);
    const credentialStatus = new CredentialStatusService(records, statusLists);
    // Multi-write changes record their intent here first; the runner resumes what a crash interrupted.
    const jobs = new Jobs(store.queues, {log: (message) => log.warn(message)});
    const vetting = await openVetting({store, vault, issuers, issuance, credentialStatus, records, urls, fetcher, jobs});
    const endorsements = await EndorsementService.open(store, {
      issuance,
      issuers,
      urls,
      verify: (input) => verify(input, {resolver: resolver.withBudget(VERIFICATION_BUDGET), endorsements: false}),
      subjectAliases: (ids) => vetting.accounts.subjectAliases(ids, {of: (handle) => urls.reviewerPage(handle), handleOf: (url) => urls.reviewerHandleOfPage(url)}),
    });
    const auth = await openAuth(store, masterSecret, vetting, config.publicUrl);
    const oauth = await OAuthService.open({
      store, vault, masterSecret, publicUrl: config.publicUrl, behindProxy: config.trustProxy !== false,
      accountExists: async (handle) => (await vetting.accounts.find(handle)) !== null,
      errorPage: (out, status) => layout({title: 'Error', description: out.error}, errorPage(status, out.error_description ?? out.error)),
    });
    const reviewers = new ReviewerRanking(vetting);
    const milestones = await MilestoneService.open(store, {...vetting, issuance, credentialStatus, records, urls});
    const verifyCredential: Verify = async (input, options = {}) =>
      counted(await verify(input, {resolver: resolver.withBudget(VERIFICATION_BUDGET), endorsements: {source: endorsements, trusted: config.trustedEndorsers}, recipient: options.recipient}));
    const kept = await KeptCredentials.open(store, (input) => verifyCredential(input));
    const holder = new HolderCredentials({vetting, milestones, kept, urls});
    const policies = await openPolicies({store, vetting, issuance, credentialStatus, urls, sweepIntervalSeconds: config.sweepIntervalSeconds});
    // Imports a crash interrupted finish now that re-evaluation listens to what they change.
    await vetting.cargoVet.resume();
    const badges = new BadgeService(records, statusLists, urls);
    const packageBadgeImages = new PackageBadgeImages(badges, vetting.communities, policies);
    const inspector = new Inspector({
      verify: verifyCredential,
      fetcher,
      // Our own credentials and pages are read here, never fetched from ourselves; `services` is complete by the time an inspection runs.
      local: {
        urls,
        credential: async (uuid) => (await records.find(uuid))?.credential ?? null,
        page: (url) => renderLocalPage(services, url),
        packageBadge: async (community, purl) => {
          const target = await packageBadgeImages.target(community, purl);
          const current = target ? (await packageBadgeImages.latest(community, target)).current : null;
          return current ? urls.credentialUuid(current.credentialId) : null;
        },
      },
    });
    const directory = await DirectoryIndex.open(store, {vetting, badges: policies.badges, urls});
    const verifyPool = new VerificationPool(resolver, config.verifyWorkers);
    const sbomCheck = new SbomCheckService(policies.badges, records, async (input) => counted(await verifyPool.verify(input)), (community, name) => policies.policies.get(community, name));
    const registry = new NpmRegistryService({
      upstream: new NpmUpstream(config.npmUpstream),
      check: sbomCheck,
      badges: policies.badges,
      onStatusChange: (listener) => statusLists.onChange(listener),
      registryUrl: (community, policy) => `${urls.base}/registry/npm/${community}/${policy}`,
    });
    const federation = await openFederation({
      config, store, vault, fetcher, resolver, issuers, statusLists, records, issuance, credentialStatus, urls, vetting, policies,
      // What peers send is judged like anything else, without the endorsement lookups a page shows.
      verify: (input) => verify(input, {resolver: resolver.withBudget(VERIFICATION_BUDGET), endorsements: false}),
    });
    const services: Services = {
      config,
      store,
      issuers,
      statusLists,
      records,
      issuance,
      credentialStatus,
      tokens,
      auth,
      oauth,
      backpack: {holder, kept},
      directory,
      resolver,
      verify: verifyCredential,
      // The holder's key gets a budget of its own; each credential gets one as verifyCredential opens it.
      verifyPresentation: (input, options = {}) => verifyPresentation(input, {...options, resolver: resolver.withBudget(VERIFICATION_BUDGET), verifyCredential}),
      endorsements,
      bundles: new BundleService({records, documents: localDocuments, endorsements}),
      vetting,
      reviewers,
      milestones,
      inspector,
      baked: new BakedCredentials(records),
      policies,
      // A dependency check asks only whether each badge holds now; endorsements would cost store reads per package for nothing.
      sbomCheck,
      verifyPool,
      badges,
      urls,
      packageBadgeImages,
      registry,
      federation,
      limits: new RateLimits(store, config.rateLimits, (name) => metrics.limited.inc({limit: name})),
      log,
      metrics,
      readiness: async () => {
        const checks = {
          store: await store.ping().then(() => true, () => false),
          keys: instance.keysOpen(),
          workers: verifyPool.stats().ready === verifyPool.stats().workers || config.verifyWorkers === 0,
          accepting: !shuttingDown,
        };
        return {ready: Object.values(checks).every(Boolean), checks};
      },
    };
    statusLists.onPublish(() => metrics.statusListPublications.inc());
    // Edits a crash interrupted are followed through once every service listens.
    await vetting.communities.resumePending();
    await vetting.accounts.resumeIssuers({tokens, sessions: auth.sessions});
    await federation.start();
    jobs.start();
    const wayIn = await auth.invitations.wayIn();
    let shuttingDown = false;
    let closing: Promise<void> | null = null;
    return {
      services,
      app: createApp(services),
      generatedAdminToken: admin.generated,
      revokedAdminTokens: admin.revoked,
      wayIn,
      beginShutdown() {
        shuttingDown = true;
      },
      close() {
        shuttingDown = true;
        closing ??= (async () => {
          await jobs.stop();
          await federation.close();
          await policies.sweeper.stop();
          await verifyPool.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
