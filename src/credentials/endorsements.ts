import {createHash} from 'node:crypto';
import {isObject} from '../json.ts';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import {authorize, type Actor} from '../authz/index.ts';
import type {IssuanceService, IssueResult} from './issue.ts';
import type {IssuerService} from './issuers.ts';
import type {InstanceUrls} from './instance-urls.ts';
import type {VerificationReport} from './report.ts';
import type {EndorsementSource} from './verify/endorsement-check.ts';
import type {Verify} from './verify/index.ts';

/**
 * Endorsements as a credentials-layer service: this instance's issuers
 * endorse a community/issuer, an achievement or a reviewer with an OB 3.0
 * EndorsementCredential; endorsements signed elsewhere can be registered
 * once verified. Both are indexed by the id they are about, which is how
 * verification (as an EndorsementSource) finds them.
 */
export type EndorsementTargetKind = 'issuer' | 'achievement' | 'reviewer';

export interface EndorsementRequest {
  target: {kind: EndorsementTargetKind; id: string};
  /** endorsementComment: what the endorser says, Markdown. */
  comment: string;
  name?: string;
}

interface EndorsementEntry {
  credentialId: string;
  targetId: string;
  /** Null for registered endorsements: a foreign credential does not say what kind of thing it endorses. */
  kind: EndorsementTargetKind | null;
  endorserId: string;
  origin: 'issued' | 'registered';
  /** As signed: a JSON-LD object or a compact VC-JWT. */
  credential: Record<string, unknown> | string;
}

export interface EndorsementRecord extends Document, EndorsementEntry {
  /** sha256 (hex) of credentialId: credential ids are arbitrary URIs. */
  id: string;
  createdAt: string;
}

export interface EndorsementSummary {
  credentialId: string;
  targetId: string;
  kind: EndorsementTargetKind | null;
  endorserId: string;
  origin: 'issued' | 'registered';
  createdAt: string;
}

/** A registered endorsement is stored and re-verified on every lookup: keep it small. */
export const MAX_REGISTERED_ENDORSEMENT_BYTES = 64 * 1024;
const MAX_TARGET_IDS = 64;

export class EndorsementService implements EndorsementSource {
  readonly #records: Collection<EndorsementRecord>;
  readonly #issuance: IssuanceService;
  readonly #issuers: IssuerService;
  readonly #urls: InstanceUrls;
  readonly #verify: Verify;
  readonly #aliases: (ids: string[]) => Promise<string[]>;

  private constructor(records: Collection<EndorsementRecord>, deps: EndorsementDeps) {
    this.#aliases = deps.subjectAliases ?? (async () => []);
    this.#records = records;
    this.#issuance = deps.issuance;
    this.#issuers = deps.issuers;
    this.#urls = deps.urls;
    this.#verify = deps.verify;
  }

  /** `verify` must be the pipeline without its endorsement stage (endorsements are not endorsed recursively). */
  static async open(store: Store, deps: EndorsementDeps): Promise<EndorsementService> {
    const records = await store.collection<EndorsementRecord>({
      name: 'endorsements',
      indexes: [{fields: ['credentialId'], unique: true}, {fields: ['targetId', 'createdAt']}, {fields: ['endorserId']}],
    });
    return new EndorsementService(records, deps);
  }

  /** Issues an EndorsementCredential from `issuerSlug` through the IssuanceService and indexes it. */
  async issueAs(actor: Actor, issuerSlug: string, request: EndorsementRequest, idempotencyKey?: string): Promise<IssueResult> {
    authorize(actor, 'endorsements.issue', {issuer: issuerSlug});
    return this.issue(issuerSlug, request, idempotencyKey);
  }

  async registerAs(actor: Actor, credential: unknown): Promise<{endorsement: EndorsementSummary; created: boolean; report: VerificationReport}> {
    authorize(actor, 'endorsements.register');
    return this.register(credential);
  }

  async issue(issuerSlug: string, request: EndorsementRequest, idempotencyKey?: string): Promise<IssueResult> {
    const issuer = await this.#issuers.get(issuerSlug);
    const targetId = await this.#canonicalTarget(request.target);
    const credential = {
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: request.name ?? `Endorsement by ${issuer.name}`,
      credentialSubject: {id: targetId, type: ['EndorsementSubject'], endorsementComment: request.comment},
    };
    const result = await this.#issuance.issue(issuerSlug, {credential}, idempotencyKey);
    const signed = result.verifiableCredential;
    // A replay may follow a crash between issuing and indexing: (re)index either way.
    await this.#index({credential: signed, credentialId: String(signed.id), targetId, kind: request.target.kind, endorserId: issuer.did, origin: 'issued'});
    return result;
  }

  /** Stores an endorsement signed elsewhere, once it verifies; the same credential again is a no-op. */
  async register(credential: unknown): Promise<{endorsement: EndorsementSummary; created: boolean; report: VerificationReport}> {
    if (!(typeof credential === 'string' || isObject(credential))) {
      throw invalidInput('expected an EndorsementCredential: a JSON-LD object or a compact VC-JWT', [{field: '/verifiableCredential', problem: 'must be an object or a string'}]);
    }
    const bytes = Buffer.byteLength(typeof credential === 'string' ? credential : JSON.stringify(credential));
    if (bytes > MAX_REGISTERED_ENDORSEMENT_BYTES) {
      throw new HallmarkError('too-large', `an endorsement may be at most ${MAX_REGISTERED_ENDORSEMENT_BYTES} bytes`, [{field: '/verifiableCredential', problem: `${bytes} bytes`}]);
    }
    const report = await this.#verify(credential);
    const summary = report.credential;
    const subject = summary?.subject;
    const credentialId = summary?.id ?? null;
    const targetId = isObject(subject) && typeof subject.id === 'string' ? subject.id : null;
    const endorserId = summary?.issuer.id ?? null;
    const problems = [
      ...(report.verified ? [] : [{field: '/verifiableCredential', problem: `does not verify (${report.status}): ${report.errors.join('; ') || 'see the report'}`}]),
      ...(summary?.type.includes('EndorsementCredential') ? [] : [{field: '/verifiableCredential/type', problem: 'must include EndorsementCredential'}]),
      ...(credentialId !== null ? [] : [{field: '/verifiableCredential/id', problem: 'an endorsement needs an id to be registered'}]),
      ...(targetId !== null ? [] : [{field: '/verifiableCredential/credentialSubject/id', problem: 'must name what is endorsed'}]),
      ...(endorserId !== null ? [] : [{field: '/verifiableCredential/issuer', problem: 'must name the endorser'}]),
    ];
    if (problems.length > 0 || credentialId === null || targetId === null || endorserId === null) {
      throw invalidInput('only a verified EndorsementCredential can be registered', problems);
    }
    const record = {credential, credentialId, targetId, kind: null, endorserId, origin: 'registered' as const};
    const {summary: stored, created} = await this.#index(record);
    return {endorsement: stored, created, report};
  }

  /** Endorsements about `targetId`, newest first. */
  /** What is known about `targetId`, newest first; with the credentials themselves when a verifier elsewhere asks (`hallmark verify --server`). */
  async listFor(targetId: string, limit = 100, withCredentials = false): Promise<Array<EndorsementSummary & {verifiableCredential?: unknown}>> {
    const found = await this.#records.find({targetId}, {sortBy: 'createdAt', descending: true, limit});
    return found.map(({doc}) => (withCredentials ? {...summarize(doc), verifiableCredential: doc.credential} : summarize(doc)));
  }

  async subjectAliases(subjectIds: string[]): Promise<string[]> {
    return this.#aliases(subjectIds.slice(0, MAX_TARGET_IDS));
  }

  async endorsementsAbout(targetIds: string[], limit: number): Promise<unknown[]> {
    const ids = [...new Set(targetIds)].slice(0, MAX_TARGET_IDS);
    const found = await Promise.all(ids.map((targetId) => this.#records.find({targetId}, {sortBy: 'createdAt', descending: true, limit})));
    return found.flat().sort((a, b) => b.doc.createdAt.localeCompare(a.doc.createdAt)).slice(0, limit).map(({doc}) => doc.credential);
  }

  /**
   * An issuer is named by its DID in every credential it signs, so an
   * endorsement of one of our issuers' profile URLs is made about its DID:
   * that is the id verification looks endorsements up by.
   */
  async #canonicalTarget(target: EndorsementRequest['target']): Promise<string> {
    const slug = target.kind === 'issuer' ? this.#urls.issuerSlugOfProfile(target.id) : null;
    if (slug === null) return target.id;
    try {
      return (await this.#issuers.get(slug)).did;
    } catch (error) {
      if (error instanceof HallmarkError && error.kind === 'not-found') throw invalidInput(`no issuer "${slug}" on this instance`, [{field: '/target/id', problem: 'names no issuer of this instance'}]);
      throw error;
    }
  }

  async #index(entry: EndorsementEntry): Promise<{summary: EndorsementSummary; created: boolean}> {
    const record: EndorsementRecord = {id: recordId(entry.credentialId), ...entry, createdAt: new Date().toISOString()};
    try {
      await this.#records.insert(record);
      return {summary: summarize(record), created: true};
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const earlier = (await this.#records.get(record.id))?.doc;
      if (!earlier || earlier.endorserId !== record.endorserId || earlier.targetId !== record.targetId) {
        throw new HallmarkError('conflict', 'another endorsement with this credential id is already known', [{field: '/verifiableCredential/id', problem: 'already used by a different endorsement'}]);
      }
      return {summary: summarize(earlier), created: false};
    }
  }
}

export interface EndorsementDeps {
  issuance: IssuanceService;
  issuers: IssuerService;
  urls: InstanceUrls;
  verify: Verify;
  /** Ids this instance knows to name the same subject (a reviewer's did:key and page); none by default. */
  subjectAliases?: (ids: string[]) => Promise<string[]>;
}

function recordId(credentialId: string): string {
  return createHash('sha256').update(credentialId, 'utf8').digest('hex');
}

function summarize(record: EndorsementRecord): EndorsementSummary {
  const {credentialId, targetId, kind, endorserId, origin, createdAt} = record;
  return {credentialId, targetId, kind, endorserId, origin, createdAt};
}
