import type {ReviewService} from './reviews.ts';
import type {VettingService} from './vettings.ts';
import {parsePurl, type ParsedPurl} from '../purl.ts';
import {parseVers, versContains} from './vers.ts';
import type {Review, Vetting} from './model.ts';
import type {PackageBadge} from './package-badges.ts';
import type {EvaluationRecord} from './evaluations.ts';
import type {Evidence} from './evidence/types.ts';
import type {CargoVetService, ImportedEntry} from './cargo-vet/index.ts';

/** A review as the packages view shows it: with its vettings and, once accepted, its signed credential. */
export interface PackageReview {
  review: Review;
  vettings: Vetting[];
  credential: Record<string, unknown> | null;
}

/** A review credential received from a peer community a community here imports (federation). */
export interface ImportedReviewView {
  /** The importing community and its import's name. */
  community: string;
  import: string;
  origin: 'imported';
  /** The peer community's actor URL. */
  peer: string;
  credentialId: string;
  purl: string;
  kind: string;
  reviewer: string;
  /** Their criteria as mapped onto ours. */
  criteria: string[];
  /** Whether it counts now (verified, valid, not quarantined, not deleted, not excluded). */
  counts: boolean;
  status: string;
}

/** The sections other features add to a package view (policy badges, evaluation runs, evidence, imported reviews). */
export interface PackageSections {
  badges: PackageBadge[];
  evaluations: EvaluationRecord[];
  evidence: Evidence[];
  importedReviews: ImportedReviewView[];
}

/**
 * One named part of GET /packages/{purl}. Other features register providers here
 * instead of this module knowing them; each is already narrowed to the view's version.
 */
export interface PackageSectionProvider<K extends keyof PackageSections = keyof PackageSections> {
  name: K;
  build(target: ParsedPurl): Promise<PackageSections[K]>;
}

/** A section is absent when no feature provides it. */
export interface PackageView extends Partial<PackageSections> {
  purl: string;
  package: string;
  version: string | null;
  reviews: PackageReview[];
  /**
   * Audits communities imported from cargo-vet files: unsigned, `origin:
   * "cargo-vet"`, counted only by policies that name that origin. Trust
   * statements (trusted, wildcard-audits) are listed with the package.
   */
  imported: Array<ImportedEntry & {origin: 'cargo-vet'}>;
}

type SectionBuilders = {[K in keyof PackageSections]?: PackageSectionProvider<K>['build']};

/** Everything this instance knows about a package (or one release of it), across communities. */
export class PackageService {
  readonly #reviews: ReviewService;
  readonly #vettings: VettingService;
  readonly #sections: SectionBuilders = {};

  readonly #cargoVet: CargoVetService;

  constructor(reviews: ReviewService, vettings: VettingService, cargoVet: CargoVetService) {
    this.#reviews = reviews;
    this.#vettings = vettings;
    this.#cargoVet = cargoVet;
  }

  /** Extension point: adds a section to every package view. */
  addSection<K extends keyof PackageSections>(provider: PackageSectionProvider<K>): void {
    if (this.#sections[provider.name]) throw new Error(`package view section "${provider.name}" is taken`);
    Object.assign(this.#sections, {[provider.name]: provider.build});
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
    const {badges, evaluations, evidence, importedReviews} = this.#sections;
    const imported = (await this.#cargoVet.entriesForPackage(null, target.package))
      .filter((entry) => version === null || entry.section !== 'audits' || importedAppliesTo(entry, version))
      .map((entry) => ({...entry, origin: 'cargo-vet' as const}));
    return {
      purl: target.purl,
      package: target.package,
      version,
      reviews,
      imported,
      ...(badges && {badges: await badges(target)}),
      ...(evaluations && {evaluations: await evaluations(target)}),
      ...(evidence && {evidence: await evidence(target)}),
      ...(importedReviews && {importedReviews: await importedReviews(target)}),
    };
  }
}

/** Whether an imported audit speaks about this release: its version, a delta's "to", or a violation's range. */
function importedAppliesTo(entry: ImportedEntry, version: string): boolean {
  if (entry.range !== null) {
    try {
      return versContains(parseVers(entry.range), version);
    } catch {
      return true;
    }
  }
  return entry.version === version;
}
