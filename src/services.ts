import type {Config} from './config.ts';
import type {Store} from './store/port.ts';
import type {DocumentResolver} from './credentials/documents.ts';
import type {IssuerService} from './credentials/issuers.ts';
import type {StatusListService} from './credentials/status-lists.ts';
import type {CredentialRecords} from './credentials/credential-records.ts';
import type {IssuanceService} from './credentials/issue.ts';
import type {CredentialStatusService} from './credentials/credential-status.ts';
import type {Verify} from './credentials/verify/index.ts';
import type {PresentationReport} from './credentials/verify/presentation.ts';
import type {SbomCheckService} from './vetting/sbom-check.ts';
import type {TokenService} from './auth/tokens.ts';
import type {Auth} from './auth/index.ts';
import type {DirectoryIndex} from './directory/search-index.ts';
import type {EndorsementService} from './credentials/endorsements.ts';
import type {BundleService} from './credentials/bundles.ts';
import type {Vetting} from './vetting/index.ts';
import type {ReviewerRanking} from './vetting/reviewers.ts';
import type {MilestoneService} from './vetting/milestones.ts';
import type {Inspector} from './inspect/index.ts';
import type {BakedCredentials} from './credentials/baking/index.ts';
import type {Policies} from './vetting/policies/index.ts';
import type {BadgeService} from './badges/badges.ts';
import type {PackageBadgeImages} from './badges/package-badge-images.ts';
import type {InstanceUrls} from './credentials/instance-urls.ts';
import type {VerificationPool} from './credentials/verify-pool/pool.ts';
import type {FederationService} from './federation/index.ts';
import type {NpmRegistryService} from './registry/index.ts';
import type {RateLimits} from './limits/index.ts';
import type {Logger} from './observe/log.ts';
import type {Metrics} from './observe/metrics.ts';
import type {OAuthService} from './oauth/index.ts';
import type {HolderCredentials, KeptCredentials} from './backpack/index.ts';

/** What /readyz reports: each check by name, true when it holds. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
}

/** Everything the HTTP edge and the CLI call: plain services, no Express. */
export interface Services {
  config: Config;
  store: Store;
  issuers: IssuerService;
  statusLists: StatusListService;
  records: CredentialRecords;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  tokens: TokenService;
  /** Browser sign-in: passwords, sessions, form tokens, invitations. */
  auth: Auth;
  /** The OAuth 2.0 authorization server for the Open Badges 3.0 API, consent and connected apps. */
  oauth: OAuthService;
  /** What the Open Badges API serves a person (holder), and what backpacks keep here (kept). */
  backpack: {holder: HolderCredentials; kept: KeptCredentials};
  /** Full-text search over communities, packages and reviewers (the store's search index). */
  directory: DirectoryIndex;
  resolver: DocumentResolver;
  verify: Verify;
  /** VC-API presentations: the holder's proof and each credential through verify(). */
  verifyPresentation(input: unknown, options?: {challenge?: string; domain?: string}): Promise<PresentationReport>;
  endorsements: EndorsementService;
  /** Self-contained verification bundles of our credentials (GET /credentials/{id}/bundle). */
  bundles: BundleService;
  vetting: Vetting;
  reviewers: ReviewerRanking;
  milestones: MilestoneService;
  /** "Verify anything": finds credentials in a URL, text or file and verifies each with verify(). */
  inspector: Inspector;
  /** This instance's credentials baked into PNG and SVG badge images. */
  baked: BakedCredentials;
  /** Whether every package an SBOM lists holds a verifying badge under named policies. */
  sbomCheck: SbomCheckService;
  /** verify() on worker threads, for batches (the SBOM check); HALLMARK_VERIFY_WORKERS sizes it. */
  verifyPool: VerificationPool;
  policies: Policies;
  badges: BadgeService;
  urls: InstanceUrls;
  /** README badges of packages under a community (latest evaluated version). */
  packageBadgeImages: PackageBadgeImages;
  /** ActivityPub through Fedify: actors, inboxes, follows, imports, peers (HALLMARK_FEDERATION). */
  federation: FederationService;
  /** The policy-filtered npm registry (HALLMARK_NPM_UPSTREAM). */
  registry: NpmRegistryService;
  /** Rate limits whose counts every process on the store shares (src/limits/index.ts). */
  limits: RateLimits;
  /** Structured JSON logger (src/observe/log.ts); requests log through req.log. */
  log: Logger;
  metrics: Metrics;
  /** Store open, keys open, workers ready, not shutting down. */
  readiness(): Promise<Readiness>;
}
