/**
 * cargo-vet's imports, over the network: a community's stewards name a peer
 * community's actor, map its criteria onto their own and exclude packages by
 * purl prefix. Review credentials received from that actor (verified, bound
 * to it, not quarantined, not deleted) then count toward local policies as
 * reviews with origin `imported`: the reviewer is `<actor>#<their reviewer>`
 * and the organisation is the peer community itself, distinct from every
 * local organisation. Imports are not transitive: only credentials the peer's
 * own issuer signed are its reviews, so what it imported does not come along.
 */
import {HallmarkError, invalidInput} from '../errors.ts';
import type {Collection, Document, Store} from '../store/port.ts';
import type {ReviewFact} from '../vetting/policy-engine.ts';
import type {ImportedReviewView} from '../vetting/packages.ts';
import type {Actor, Role} from '../vetting/model.ts';
import {authorize} from '../authz/index.ts';
import {POLICY_NAME_PATTERN} from '../vetting/model.ts';
import {parseVers, versContains} from '../vetting/vers.ts';
import type {ReceivedCredential, ReceivedCredentials} from './received.ts';

export interface ImportInput {
  /** The peer community's actor URL, or acct:slug@host. */
  actor: string;
  /** Their criterion → our criterion. */
  criteria: Record<string, string>;
  /** purl prefixes (e.g. pkg:npm/%40internal/) whose reviews are not imported. */
  exclude?: string[];
}

export interface Import {
  community: string;
  name: string;
  actor: string;
  criteria: Record<string, string>;
  exclude: string[];
  declaredAt: string;
}

type ImportRecord = Import & Document;

export interface ImportDependencies {
  received: ReceivedCredentials;
  criteria: {assertKnown(community: string, names: string[], field?: string): Promise<void>; closure(community: string, names: string[]): Promise<string[]>};
  communities: {get(slug: string): Promise<unknown>};
  /** Turns an actor URL or acct: into the actor's URL (fetching and checking it), following it from `community`. */
  follow: (community: string, actor: string) => Promise<string>;
  /** The community's badges may have changed. */
  reevaluate: (community: string) => Promise<void>;
}

/** The role an imported review stands at: the peer community's acceptance is its vetting, no more. */
export const IMPORTED_REVIEW_ROLE: Role = 'auditor';

export class ImportService {
  readonly #imports: Collection<ImportRecord>;
  readonly #deps: ImportDependencies;

  private constructor(imports: Collection<ImportRecord>, deps: ImportDependencies) {
    this.#imports = imports;
    this.#deps = deps;
  }

  static async open(store: Store, deps: ImportDependencies): Promise<ImportService> {
    return new ImportService(await store.collection<ImportRecord>({name: 'federation_imports', indexes: [{fields: ['community']}, {fields: ['actor']}]}), deps);
  }

  /** A steward declares (or replaces) an import; declaring it follows the actor. */
  async put(actor: Actor, community: string, name: string, input: ImportInput, now = new Date()): Promise<{import: Import; created: boolean}> {
    await this.#deps.communities.get(community);
    authorize(actor, 'federation.community', {community});
    if (!POLICY_NAME_PATTERN.test(name)) throw invalidInput(`"${name.slice(0, 80)}" is not an import name`, [{field: '/name', problem: 'lowercase letters, digits and hyphens, at most 63'}]);
    const ours = Object.values(input.criteria);
    if (ours.length === 0) throw invalidInput('an import maps at least one criterion', [{field: '/criteria', problem: 'map at least one of their criteria to one of ours'}]);
    for (const [theirs, mine] of Object.entries(input.criteria)) await this.#deps.criteria.assertKnown(community, [mine], `/criteria/${theirs}`);
    const actorUrl = await this.#deps.follow(community, input.actor);
    const id = `${community}\n${name}`;
    const record: ImportRecord = {id, community, name, actor: actorUrl, criteria: {...input.criteria}, exclude: [...(input.exclude ?? [])], declaredAt: now.toISOString()};
    const found = await this.#imports.get(id);
    if (found === null) await this.#imports.insert(record);
    else if (!(await this.#imports.update(id, found.version, record))) throw new HallmarkError('conflict', 'the import changed meanwhile; try again');
    await this.#deps.reevaluate(community);
    return {import: strip(record), created: found === null};
  }

  async list(community: string): Promise<Import[]> {
    await this.#deps.communities.get(community);
    return (await this.#imports.find({community})).map(({doc}) => strip(doc)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(actor: Actor, community: string, name: string): Promise<void> {
    await this.#deps.communities.get(community);
    authorize(actor, 'federation.community', {community});
    if (!(await this.#imports.delete(`${community}\n${name}`))) throw new HallmarkError('not-found', `community "${community}" has no import "${name.slice(0, 80)}"`);
    await this.#deps.reevaluate(community);
  }

  /** Communities here that import `actor`. */
  async importers(actor: string): Promise<string[]> {
    return [...new Set((await this.#imports.find({actor})).map(({doc}) => doc.community))];
  }

  /** The imported reviews of a package that count for `community`, as policy facts. */
  async facts(community: string, release: {package: string; version: string}): Promise<ReviewFact[]> {
    const facts: ReviewFact[] = [];
    for (const {doc: declared} of await this.#imports.find({community})) {
      for (const received of await this.#deps.received.fromActor(declared.actor, release.package)) {
        const fact = await this.#fact(declared, received, release.version);
        if (fact !== null) facts.push(fact);
      }
    }
    return facts;
  }

  /** The imported reviews of a package, with their origin and whether they count, for the package view. */
  async forPackage(packagePurl: string): Promise<ImportedReviewView[]> {
    const shown: ImportedReviewView[] = [];
    const imports = new Map<string, Import[]>();
    for (const {doc} of await this.#imports.find({})) imports.set(doc.actor, [...(imports.get(doc.actor) ?? []), doc]);
    for (const [actor, declared] of imports) {
      for (const received of await this.#deps.received.fromActor(actor, packagePurl)) {
        if (received.review === null) continue;
        for (const one of declared) {
          shown.push({
            community: one.community, import: one.name, origin: 'imported' as const, peer: actor, credentialId: received.credentialId, purl: received.review.purl,
            kind: received.review.kind, reviewer: `${actor}#${received.review.reviewer}`, criteria: mapCriteria(one, received.review.criteria),
            counts: counts(one, received), status: received.deleted ? 'deleted' : received.report.status,
          });
        }
      }
    }
    return shown;
  }

  async #fact(declared: Import, received: ReceivedCredential, version: string): Promise<ReviewFact | null> {
    if (!counts(declared, received) || received.review === null) return null;
    const review = received.review;
    const criteria = mapCriteria(declared, review.criteria);
    const reviewVersion = review.purl.slice(review.purl.lastIndexOf('@') + 1);
    return {
      id: `imported:${received.id}`,
      credentialId: received.credentialId,
      reviewer: `${declared.actor}#${review.reviewer}`,
      role: IMPORTED_REVIEW_ROLE,
      organisation: declared.actor,
      origin: 'imported',
      peer: declared.actor,
      kind: review.kind,
      version: review.kind === 'violation' ? version : reviewVersion,
      ...(review.from === undefined ? {} : {from: review.from}),
      ...(review.kind === 'violation' ? {coversVersion: violationCovers(review.range, version)} : {}),
      criteria: await this.#deps.criteria.closure(declared.community, criteria),
      standing: 'accepted',
      createdAt: review.createdAt,
      acceptedAt: received.receivedAt,
    };
  }
}

/** Only verified, valid, bound, unquarantined, undeleted reviews outside the excluded prefixes count. */
function counts(declared: Import, received: ReceivedCredential): boolean {
  if (received.review === null || received.quarantined || received.deleted) return false;
  if (!received.report.verified || received.report.status !== 'valid') return false;
  return !declared.exclude.some((prefix) => received.review?.purl.startsWith(prefix));
}

/** A violation range that cannot be read covers every version, as for local reports: doubt must not keep a badge. */
function violationCovers(range: string | undefined, version: string): boolean {
  if (range === undefined) return true;
  try {
    return versContains(parseVers(range), version);
  } catch {
    return true;
  }
}

function mapCriteria(declared: Import, theirs: string[]): string[] {
  return [...new Set(theirs.flatMap((name) => (Object.hasOwn(declared.criteria, name) ? [declared.criteria[name]] : [])))];
}

function strip(record: ImportRecord): Import {
  const {community, name, actor, criteria, exclude, declaredAt} = record;
  return {community, name, actor, criteria, exclude, declaredAt};
}
