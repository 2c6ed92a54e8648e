import type {Policies} from '../vetting/policies/index.ts';
import type {CommunityService} from '../vetting/communities.ts';
import type {PackageBadge} from '../vetting/package-badges.ts';
import {parsePurl, withVersion} from '../purl.ts';
import {compareVersions} from '../vetting/vers.ts';
import {HallmarkError} from '../errors.ts';
import type {BadgeService, BadgeResponse} from './badges.ts';
import type {BadgeStatus} from './badge-status.ts';

export interface CurrentPackageBadge {
  badge: PackageBadge;
  credentialId: string;
  status: BadgeStatus;
}

/** Order among badges for one version: the one that says most about the release now. */
const STATE_RANK: Record<PackageBadge['state'], number> = {active: 0, suspended: 1, 'revoked-by-violation': 2, issuing: 3};

/**
 * The README badge of a package under a community: its latest evaluated
 * version's badge, with the same live status as /badges/{id}.svg.
 */
export class PackageBadgeImages {
  readonly #badges: BadgeService;
  readonly #communities: CommunityService;
  readonly #policies: Policies;

  constructor(badges: BadgeService, communities: CommunityService, policies: Policies) {
    this.#badges = badges;
    this.#communities = communities;
    this.#policies = policies;
  }

  /** Never throws for bad input: an unknown community or malformed purl is a 'not found' badge. */
  async image(community: string, purlText: string): Promise<BadgeResponse> {
    const target = await this.#target(community, purlText);
    if (!target) return this.#badges.render({state: 'not-found', label: null, uuid: null});
    const {current} = await this.latest(community, target);
    if (!current) return this.#badges.render({state: 'not-vetted', label: community, uuid: null});
    return this.#badges.render(current.status);
  }

  /**
   * The release a package's README badge speaks for under a community — its
   * latest evaluated version — and that release's badge with its live status
   * (null when it has none); release is null when nothing was evaluated yet.
   */
  async latest(community: string, target: {package: string; type: string}): Promise<{release: string | null; current: CurrentPackageBadge | null}> {
    const [badges, evaluations] = await Promise.all([this.#policies.badges.forPackage(target.package), this.#policies.evaluations.forPackage(target.package)]);
    const versionOf = (purl: string) => parsePurl(purl).version ?? '';
    // The latest version any policy of the community has looked at: a failed newer release is not vetted, whatever an older one earned.
    const versions = [...evaluations, ...badges].filter((item) => item.community === community).map((item) => versionOf(item.purl));
    const newest = versions.sort((a, b) => compareVersions(target.type, b, a))[0];
    if (newest === undefined) return {release: null, current: null};
    const release = withVersion(target.package, newest);
    const latest = badges
      .filter((badge) => badge.community === community && badge.state !== 'issuing' && badge.credentialId !== null && versionOf(badge.purl) === newest)
      .sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state])[0];
    if (!latest?.credentialId) return {release, current: null};
    const live = await this.#badges.status(latest.credentialId);
    // A violation pins the badge's suspension for good: for a reader that is a revocation.
    const state = latest.state === 'revoked-by-violation' && live.state !== 'not-found' ? 'revoked' : live.state;
    return {release, current: {badge: latest, credentialId: latest.credentialId, status: {...live, state}}};
  }

  /** The package a badge URL names under an existing community; null for an unknown community or a malformed purl. */
  async target(community: string, purlText: string): Promise<{package: string; type: string} | null> {
    return this.#target(community, purlText);
  }

  async #target(community: string, purlText: string): Promise<{package: string; type: string} | null> {
    try {
      if (!(await this.#communities.find(community))) return null;
      const parsed = parsePurl(purlText);
      return {package: parsed.package, type: parsed.type};
    } catch (error) {
      if (error instanceof HallmarkError && error.kind === 'invalid-input') return null;
      throw error;
    }
  }
}
