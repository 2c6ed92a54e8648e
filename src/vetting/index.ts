import type {Store} from '../store/port.ts';
import type {KeyVault} from '../credentials/key-vault.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import type {IssuanceService} from '../credentials/issue.ts';
import type {CredentialStatusService} from '../credentials/credential-status.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {Fetcher} from '../net/fetcher.ts';
import {Jobs} from '../jobs/index.ts';
import {VettingEvents} from './events.ts';
import {AccountService} from './accounts.ts';
import {CommunityService} from './communities.ts';
import {RoleService} from './roles.ts';
import {CriteriaService} from './criteria.ts';
import {ReviewService} from './reviews.ts';
import {VettingService} from './vettings.ts';
import {PackageService} from './packages.ts';
import {ReviewRequestService} from './review-requests.ts';
import {CargoVetService} from './cargo-vet/index.ts';

/** The vetting services, wired; `Services.vetting` in the composition root. */
export interface Vetting {
  events: VettingEvents;
  jobs: Jobs;
  accounts: AccountService;
  communities: CommunityService;
  roles: RoleService;
  criteria: CriteriaService;
  reviews: ReviewService;
  vettings: VettingService;
  packages: PackageService;
  requests: ReviewRequestService;
  /** Audits imported from cargo-vet audits.toml files. */
  cargoVet: CargoVetService;
}

export interface VettingDependencies {
  store: Store;
  vault: KeyVault;
  issuers: IssuerService;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  records: CredentialRecords;
  urls: InstanceUrls;
  /** The hardened fetcher, for cargo-vet imports by URL. */
  fetcher?: Fetcher;
  /** Durable intents for changes that take several writes (default: one whose runner nobody starts, for tests). */
  jobs?: Jobs;
}

export async function openVetting(deps: VettingDependencies): Promise<Vetting> {
  const jobs = deps.jobs ?? new Jobs(deps.store.queues);
  const events = new VettingEvents();
  const accounts = await AccountService.open(deps.store, deps.vault, deps.issuers, events);
  const communities = await CommunityService.open(deps.store, deps.issuers, events);
  const roles = await RoleService.open(deps.store, accounts, communities, events, jobs);
  const criteria = await CriteriaService.open(deps.store, communities);
  const reviews = await ReviewService.open(deps.store, {
    accounts,
    communities,
    roles,
    criteria,
    issuance: deps.issuance,
    credentialStatus: deps.credentialStatus,
    records: deps.records,
    events,
    jobs,
    reviewUrl: (id) => deps.urls.review(id),
  });
  const vettings = await VettingService.open(deps.store, reviews, roles, accounts, communities, events);
  const cargoVet = await CargoVetService.open(deps.store, {communities, roles, criteria, events, reviews, accounts, urls: deps.urls, ...(deps.fetcher ? {fetcher: deps.fetcher} : {})});
  const packages = new PackageService(reviews, vettings, cargoVet);
  const requests = await ReviewRequestService.open(deps.store, {communities, reviews, events});
  // Closes what a crash between a review and its request's close left open.
  await requests.resume();
  return {events, jobs, accounts, communities, roles, criteria, reviews, vettings, packages, cargoVet, requests};
}
