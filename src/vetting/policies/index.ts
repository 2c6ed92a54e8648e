import type {Store} from '../../store/port.ts';
import type {IssuanceService} from '../../credentials/issue.ts';
import type {CredentialStatusService} from '../../credentials/credential-status.ts';
import type {InstanceUrls} from '../../credentials/instance-urls.ts';
import type {Vetting} from '../index.ts';
import {PolicyService} from './policies.ts';
import {EvidenceService} from '../evidence/evidence.ts';
import {PackageBadgeService} from '../package-badges.ts';
import {EvaluationService} from '../evaluations.ts';
import {Sweeper} from '../sweep.ts';

/** Policies, evidence, evaluations and package badges, wired; `Services.policies` in the composition root. */
export interface Policies {
  policies: PolicyService;
  evidence: EvidenceService;
  badges: PackageBadgeService;
  evaluations: EvaluationService;
  sweeper: Sweeper;
}

export interface PoliciesDependencies {
  store: Store;
  vetting: Vetting;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  urls: InstanceUrls;
  /** Seconds between sweeps of time-based rules; 0 disables. */
  sweepIntervalSeconds: number;
}

/** Opens the policy services, subscribes re-evaluation to vetting events, adds the package-view sections and starts the sweep. */
export async function openPolicies(deps: PoliciesDependencies): Promise<Policies> {
  const {store, vetting, urls} = deps;
  const policies = await PolicyService.open(store, vetting, urls);
  const evidence = await EvidenceService.open(store, vetting, vetting.events);
  const badges = await PackageBadgeService.open(store, deps.issuance, deps.credentialStatus, urls);
  const evaluations = await EvaluationService.open(store, vetting, policies, evidence, badges, vetting.jobs);
  vetting.events.on((event) => evaluations.onEvent(event));
  vetting.packages.addSection({name: 'badges', build: (target) => badges.forPackage(target.package).then((all) => all.filter((badge) => target.version === null || badge.purl === target.purl))});
  vetting.packages.addSection({name: 'evaluations', build: (target) => evaluations.forPackage(target.package).then((all) => all.filter((run) => target.version === null || run.purl === target.purl))});
  vetting.packages.addSection({name: 'evidence', build: (target) => (target.version === null ? evidence.forPackage(target.package) : evidence.forRelease(target.purl, null))});
  const sweeper = new Sweeper(deps.sweepIntervalSeconds, () => evaluations.sweep());
  sweeper.start();
  return {policies, evidence, badges, evaluations, sweeper};
}
