import {createHash, randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import {authorize, type Actor} from '../authz/index.ts';
import {canonicalJson} from '../json.ts';
import type {CredentialRecord, CredentialRecords} from './credential-records.ts';
import type {IssuerRecord, IssuerService} from './issuers.ts';
import {xsdDateTime} from './contexts.ts';
import {validateAgainstOfficialSchema} from './schemas.ts';
import {assertIssuable, issuanceContexts} from './issuance-policy.ts';
import {contextsForProof, signCredential, type ProofType, type SigningKey} from './sign.ts';
import type {StatusAssignment, StatusListService, StatusPurpose} from './status-lists.ts';
import {HALLMARK_STATUS_MESSAGES, MESSAGE_STATUS_SIZE} from './status-messages.ts';
import {checkRelatedResources, type FetchBytes} from './related-resources.ts';
import {derivedUuid} from '../jobs/derived-ids.ts';

export interface IssueRequest {
  credential: Record<string, unknown>;
  options?: {proofType?: ProofType; statusPurpose?: StatusPurpose};
}

export interface IssueResult {
  verifiableCredential: Record<string, unknown>;
  /** False when an Idempotency-Key replay returned the credential issued earlier. */
  created: boolean;
}

interface IdempotencyRecord extends Document {
  /** `${issuerSlug}:${key}` */
  id: string;
  credentialUuid: string;
  requestDigest: string;
  claimedAt: string;
}

const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];
const IDEMPOTENCY_WAIT_MS = 5_000;
/** Issuing takes milliseconds; a claim this old without a credential belongs to a process that died. */
const IDEMPOTENCY_ABANDONED_MS = 60_000;

/** Completes, signs and records OB 3.0 credentials for this instance's issuers. */
export class IssuanceService {
  readonly #issuers: IssuerService;
  readonly #statusLists: StatusListService;
  readonly #records: CredentialRecords;
  readonly #idempotency: Collection<IdempotencyRecord>;
  readonly #fetchBytes: FetchBytes | undefined;
  readonly #issuedListeners: Array<(record: CredentialRecord) => Promise<void>> = [];
  readonly #intentListeners: Array<(record: CredentialRecord) => Promise<void>> = [];

  private constructor(issuers: IssuerService, statusLists: StatusListService, records: CredentialRecords, idempotency: Collection<IdempotencyRecord>, fetchBytes: FetchBytes | undefined) {
    this.#issuers = issuers;
    this.#statusLists = statusLists;
    this.#records = records;
    this.#idempotency = idempotency;
    this.#fetchBytes = fetchBytes;
  }

  /** `fetchBytes` (the hardened fetcher) gets related resources to check their digests; without it only pinned contexts can be related. */
  static async open(store: Store, issuers: IssuerService, statusLists: StatusListService, records: CredentialRecords, fetchBytes?: FetchBytes): Promise<IssuanceService> {
    const idempotency = await store.collection<IdempotencyRecord>({name: 'idempotency_keys', indexes: []});
    return new IssuanceService(issuers, statusLists, records, idempotency, fetchBytes);
  }

  /**
   * Called after every new credential is stored (federation announces it).
   * A listener's failure is logged, never thrown at the issuer: the
   * credential exists either way.
   */
  onIssued(listener: (record: CredentialRecord) => Promise<void>): void {
    this.#issuedListeners.push(listener);
  }

  /**
   * Called with the signed record just before it is stored, so that work
   * its issuance implies (federation's announcement) is recorded durably
   * first and survives a crash between the write and what follows it. A
   * failing listener refuses the issuance: nothing is stored yet.
   */
  beforeIssued(listener: (record: CredentialRecord) => Promise<void>): void {
    this.#intentListeners.push(listener);
  }

  /**
   * `cosigners` add further Data Integrity proofs after the issuer's (a proof
   * set): e.g. a reviewer's own key over the review the community endorses.
   */
  /** The VC-API's issue: the admin, or a token acting for this issuer. */
  async issueAs(actor: Actor, issuerSlug: string, request: IssueRequest, idempotencyKey?: string): Promise<IssueResult> {
    authorize(actor, 'credentials.issue', {issuer: issuerSlug});
    return this.issue(issuerSlug, request, idempotencyKey);
  }

  async issue(issuerSlug: string, request: IssueRequest, idempotencyKey?: string, cosigners: SigningKey[] = []): Promise<IssueResult> {
    const issuer = await this.#issuers.get(issuerSlug);
    const given = givenUuid(request.credential);
    if (idempotencyKey === undefined) {
      return {verifiableCredential: await this.#issueNew(issuer, request, given ?? randomUUID(), cosigners), created: true};
    }
    const claim: IdempotencyRecord = {
      id: `${issuerSlug}:${idempotencyKey}`,
      // Derived from the key, so a retry after a crash mid-issue allocates the same credential instead of a second one.
      credentialUuid: given ?? derivedUuid('idempotency-key', issuerSlug, idempotencyKey),
      requestDigest: digest(request),
      claimedAt: new Date().toISOString(),
    };
    let fresh = true;
    try {
      await this.#idempotency.insert(claim);
    } catch (error) {
      fresh = false;
      if (!(error instanceof DuplicateKeyError)) throw error;
      const earlier = await this.#idempotency.get(claim.id);
      if (earlier && earlier.doc.requestDigest !== claim.requestDigest) {
        throw new HallmarkError('conflict', 'this Idempotency-Key was already used with a different request body', [{field: 'Idempotency-Key', problem: 'reused with a different body'}]);
      }
      // The same request again: finish (or find) the credential the first one allocated.
      if (earlier) claim.credentialUuid = earlier.doc.credentialUuid;
    }
    // A caller's own id already taken by another request is refused, as without a key.
    if (fresh && given && (await this.#records.find(given))) {
      await this.#idempotency.delete(claim.id);
      throw usedId();
    }
    try {
      return await this.issueOnce(issuerSlug, claim.credentialUuid, request, cosigners);
    } catch (error) {
      // A refused request must not pin its key: the client may fix the body and retry.
      if (!(await this.#records.find(claim.credentialUuid))) await this.#idempotency.delete(claim.id);
      throw error;
    }
  }

  /**
   * Issues under a UUID the caller derived from what the credential is for
   * (a release × policy version, a review, an Idempotency-Key), or returns
   * the credential already issued under it: retried steps find, never mint.
   */
  async issueOnce(issuerSlug: string, uuid: string, request: IssueRequest, cosigners: SigningKey[] = []): Promise<IssueResult> {
    const existing = await this.#records.find(uuid);
    if (existing) return {verifiableCredential: existing.credential, created: false};
    const issuer = await this.#issuers.get(issuerSlug);
    const issued = await this.#issueNew(issuer, request, uuid, cosigners, true);
    if (issued) return {verifiableCredential: issued, created: true};
    // A concurrent attempt under the same UUID stored first: its credential is the one.
    const winner = await this.#records.find(uuid);
    if (!winner) throw new Error(`credential ${uuid} collided but is not stored`);
    return {verifiableCredential: winner.credential, created: false};
  }

  /** With `once`, null when another attempt stored a credential under `uuid` first. */
  async #issueNew(issuer: IssuerRecord, request: IssueRequest, uuid: string, cosigners: SigningKey[], once: true): Promise<Record<string, unknown> | null>;
  async #issueNew(issuer: IssuerRecord, request: IssueRequest, uuid: string, cosigners: SigningKey[], once?: false): Promise<Record<string, unknown>>;
  async #issueNew(issuer: IssuerRecord, request: IssueRequest, uuid: string, cosigners: SigningKey[], once = false): Promise<Record<string, unknown> | null> {
    const proofType = request.options?.proofType ?? issuer.proofType;
    // A caller's urn:uuid: id is kept as given; otherwise the id is ours (a URL under /credentials/ or urn:uuid:).
    const given = request.credential.id !== undefined;
    const credentialId = given ? `urn:uuid:${uuid}` : this.#records.credentialIdFor(uuid);
    if (given && !once && (await this.#records.find(uuid))) throw usedId();
    const unsigned = this.#complete(issuer, request.credential, credentialId, proofType);
    assertOfficialSchema(unsigned, 'the credential would not be a valid Open Badges 3.0 credential');
    await assertRelatedResources(unsigned.relatedResource, this.#fetchBytes);

    const purpose = request.options?.statusPurpose ?? 'revocation';
    const status = await this.#statusLists.allocate(issuer.id, purpose, credentialId);
    const listUrl = this.#statusLists.listUrl(issuer.id, status.listId);
    unsigned.credentialStatus = statusEntry(status, listUrl);
    try {
      let signed = await signOrExplain(unsigned, this.#issuers.signingKey(issuer), proofType);
      for (const cosigner of cosigners) signed = await signCredential(signed, cosigner, 'DataIntegrityProof');
      // The OB 3.0 schema wants proof as an array; the signature covers the proof-less document either way.
      signed.proof = [signed.proof].flat();
      assertOfficialSchema(signed, 'the signed credential failed the Open Badges 3.0 schema');
      const record: CredentialRecord = {id: uuid, credentialId, issuerSlug: issuer.id, credential: signed, status, createdAt: new Date().toISOString()};
      for (const listener of this.#intentListeners) await listener(record);
      try {
        await this.#records.insert(record);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        if (once) {
          await this.#statusLists.release(status);
          return null;
        }
        // Only a caller's id can meet another credential's (ours are random or derived): the same id issued twice at once.
        throw usedId();
      }
      for (const listener of this.#issuedListeners) await listener(record).catch((error: unknown) => console.error('credential issued listener failed:', error));
      return signed;
    } catch (error) {
      await this.#statusLists.release(status);
      throw error;
    }
  }

  #complete(issuer: IssuerRecord, input: Record<string, unknown>, credentialId: string, proofType: ProofType): Record<string, unknown> {
    assertIssuable(input, new Date());
    const types = stringList(input.type);
    if (!types.some((type) => OB_TYPES.includes(type))) {
      throw invalidInput('the credential must be an Open Badges 3.0 credential', [{field: '/credential/type', problem: `must include one of ${OB_TYPES.join(', ')}`}]);
    }
    const profile = this.#issuers.profile(issuer);
    const givenIssuer = input.issuer;
    if (givenIssuer !== undefined) {
      const givenId = typeof givenIssuer === 'string' ? givenIssuer : (givenIssuer as {id?: unknown})?.id;
      if (givenId !== profile.id) {
        throw invalidInput(`this endpoint issues as ${profile.id}`, [{field: '/credential/issuer', problem: 'must be omitted or name this issuer'}]);
      }
    }
    const {'@context': _contexts, type: _types, id: _id, ...claims} = input;
    // Envelope first, as people read credentials; the caller's claims keep their order after it.
    return {
      '@context': contextsForProof(issuanceContexts(input), proofType),
      id: credentialId,
      type: types.includes('VerifiableCredential') ? types : ['VerifiableCredential', ...types],
      ...claims,
      issuer: profile,
      validFrom: input.validFrom ?? xsdDateTime(new Date()),
    };
  }
}

const URN_UUID = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The UUID of a caller-supplied credential id, or null when none is given.
 * Only a `urn:uuid:` id (lowercase) is taken: a URL id would name a place
 * this instance does not serve, or one of its own credential URLs.
 */
function givenUuid(credential: Record<string, unknown>): string | null {
  if (!('id' in credential)) return null;
  const match = typeof credential.id === 'string' ? URN_UUID.exec(credential.id) : null;
  if (!match) throw invalidInput('a credential id given by the caller must be a urn:uuid: id (lowercase), or be left out for the issuer to assign', [{field: '/credential/id', problem: 'must be urn:uuid:<uuid> or omitted'}]);
  return match[1];
}

function usedId(): HallmarkError {
  return new HallmarkError('conflict', 'this credential id was already used on this instance; give a new one or leave it out', [{field: '/credential/id', problem: 'already used'}]);
}

/**
 * One entry per credential (the OB 3.0 schema allows one object). A message
 * entry commits at issuance to every value it may take, as the spec wants,
 * so a holder knows it can be suspended, reinstated and revoked.
 */
function statusEntry(status: StatusAssignment, listUrl: string): Record<string, unknown> {
  const entry = {
    id: `${listUrl}#${status.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: status.purpose,
    statusListIndex: String(status.index),
    statusListCredential: listUrl,
  };
  if (status.purpose !== 'message') return entry;
  return {...entry, statusSize: MESSAGE_STATUS_SIZE, statusMessage: HALLMARK_STATUS_MESSAGES.map((message) => ({...message}))};
}

/** A badge whose related resources do not match their digests (or cannot be checked) is not issued. */
async function assertRelatedResources(value: unknown, fetchBytes: FetchBytes | undefined): Promise<void> {
  const {problems, unavailable} = await checkRelatedResources(value, fetchBytes);
  if (problems.length > 0) throw invalidInput('relatedResource is not as VC 2.0 requires', problems.map(({field, problem}) => ({field: `/credential${field}`, problem})));
  if (unavailable.length > 0) throw invalidInput('a related resource could not be fetched to check its digest', unavailable.map((problem) => ({field: '/credential/relatedResource', problem})));
}

function assertOfficialSchema(credential: Record<string, unknown>, message: string): void {
  const result = validateAgainstOfficialSchema(credential);
  if (!result.valid) {
    throw invalidInput(message, result.problems.map((problem) => ({field: `/credential${problem.field}`, problem: problem.problem})));
  }
}

/**
 * JSON-LD processing refuses what the caller wrote in ways the schema cannot
 * see (a term no context defines, a protected term redefined): say which,
 * as the caller's error, instead of failing with a 500.
 */
async function signOrExplain(...args: Parameters<typeof signCredential>): Promise<Record<string, unknown>> {
  try {
    return await signCredential(...args);
  } catch (error) {
    const details = (error as {details?: {event?: {details?: {property?: string; type?: string}}}}).details;
    const term = details?.event?.details?.property ?? details?.event?.details?.type;
    const jsonLd = /safe mode/i.test((error as Error).message) || String((error as Error).name).startsWith('jsonld.');
    if (term || jsonLd) {
      throw invalidInput('the credential is not valid JSON-LD under its contexts', [{field: '/credential', problem: term ? `"${term}" is not defined by the credential's contexts` : (error as Error).message}]);
    }
    throw error;
  }
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}

function digest(request: IssueRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
