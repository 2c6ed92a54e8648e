import type {ReviewService} from './reviews.ts';
import type {VettingService} from './vettings.ts';
import {parsePurl, type ParsedPurl} from '../purl.ts';
import type {Review, Vetting} from './model.ts';

/** A review as the packages view shows it: with its vettings and, once accepted, its signed credential. */
export interface PackageReview {
  review: Review;
  vettings: Vetting[];
  credential: Record<string, unknown> | null;
}

/**
 * One named part of GET /packages/{purl}. Other features (policy badges,
 * evaluations) register providers here instead of this module knowing them.
 */
export interface PackageSectionProvider {
  /** The key the section appears under in the view; must not be one of the view's own keys. */
  name: string;
  build(target: ParsedPurl): Promise<unknown>;
}

export interface PackageView {
  purl: string;
  package: string;
  version: string | null;
  reviews: PackageReview[];
  [section: string]: unknown;
}

const OWN_KEYS = new Set(['purl', 'package', 'version', 'reviews']);

/** Everything this instance knows about a package (or one release of it), across communities. */
export class PackageService {
  readonly #reviews: ReviewService;
  readonly #vettings: VettingService;
  readonly #sections: PackageSectionProvider[] = [];

  constructor(reviews: ReviewService, vettings: VettingService) {
    this.#reviews = reviews;
    this.#vettings = vettings;
  }

  /** Extension point: adds a section to every package view. */
  addSection(provider: PackageSectionProvider): void {
    if (OWN_KEYS.has(provider.name) || this.#sections.some(({name}) => name === provider.name)) throw new Error(`package view section "${provider.name}" is taken`);
    this.#sections.push(provider);
  }

  async view(purlText: string): Promise<PackageView> {
    const target = parsePurl(purlText);
    const all = await this.#reviews.reviewsForPackage(null, target.package);
    const version = target.version;
    const relevant = version === null ? all : all.filter((review) => this.#reviews.appliesTo(review, version));
    const reviews = await Promise.all(relevant.map(async (review) => ({
      review,
      vettings: await this.#vettings.forReview(review.id),
      credential: await this.#reviews.credential(review),
    })));
    const view: PackageView = {purl: target.purl, package: target.package, version, reviews};
    for (const section of this.#sections) view[section.name] = await section.build(target);
    return view;
  }
}
