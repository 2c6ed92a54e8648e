import {createHash, randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Store} from '../../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../../errors.ts';
import type {CommunityService} from '../communities.ts';
import type {RoleService} from '../roles.ts';
import type {CriteriaService} from '../criteria.ts';
import type {VettingEvents} from '../events.ts';
import type {ReviewService} from '../reviews.ts';
import type {AccountService} from '../accounts.ts';
import type {InstanceUrls} from '../../credentials/instance-urls.ts';
import type {Account, Actor} from '../model.ts';
import {authorize} from '../../authz/index.ts';
import {exportAudits} from './export.ts';
import {FetchError} from '../../net/errors.ts';
import type {Fetcher} from '../../net/fetcher.ts';
import {MAX_AUDITS_BYTES, readAuditsFile, type AuditsFile, type Unmapped} from './audits-file.ts';
import {planImport, type ImportCounts, type ImportedEntry, type ImportPlan, type PlannedEntry} from './plan.ts';

export interface ImportRequest {
  /** The audits file, as uploaded or fetched. */
  bytes: Buffer;
  /** The file name or URL it came from: imports of the same source replace each other's view. */
  source: string;
  /** File criterion → community criterion, for criteria the community already has under other names. */
  mapping?: Record<string, string>;
}

export interface ImportResult {
  id: string;
  source: string;
  /** sha256 (hex) of the file. */
  sha256: string;
  /** What the file holds. */
  counts: ImportCounts;
  /** Entries stored now that were not counting before. */
  added: number;
  /** Entries this import could not take, and why. */
  unmapped: Unmapped[];
  /** Entries an earlier import of the same source stored that this file no longer holds; they stop counting. */
  disappeared: Array<{entry: string; id: string}>;
}

/** The intent of an import, recorded before its first write: a crash mid-import is finished at the next start. */
interface ImportRecord {
  id: string;
  community: string;
  source: string;
  sha256: string;
  state: 'pending' | 'done';
  /** The community while the import is under way, null after: a unique index lets one import per community run at a time. */
  pendingFor: string | null;
  actor: Actor;
  /** The file's text while pending (dropped when done). */
  text: string | null;
  mapping: Record<string, string>;
  startedAt: string;
  finishedAt: string | null;
  result: ImportResult | null;
  [field: string]: unknown;
}

type EntryRecord = ImportedEntry & {[field: string]: unknown};

export interface CargoVetDependencies {
  communities: CommunityService;
  roles: RoleService;
  criteria: CriteriaService;
  events: VettingEvents;
  reviews: Pick<ReviewService, 'reviewsInCommunity'>;
  accounts: Pick<AccountService, 'find'>;
  urls: Pick<InstanceUrls, 'review' | 'reviewerPage'>;
  /** The hardened fetcher, for imports by URL; absent, such imports are refused. */
  fetcher?: Pick<Fetcher, 'fetch'>;
}

const MAX_MAPPING = 200;

/** Imports cargo-vet audits files into communities, and reads back what they hold. */
export class CargoVetService {
  readonly #imports: Collection<ImportRecord>;
  readonly #entries: Collection<EntryRecord>;
  readonly #deps: CargoVetDependencies;

  private constructor(imports: Collection<ImportRecord>, entries: Collection<EntryRecord>, deps: CargoVetDependencies) {
    this.#imports = imports;
    this.#entries = entries;
    this.#deps = deps;
  }

  static async open(store: Store, deps: CargoVetDependencies): Promise<CargoVetService> {
    const imports = await store.collection<ImportRecord>({name: 'cargo_vet_imports', indexes: [{fields: ['pendingFor'], unique: true}, {fields: ['state']}, {fields: ['community']}]});
    const entries = await store.collection<EntryRecord>({
      name: 'cargo_vet_entries',
      indexes: [{fields: ['community']}, {fields: ['community', 'package']}, {fields: ['community', 'source']}, {fields: ['importId']}],
    });
    return new CargoVetService(imports, entries, deps);
  }

  /** A steward imports a file (uploaded bytes, or a URL fetched through the hardened fetcher). */
  async import(actor: Actor, community: string, request: ImportRequest | {url: string; mapping?: Record<string, string>}, now = new Date()): Promise<ImportResult> {
    const found = await this.#deps.communities.get(community);
    authorize(actor, 'cargo-vet.import', {community: found.slug});
    this.#deps.communities.assertEcosystem(found, 'cargo', '/file');
    const mapping = checkMapping(request.mapping ?? {});
    const {bytes, source} = 'url' in request ? {bytes: await this.#fetch(request.url), source: request.url} : request;
    if (source.length === 0 || source.length > 1000) throw invalidInput('name the source of the file (its name or URL), at most 1000 characters', [{field: 'source', problem: 'empty or too long'}]);
    const file = readAuditsFile(bytes);
    // Every check that can refuse runs before the first write.
    const plan = await this.#plan(found.slug, source, mapping, file);
    const record: ImportRecord = {
      id: randomUUID(), community: found.slug, source, sha256: createHash('sha256').update(bytes).digest('hex'), state: 'pending', pendingFor: found.slug,
      actor, text: bytes.toString('utf8'), mapping, startedAt: now.toISOString(), finishedAt: null, result: null,
    };
    try {
      await this.#imports.insert(record);
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new HallmarkError('conflict', `an import into "${found.slug}" is under way; try again when it has finished`);
      throw error;
    }
    return this.#apply(record, now, plan);
  }

  /**
   * Finishes imports a crash interrupted; the composition root calls it at
   * start, once re-evaluation listens. One that fails again stays pending
   * (and keeps its community's import lock) for the next start, and is
   * reported rather than stopping the instance.
   */
  async resume(now = new Date()): Promise<number> {
    const pending = await this.#imports.find({state: 'pending'});
    let finished = 0;
    for (const {doc} of pending) {
      try {
        await this.#apply(doc, now);
        finished++;
      } catch (error) {
        console.error(`cargo-vet import ${doc.id} into "${doc.community}" could not be finished:`, error);
      }
    }
    return finished;
  }

  async imports(community: string): Promise<ImportResult[]> {
    await this.#deps.communities.get(community);
    const done = (await this.#imports.find({community})).map(({doc}) => doc).filter((record) => record.result !== null);
    return done.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((record) => record.result as ImportResult);
  }

  async entry(community: string, id: string): Promise<ImportedEntry> {
    const found = await this.#entries.get(id);
    if (!found || found.doc.community !== community) throw notFound(`community "${community}" has no imported audit ${id.slice(0, 80)}`);
    return stripEntry(found.doc);
  }

  /** Every entry of a package imported into a community (or, with null, into any), those that disappeared included. */
  async entriesForPackage(community: string | null, packagePurl: string): Promise<ImportedEntry[]> {
    const found = community === null ? await this.#entries.find({package: packagePurl}) : await this.#entries.find({community, package: packagePurl});
    return found.map(({doc}) => stripEntry(doc)).sort(byOrder);
  }

  /** Every entry imported into a community, in import order. */
  async entriesInCommunity(community: string): Promise<ImportedEntry[]> {
    return (await this.#entries.find({community})).map(({doc}) => stripEntry(doc)).sort(byOrder);
  }

  /**
   * The community's accepted reviews of cargo packages (and of `ecosystems`,
   * under the purl convention) and the audits it imported, as an audits.toml.
   */
  async exportFile(community: string, options: {url: string; ecosystems?: string[]}): Promise<string> {
    const found = await this.#deps.communities.get(community);
    const [reviews, criteria, imported] = await Promise.all([
      this.#deps.reviews.reviewsInCommunity(found.slug), this.#deps.criteria.list(found.slug), this.entriesInCommunity(found.slug),
    ]);
    const accounts = new Map<string, Account | null>();
    for (const review of reviews) if (!accounts.has(review.reviewer)) accounts.set(review.reviewer, await this.#deps.accounts.find(review.reviewer));
    return exportAudits({
      community: found.slug, url: options.url, ecosystems: options.ecosystems ?? [], reviews, accounts, criteria, imported,
      reviewUrl: (id) => this.#deps.urls.review(id), reviewerUrl: (handle) => this.#deps.urls.reviewerPage(handle),
    });
  }

  async #fetch(url: string): Promise<Buffer> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidInput('the url is not an absolute URL', [{field: '/url', problem: 'not a URL'}]);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidInput('the url must be http(s)', [{field: '/url', problem: 'not http(s)'}]);
    if (!this.#deps.fetcher) throw new HallmarkError('unavailable', 'this instance cannot fetch audits files by URL');
    let response;
    try {
      response = await this.#deps.fetcher.fetch(parsed.href, {maxBytes: MAX_AUDITS_BYTES, accept: 'application/toml, text/plain;q=0.9, */*;q=0.1'});
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      if (error.reason === 'too-large') throw new HallmarkError('too-large', `${parsed.href} is larger than ${MAX_AUDITS_BYTES} bytes`, [{field: '/url', problem: 'too large'}]);
      const refused = error.reason === 'bad-url' || error.reason === 'blocked-address';
      throw new HallmarkError(refused ? 'invalid-input' : 'unavailable', `the audits file could not be fetched: ${error.message}`, [{field: '/url', problem: error.reason}]);
    }
    if (response.status !== 200) throw new HallmarkError('unavailable', `${parsed.href} answered ${response.status}`, [{field: '/url', problem: `HTTP ${response.status}`}]);
    return response.body;
  }

  async #plan(community: string, source: string, mapping: Record<string, string>, file: AuditsFile): Promise<ImportPlan> {
    const [found, criteria] = await Promise.all([this.#deps.communities.get(community), this.#deps.criteria.list(community)]);
    const known = new Set(criteria.map(({name}) => name));
    for (const [from, to] of Object.entries(mapping)) {
      if (!known.has(to)) throw invalidInput(`the mapping sends "${from}" to "${to}", which community "${community}" does not define`, [{field: `/mapping/${from}`, problem: 'must name one of the community\'s criteria'}]);
    }
    return planImport(file, {community, ecosystems: found.ecosystems, criteria, mapping, source});
  }

  /** Every step is idempotent: criteria and entries are looked up by name and key before they are written. */
  async #apply(record: ImportRecord, now: Date, planned?: ImportPlan): Promise<ImportResult> {
    const plan = planned ?? await this.#plan(record.community, record.source, record.mapping, readAuditsFile(record.text ?? ''));
    for (const criterion of plan.define) await this.#defineCriterion(record, criterion);
    const packages = new Set<string>();
    for (const entry of plan.entries) if (await this.#store(record, entry, now)) packages.add(entry.package);
    const keep = new Set(plan.entries.map((entry) => entry.id));
    const disappeared: ImportResult['disappeared'] = [];
    for (const {doc, version} of await this.#entries.find({community: record.community, source: record.source})) {
      if (keep.has(doc.id)) continue;
      if (doc.disappearedAt === null) {
        const updated = await this.#entries.update(doc.id, version, {...doc, disappearedAt: now.toISOString(), disappearedIn: record.id});
        if (!updated) continue;
      } else if (doc.disappearedIn !== record.id) continue;
      packages.add(doc.package);
      disappeared.push({entry: doc.label, id: doc.id});
    }
    const result: ImportResult = {
      id: record.id, source: record.source, sha256: record.sha256, counts: plan.counts,
      added: await this.#entries.count({importId: record.id}), unmapped: plan.unmapped, disappeared,
    };
    if (packages.size > 0) await this.#deps.events.emit({type: 'audits-imported', community: record.community, packages: [...packages].sort()});
    const current = await this.#imports.get(record.id);
    if (current && current.doc.state === 'pending') {
      await this.#imports.update(record.id, current.version, {...current.doc, state: 'done', pendingFor: null, text: null, finishedAt: now.toISOString(), result});
    }
    return result;
  }

  async #defineCriterion(record: ImportRecord, criterion: {name: string; description: string; implies: string[]}): Promise<void> {
    const existing = (await this.#deps.criteria.list(record.community)).find(({name}) => name === criterion.name);
    if (existing) return;
    try {
      await this.#deps.criteria.define(record.actor, record.community, criterion);
    } catch (error) {
      // Defined meanwhile (a resumed import, or a steward at the same moment): the plan compared definitions already.
      if (!(error instanceof HallmarkError && error.kind === 'conflict')) throw error;
    }
  }

  /** Stores a planned entry, or brings back one that had disappeared. True when it counts now and did not before. */
  async #store(record: ImportRecord, entry: PlannedEntry, now: Date): Promise<boolean> {
    const found = await this.#entries.get(entry.id);
    if (found) {
      if (found.doc.disappearedAt === null) return false;
      return (await this.#entries.update(entry.id, found.version, {...found.doc, ...entry, disappearedAt: null, disappearedIn: null, importId: record.id})) !== null;
    }
    try {
      await this.#entries.insert({...entry, importId: record.id, importedAt: now.toISOString(), disappearedAt: null});
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }
}

function checkMapping(mapping: Record<string, string>): Record<string, string> {
  const entries = Object.entries(mapping);
  if (entries.length > MAX_MAPPING) throw invalidInput(`a mapping may name at most ${MAX_MAPPING} criteria`, [{field: '/mapping', problem: 'too many entries'}]);
  for (const [from, to] of entries) {
    if (typeof to !== 'string' || from.length > 200 || to.length > 200) throw invalidInput('a mapping sends criterion names to criterion names', [{field: `/mapping/${from.slice(0, 60)}`, problem: 'must be a criterion name'}]);
  }
  return Object.fromEntries(entries);
}

function byOrder(a: ImportedEntry, b: ImportedEntry): number {
  return a.importedAt.localeCompare(b.importedAt) || a.seq - b.seq || a.id.localeCompare(b.id);
}

function stripEntry(record: EntryRecord): ImportedEntry {
  const {disappearedIn: _disappearedIn, ...entry} = record;
  return entry as ImportedEntry;
}
