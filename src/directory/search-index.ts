/**
 * The directory's full-text index: communities, packages and reviewers, kept
 * in the store's search index (search port). Entries are derived data: each is
 * rebuilt from the records it describes whenever they change (vetting events,
 * new communities, badge changes), and the whole index is rebuilt when the
 * instance starts, so an update a crash (or a failed write) lost is caught up.
 */
import type {SearchEntry, SearchIndex, Store} from '../store/port.ts';
import type {Vetting} from '../vetting/index.ts';
import type {PackageBadgeService} from '../vetting/package-badges.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {Community} from '../vetting/model.ts';
import {displayName, parsePurl} from '../purl.ts';

export const DIRECTORY_TYPES = ['community', 'package', 'reviewer'] as const;
export type DirectoryType = typeof DIRECTORY_TYPES[number];

export interface DirectoryHit {
  type: DirectoryType;
  title: string;
  /** Our page for it (a local path). */
  path: string;
  summary: string;
  data: Record<string, unknown>;
}

export interface DirectoryDependencies {
  vetting: Vetting;
  badges: PackageBadgeService;
  urls: InstanceUrls;
}

const localPath = (url: string): string => new URL(url).pathname;

export class DirectoryIndex {
  readonly #index: SearchIndex;
  readonly #deps: DirectoryDependencies;
  #rebuilding: Promise<number> | null = null;

  private constructor(index: SearchIndex, deps: DirectoryDependencies) {
    this.#index = index;
    this.#deps = deps;
  }

  /** Opens the index, rebuilds it from the records, and follows their changes. */
  static async open(store: Store, deps: DirectoryDependencies): Promise<DirectoryIndex> {
    const directory = new DirectoryIndex(await store.searchIndex('directory'), deps);
    await directory.rebuild();
    const {vetting, badges} = deps;
    vetting.events.on(async (event) => {
      if (event.type === 'review-submitted' || event.type === 'review-standing-changed') {
        await directory.#guard(() => directory.reindexPackage(event.review.package));
        await directory.#guard(() => directory.reindexReviewer(event.review.reviewer));
      } else if (event.type === 'role-changed') {
        await directory.#guard(() => directory.reindexReviewer(event.grant.handle));
      } else if (event.type === 'membership-changed') {
        await directory.#guard(() => directory.reindexReviewer(event.account.handle));
      }
    });
    vetting.communities.onChange((community) => directory.#guard(() => directory.#putCommunity(community)));
    badges.onChange((badge) => directory.#guard(() => directory.reindexPackage(badge.package)));
    return directory;
  }

  async search(query: string, options: {type?: DirectoryType; limit: number; offset: number}): Promise<{total: number; hits: DirectoryHit[]}> {
    const found = await this.#index.search(query, options);
    return {total: found.total, hits: found.hits.map((entry) => ({type: entry.type as DirectoryType, title: entry.title, path: String(entry.data.path), summary: String(entry.data.summary ?? ''), data: entry.data}))};
  }

  /** Re-derives every entry from the records; returns how many entries it wrote. */
  async rebuild(): Promise<number> {
    this.#rebuilding ??= (async () => {
      try {
        const {vetting, badges} = this.#deps;
        let written = 0;
        for (const community of await vetting.communities.list()) {
          await this.#putCommunity(community);
          written++;
        }
        const packages = new Set([...(await vetting.reviews.packages()), ...(await badges.packages())]);
        for (const pkg of packages) written += (await this.reindexPackage(pkg)) ? 1 : 0;
        for (const account of await vetting.accounts.list()) written += (await this.reindexReviewer(account.handle)) ? 1 : 0;
        return written;
      } finally {
        this.#rebuilding = null;
      }
    })();
    return this.#rebuilding;
  }

  async reindexCommunity(slug: string): Promise<void> {
    const community = await this.#deps.vetting.communities.find(slug);
    if (community) await this.#putCommunity(community);
    else await this.#index.remove(`community:${slug}`);
  }

  async #putCommunity(community: Community): Promise<void> {
    const summary = community.description || `A community that vets ${community.ecosystems.length > 0 ? community.ecosystems.join(', ') : 'software'} releases.`;
    await this.#index.put({
      id: `community:${community.slug}`,
      type: 'community',
      title: community.name,
      text: [community.slug, community.description, community.ecosystems.join(' '), community.guidance.text ?? ''].join('\n'),
      data: {path: localPath(this.#deps.urls.communityPage(community.slug)), summary: summary.slice(0, 200), slug: community.slug, ecosystems: community.ecosystems, membership: community.membership},
    });
  }

  /** A package with reviews or badges; returns whether it has an entry. */
  async reindexPackage(pkg: string): Promise<boolean> {
    const {vetting, badges, urls} = this.#deps;
    const [reviews, awarded] = await Promise.all([vetting.reviews.reviewsForPackage(null, pkg), badges.forPackage(pkg)]);
    const id = `package:${pkg}`;
    const shownReviews = reviews.filter((review) => review.standing !== 'retracted');
    const liveBadges = awarded.filter((badge) => badge.credentialId !== null && badge.state === 'active');
    if (shownReviews.length === 0 && awarded.length === 0) {
      await this.#index.remove(id);
      return false;
    }
    const communities = [...new Set([...shownReviews.map((review) => review.community), ...awarded.map((badge) => badge.community)])].sort();
    const versions = [...new Set([...shownReviews.map((review) => review.purl), ...awarded.map((badge) => badge.purl)].map((purl) => parsePurl(purl).version).filter((version) => version !== null))];
    const name = displayName(pkg);
    const entry: SearchEntry = {
      id,
      type: 'package',
      title: name,
      text: [pkg, parsePurl(pkg).type, versions.join(' '), communities.join(' '), [...new Set(awarded.map((badge) => badge.policy))].join(' ')].join('\n'),
      data: {
        path: localPath(urls.packagePage(pkg)), purl: pkg, ecosystem: parsePurl(pkg).type, name, communities,
        badges: liveBadges.length, reviews: shownReviews.length,
        summary: `${liveBadges.length} valid badge${liveBadges.length === 1 ? '' : 's'} and ${shownReviews.length} review${shownReviews.length === 1 ? '' : 's'} in ${communities.join(', ')}`,
      },
    };
    await this.#index.put(entry);
    return true;
  }

  /** A person with a role or a review; returns whether they have an entry. */
  async reindexReviewer(handle: string): Promise<boolean> {
    const {vetting, urls} = this.#deps;
    const account = await vetting.accounts.find(handle);
    const id = `reviewer:${handle}`;
    const [roles, reviews] = account?.kind === 'person' ? await Promise.all([vetting.roles.rolesOf(handle), vetting.reviews.reviewsByReviewer(handle)]) : [[], []];
    if (!account || (roles.length === 0 && reviews.length === 0)) {
      await this.#index.remove(id);
      return false;
    }
    const accepted = reviews.filter((review) => review.standing === 'accepted').length;
    const roleText = roles.map(({community, role}) => `${role} of ${community}`);
    await this.#index.put({
      id,
      type: 'reviewer',
      title: account.name,
      text: [handle, account.organisationConfirmed && account.organisation ? account.organisation : '', roleText.join('\n')].join('\n'),
      data: {path: localPath(urls.reviewerPage(handle)), handle, roles, acceptedReviews: accepted, summary: [roleText.join(', '), `${accepted} accepted review${accepted === 1 ? '' : 's'}`].filter(Boolean).join(' · ')},
    });
    return true;
  }

  /** A failed index write is logged and caught up by a rebuild: the change itself is already stored. */
  async #guard(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      console.error('directory index update failed; rebuilding:', error);
      void this.rebuild().catch((failure: unknown) => console.error('directory index rebuild failed:', failure));
    }
  }
}
