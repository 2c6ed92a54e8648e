/**
 * Credentials other instances' communities sent us, kept with their
 * provenance: which actor sent them, in which activity, when, and what the
 * one verification pipeline said. A credential is taken as an actor's only
 * when its issuer is bound to that actor (binding.ts); anything else is
 * refused, not stored. A review credential that travels with the review it
 * vouches for (pinned by digest in the credential's evidence) keeps that
 * review, so imports can count it.
 */
import {createHash} from 'node:crypto';
import type {DocumentResolver} from '../credentials/documents.ts';
import type {VerificationReport, Check} from '../credentials/report.ts';
import type {Verify} from '../credentials/verify/index.ts';
import {asArray, isObject, nodeId, type JsonObject} from '../json.ts';
import {parsePurl} from '../purl.ts';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {reviewDigest, type ReviewContent} from '../vetting/review-digest.ts';
import {bindingProblem} from './binding.ts';

/** The review a peer's review credential vouches for, as much of it as imports need. */
export interface ReceivedReview {
  id: string;
  reviewer: string;
  purl: string;
  package: string;
  kind: 'full' | 'delta' | 'violation';
  from?: string;
  range?: string;
  criteria: string[];
  createdAt: string;
}

export interface ReceivedCredential {
  id: string;
  /** The sending actor's URL and its host. */
  actor: string;
  host: string;
  activityId: string;
  noteId: string | null;
  credentialId: string;
  issuer: string;
  /** Every status list the credential names: an Update naming one re-verifies it. */
  statusLists: string[];
  credential: JsonObject;
  receivedAt: string;
  verifiedAt: string;
  report: {verified: boolean; status: VerificationReport['status']; checks: Check[]};
  /** From a host of the `unknown` tier: stored, shown to stewards, never counted. */
  quarantined: boolean;
  /** The sender deleted the note that carried it (a retracted review). */
  deleted: boolean;
  review: ReceivedReview | null;
  /** The reviewed package (purl without version), for reviews: what imports look up by. */
  package: string | null;
}

type Record_ = ReceivedCredential & Document;

export interface Delivery {
  actor: JsonObject;
  activityId: string;
  noteId: string | null;
  credential: unknown;
  review: unknown;
  quarantined: boolean;
}

export type ReceiveOutcome = {accepted: true; record: ReceivedCredential} | {accepted: false; reason: string};

export class ReceivedCredentials {
  readonly #received: Collection<Record_>;
  readonly #verify: Verify;
  readonly #resolver: () => DocumentResolver;

  private constructor(received: Collection<Record_>, verify: Verify, resolver: () => DocumentResolver) {
    this.#received = received;
    this.#verify = verify;
    this.#resolver = resolver;
  }

  static async open(store: Store, verify: Verify, resolver: () => DocumentResolver): Promise<ReceivedCredentials> {
    const received = await store.collection<Record_>({
      name: 'federation_received',
      indexes: [{fields: ['actor', 'package']}, {fields: ['actor']}, {fields: ['noteId']}, {fields: ['receivedAt']}],
    });
    return new ReceivedCredentials(received, verify, resolver);
  }

  /** Verifies and stores one delivered credential; refuses (stores nothing) when its issuer is not the sender's. */
  async receive(delivery: Delivery, now = new Date()): Promise<ReceiveOutcome> {
    const actorId = typeof delivery.actor.id === 'string' ? delivery.actor.id : '';
    const credential = delivery.credential;
    if (!isObject(credential)) return {accepted: false, reason: 'the note carries no credential object'};
    const issuer = nodeId(credential.issuer);
    const credentialId = typeof credential.id === 'string' ? credential.id : null;
    if (issuer === undefined || credentialId === null) return {accepted: false, reason: 'the credential names no issuer or no id'};
    const unbound = await bindingProblem(delivery.actor, issuer, this.#resolver());
    if (unbound !== null) return {accepted: false, reason: `the credential's issuer ${issuer} is not bound to ${actorId}: ${unbound}`};
    const review = readReview(delivery.review, credential);
    if (typeof review === 'string') return {accepted: false, reason: review};
    const report = await this.#verify(credential);
    const id = recordId(actorId, credentialId);
    const record: Record_ = {
      id,
      actor: actorId,
      host: new URL(actorId).host,
      activityId: delivery.activityId,
      noteId: delivery.noteId,
      credentialId,
      issuer,
      statusLists: statusLists(credential),
      credential,
      receivedAt: now.toISOString(),
      verifiedAt: now.toISOString(),
      report: summary(report),
      quarantined: delivery.quarantined,
      deleted: false,
      review,
      package: review?.package ?? null,
    };
    for (;;) {
      const found = await this.#received.get(id);
      if (found === null) {
        try {
          await this.#received.insert(record);
          return {accepted: true, record};
        } catch (error) {
          // Someone else stored it first: read it again.
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
      }
      // The same credential again (a re-delivery): keep when it first came, refresh the rest.
      const next = {...record, receivedAt: found.doc.receivedAt};
      if (await this.#received.update(id, found.version, next)) return {accepted: true, record: next};
    }
  }

  /**
   * Re-verifies every credential from `actor` that names `statusList`,
   * fetching the list afresh from its issuer (never a relayed copy). Returns
   * the records whose verdict changed.
   */
  async reverify(actor: string, statusList: string, now = new Date()): Promise<ReceivedCredential[]> {
    const changed: ReceivedCredential[] = [];
    for (const {doc} of await this.#received.find({actor})) {
      if (!doc.statusLists.includes(statusList)) continue;
      const report = summary(await this.#verify(doc.credential));
      for (;;) {
        const found = await this.#received.get(doc.id);
        if (found === null) break;
        const next = {...found.doc, report, verifiedAt: now.toISOString()};
        if (!(await this.#received.update(doc.id, found.version, next))) continue;
        if (found.doc.report.status !== report.status || found.doc.report.verified !== report.verified) changed.push(next);
        break;
      }
    }
    return changed;
  }

  /** Marks what a deleted note carried as deleted; returns the records it touched. */
  async markDeleted(actor: string, noteId: string): Promise<ReceivedCredential[]> {
    const touched: ReceivedCredential[] = [];
    for (const {doc, version} of await this.#received.find({noteId})) {
      if (doc.actor !== actor || doc.deleted) continue;
      const next = {...doc, deleted: true};
      if (await this.#received.update(doc.id, version, next)) touched.push(next);
    }
    return touched;
  }

  async fromActor(actor: string, packagePurl?: string): Promise<ReceivedCredential[]> {
    const filter: Record<string, string> = packagePurl === undefined ? {actor} : {actor, package: packagePurl};
    return (await this.#received.find(filter, {sortBy: 'receivedAt', descending: true})).map(({doc}) => doc);
  }
}

function recordId(actor: string, credentialId: string): string {
  return `r-${createHash('sha256').update(`${actor}\n${credentialId}`).digest('base64url').slice(0, 32)}`;
}

function summary(report: VerificationReport): ReceivedCredential['report'] {
  return {verified: report.verified, status: report.status, checks: report.checks};
}

function statusLists(credential: JsonObject): string[] {
  return asArray(credential.credentialStatus).flatMap((entry) => (isObject(entry) && typeof entry.statusListCredential === 'string' ? [entry.statusListCredential] : []));
}

const DIGEST_IN_EVIDENCE = /Review digest (sha256-[A-Za-z0-9_-]{43})/;

/**
 * The review that travels with a review credential, accepted only when its
 * digest is the one the signed credential pins. Null when the note carries
 * no review; a string says why a review that came is refused.
 */
function readReview(value: unknown, credential: JsonObject): ReceivedReview | null | string {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) return 'the review attached to the note is not an object';
  const pinned = asArray(credential.evidence).flatMap((item) => {
    const match = isObject(item) && typeof item.description === 'string' ? DIGEST_IN_EVIDENCE.exec(item.description) : null;
    return match ? [match[1]] : [];
  });
  if (pinned.length === 0) return 'the credential pins no review digest, so the attached review cannot be trusted';
  let digest: string;
  try {
    digest = reviewDigest(value as unknown as ReviewContent);
  } catch {
    return 'the attached review cannot be digested';
  }
  if (!pinned.includes(digest)) return 'the attached review is not the one the credential pins (digest mismatch)';
  const {id, reviewer, purl, kind, from, range, criteria, createdAt} = value;
  if (typeof id !== 'string' || typeof reviewer !== 'string' || typeof purl !== 'string' || typeof createdAt !== 'string') return 'the attached review lacks id, reviewer, purl or createdAt';
  if (kind !== 'full' && kind !== 'delta' && kind !== 'violation') return 'the attached review has an unknown kind';
  if (!Array.isArray(criteria) || !criteria.every((name) => typeof name === 'string')) return 'the attached review lists no criteria';
  let packagePurl: string;
  try {
    packagePurl = parsePurl(purl).package;
  } catch {
    return 'the attached review names no valid purl';
  }
  if (credentialSubjectId(credential) !== purl) return 'the attached review is about another package than the credential';
  return {
    id, reviewer, purl, package: packagePurl, kind, criteria: criteria as string[], createdAt,
    ...(typeof from === 'string' ? {from} : {}), ...(typeof range === 'string' ? {range} : {}),
  };
}

function credentialSubjectId(credential: JsonObject): string | undefined {
  const subject = asArray(credential.credentialSubject)[0];
  return isObject(subject) && typeof subject.id === 'string' ? subject.id : undefined;
}
