import {randomInt, randomUUID} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {ChangeNotices} from '../store/change-notices.ts';
import {HallmarkError, notFound} from '../errors.ts';
import {encodeStatusValues, MIN_STATUS_LIST_LENGTH} from './bitstring.ts';
import {CONTEXTS, xsdDateTime} from './contexts.ts';
import type {IssuerRecord, IssuerService} from './issuers.ts';
import type {InstanceUrls} from './instance-urls.ts';
import {signCredential} from './sign.ts';
import type {RevocationRecord} from './documents.ts';
import {STATUS_VALUE, statusSizeFor} from './status-messages.ts';

/**
 * revocation and suspension entries are one bit; message entries are
 * several (status-messages.ts), so one entry can say suspended or revoked.
 */
export type StatusPurpose = 'revocation' | 'suspension' | 'message';

/**
 * Why and when a credential was revoked for good, as this instance's own
 * records keep it. On a `suspension` entry the list itself can only say
 * "suspended" (which every verifier reads right); this record is what
 * makes the suspension final and lets our own reports say "revoked".
 */
export type {RevocationRecord} from './documents.ts';

/** What an entry says, in words: its value read with its purpose and our revocation record. */
export type EntryState = 'valid' | 'suspended' | 'revoked' | 'other';

export interface EntryStanding {
  state: EntryState;
  value: number;
  /** Set once the credential is revoked for good (absent on revocations recorded before reasons were kept). */
  revoked: RevocationRecord | null;
}

/** Where a credential's bit lives; kept with the credential. */
export interface StatusAssignment {
  listId: string;
  index: number;
  purpose: StatusPurpose;
}

interface StatusListRecord extends Document {
  issuerSlug: string;
  purpose: StatusPurpose;
  sequence: number;
  /** Entries, not bits: the list holds length × statusSize bits. */
  length: number;
  /** Bits per entry; absent on lists made before message entries existed, which are 1-bit. */
  statusSize?: number;
  allocated: number;
  open: boolean;
  /** Bumped on every bit change; signed lists are cached per revision. */
  revision: number;
}

interface StatusSlotRecord extends Document {
  /** `${listId}:${index}` — the unique key that makes random allocation race-free. */
  id: string;
  listId: string;
  index: number;
  credentialId: string;
  /** The value is not 0; indexed, so signing reads only the entries that say something. */
  set: boolean;
  /** The entry's value; absent on 1-bit slots, where it is `set` as 0 or 1. */
  value?: number;
  /** Revoked for good: the value never changes again. */
  revoked?: RevocationRecord;
}

const LIST_LENGTH = MIN_STATUS_LIST_LENGTH;
// Closing a list at half occupancy keeps random picks cheap (≈2 tries at worst)
// and every list a large herd for the privacy the spec wants.
const LIST_CAPACITY = LIST_LENGTH / 2;
const MAX_PICKS = 64;

/** One entry that changed: which credential's slot, and its new value. */
export interface StatusBitChange {
  listId: string;
  index: number;
  purpose: StatusPurpose;
  /** The value is not 0. */
  set: boolean;
  /** 0 or 1 for revocation and suspension; 0 to 3 for message entries (status-messages.ts). */
  value: number;
}

/** Called synchronously once a bit is stored, so caches of live status drop it before anyone reads again. */
export type StatusChangeListener = (change: StatusBitChange) => void;

export interface SignedStatusList {
  credential: Record<string, unknown>;
  /** Changes whenever the list's content or its signing key does; the HTTP ETag. */
  version: string;
}

export class StatusListService {
  readonly #lists: Collection<StatusListRecord>;
  readonly #slots: Collection<StatusSlotRecord>;
  readonly #issuers: IssuerService;
  readonly #urls: InstanceUrls;
  readonly #signed = new Map<string, SignedStatusList>();
  readonly #listeners = new Set<StatusChangeListener>();
  readonly #publishListeners = new Set<() => void>();
  readonly #notices: ChangeNotices;

  private constructor(lists: Collection<StatusListRecord>, slots: Collection<StatusSlotRecord>, issuers: IssuerService, urls: InstanceUrls, notices: ChangeNotices) {
    this.#notices = notices;
    this.#lists = lists;
    this.#slots = slots;
    this.#issuers = issuers;
    this.#urls = urls;
  }

  static async open(store: Store, issuers: IssuerService, urls: InstanceUrls): Promise<StatusListService> {
    const lists = await store.collection<StatusListRecord>({
      name: 'status_lists',
      indexes: [{fields: ['issuerSlug', 'purpose', 'open']}, {fields: ['issuerSlug', 'purpose', 'sequence'], unique: true}],
    });
    const slots = await store.collection<StatusSlotRecord>({name: 'status_slots', indexes: [{fields: ['listId', 'set']}]});
    const notices = new ChangeNotices(store.counters, 'status-entries');
    // A process that stopped between storing a change and announcing it left other processes'
    // caches unwarned; announcing at every start covers that.
    await notices.announce();
    return new StatusListService(lists, slots, issuers, urls, notices);
  }

  listUrl(issuerSlug: string, listId: string): string {
    return this.#urls.statusList(issuerSlug, listId);
  }

  /** Reserves a random unused index in an open list of the issuer. */
  async allocate(issuerSlug: string, purpose: StatusPurpose, credentialId: string): Promise<StatusAssignment> {
    for (;;) {
      const list = await this.#openList(issuerSlug, purpose);
      for (let pick = 0; pick < MAX_PICKS; pick++) {
        const index = randomInt(list.length);
        try {
          await this.#slots.insert({id: `${list.id}:${index}`, listId: list.id, index, credentialId, set: false});
        } catch (error) {
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
        await this.#countAllocation(list.id);
        return {listId: list.id, index, purpose};
      }
      await this.#close(list.id);
    }
  }

  /** Gives back an index whose credential was never issued (signing failed). */
  async release(assignment: StatusAssignment): Promise<void> {
    if (await this.#slots.delete(`${assignment.listId}:${assignment.index}`)) {
      // Refused requests must not fill lists up: capacity counts issued credentials only.
      await this.#modifyList(assignment.listId, (list) => ({...list, allocated: Math.max(0, list.allocated - 1)}));
    }
  }

  /** Sets or clears a 1-bit (revocation, suspension) credential's bit. Revocation is final. */
  async setStatus(assignment: StatusAssignment, set: boolean): Promise<void> {
    if (assignment.purpose === 'message') throw new TypeError('message entries change through changeValue');
    await this.changeValue(assignment, (current) => {
      if (assignment.purpose === 'revocation' && current === 1 && !set) {
        throw new HallmarkError('conflict', 'a revoked credential cannot be reinstated; issue a new one');
      }
      return set ? 1 : 0;
    });
  }

  /**
   * Moves an entry to the value `decide` picks from its current one, or
   * refuses with whatever `decide` throws; atomic per entry, so two changes
   * racing each decide from the value they replace. Returns the new value.
   */
  async changeValue(assignment: StatusAssignment, decide: (current: number) => number): Promise<number> {
    const slotId = `${assignment.listId}:${assignment.index}`;
    let next: number;
    for (;;) {
      const slot = await this.#slots.get(slotId);
      if (!slot) throw notFound(`status slot ${slotId} does not exist`);
      const current = slotValue(slot.doc);
      next = decide(current);
      if (slot.doc.revoked && next !== current) throw new HallmarkError('conflict', 'a revoked credential cannot be reinstated or suspended; issue a new one');
      if (!Number.isInteger(next) || next < 0 || next >= 2 ** statusSizeFor(assignment.purpose)) {
        throw new RangeError(`status value ${next} does not fit a ${assignment.purpose} entry`);
      }
      if (next === current) return current;
      if (await this.#slots.update(slotId, slot.version, {...slot.doc, set: next !== 0, value: next})) break;
    }
    await this.#changed(assignment, next);
    return next;
  }

  /**
   * Revokes for good, in one write: the entry's "not valid" value (1 on a
   * revocation or suspension entry, "revoked" on a message entry) and the
   * record of why, so no moment exists where our records say revoked and
   * the list says valid. Idempotent: a second call keeps the first reason.
   */
  async revoke(assignment: StatusAssignment, reason: string, now = new Date()): Promise<RevocationRecord> {
    const slotId = `${assignment.listId}:${assignment.index}`;
    const value = assignment.purpose === 'message' ? STATUS_VALUE.revoked : 1;
    const revoked: RevocationRecord = {at: now.toISOString(), reason};
    for (;;) {
      const slot = await this.#slots.get(slotId);
      if (!slot) throw notFound(`status slot ${slotId} does not exist`);
      if (slot.doc.revoked) return slot.doc.revoked;
      if (await this.#slots.update(slotId, slot.version, {...slot.doc, set: true, value, revoked})) break;
    }
    await this.#changed(assignment, value);
    return revoked;
  }

  /** What the entry says now: its value, and whether our records hold it revoked for good. */
  async standing(assignment: StatusAssignment): Promise<EntryStanding> {
    const slot = await this.#slots.get(`${assignment.listId}:${assignment.index}`);
    const value = slot ? slotValue(slot.doc) : 0;
    const revoked = slot?.doc.revoked ?? null;
    return {state: entryState(assignment.purpose, value, revoked), value, revoked};
  }

  /**
   * The revocation record of entry `index` of one of our lists, when it
   * belongs to `credentialId`: what verification of our own credentials
   * reports as the reason (documents.ts). Null when there is none.
   */
  async revocationOf(issuerSlug: string, listId: string, index: number, credentialId: string): Promise<RevocationRecord | null> {
    const list = await this.#lists.get(listId);
    if (!list || list.doc.issuerSlug !== issuerSlug) return null;
    const slot = await this.#slots.get(`${listId}:${index}`);
    return slot && slot.doc.credentialId === credentialId ? (slot.doc.revoked ?? null) : null;
  }

  async #changed(assignment: StatusAssignment, value: number): Promise<void> {
    for (const listener of this.#listeners) listener({listId: assignment.listId, index: assignment.index, purpose: assignment.purpose, set: value !== 0, value});
    await this.#notices.announce();
    await this.#bumpRevision(assignment.listId);
  }

  /** The entry's value: 0 or 1 for revocation and suspension, 0 to 3 for message entries. */
  async value(assignment: StatusAssignment): Promise<number> {
    const slot = await this.#slots.get(`${assignment.listId}:${assignment.index}`);
    return slot ? slotValue(slot.doc) : 0;
  }

  /** A number that grows whenever any process on the store changes an entry (ChangeNotices). */
  changeNotice(): Promise<number> {
    return this.#notices.current();
  }

  /** Subscribes to bit changes made through this service; returns the unsubscribe function. */
  onChange(listener: StatusChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hears of every list this process signs anew after a change (metrics). */
  onPublish(listener: () => void): () => void {
    this.#publishListeners.add(listener);
    return () => this.#publishListeners.delete(listener);
  }

  async isSet(assignment: StatusAssignment): Promise<boolean> {
    return (await this.value(assignment)) !== 0;
  }

  /**
   * The signed BitstringStatusListCredential, re-signed only when a bit
   * changed or the issuer's signing key did (a list signed by a key since
   * revoked would fail every credential that points at it).
   */
  async signedList(issuerSlug: string, listId: string): Promise<SignedStatusList> {
    const found = await this.#lists.get(listId);
    if (!found || found.doc.issuerSlug !== issuerSlug) throw notFound(`no status list ${listId} for issuer "${issuerSlug}"`);
    const list = found.doc;
    const issuer = await this.#issuers.get(issuerSlug);
    const version = `${list.revision}.${this.#issuers.currentPublicKey(issuer).slice(-12)}`;
    const cached = this.#signed.get(listId);
    if (cached && cached.version === version) return cached;
    const setSlots = await this.#slots.find({listId, set: true});
    const credential = await this.#signList(issuer, list, setSlots.map((slot): [number, number] => [slot.doc.index, slotValue(slot.doc)]));
    const signed = {credential, version};
    this.#signed.set(listId, signed);
    for (const listener of this.#publishListeners) listener();
    return signed;
  }

  /**
   * A message list carries no statusSize or statusMessages of its own: the
   * v2 context defines neither on BitstringStatusList (signing would fail
   * on an undefined term), and each entry commits to both at issuance.
   */
  async #signList(issuer: IssuerRecord, list: StatusListRecord, values: Array<[index: number, value: number]>): Promise<Record<string, unknown>> {
    const url = this.listUrl(issuer.id, list.id);
    const unsigned = {
      '@context': [CONTEXTS.credentialsV2],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: issuer.did,
      validFrom: xsdDateTime(new Date()),
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: list.purpose,
        encodedList: encodeStatusValues(values, list.length, list.statusSize ?? 1),
      },
    };
    // Lists are always signed with the modern suite: their verifiers are current software.
    return signCredential(unsigned, this.#issuers.signingKey(issuer), 'DataIntegrityProof');
  }

  async #openList(issuerSlug: string, purpose: StatusPurpose): Promise<StatusListRecord> {
    for (;;) {
      const [open] = await this.#lists.find({issuerSlug, purpose, open: true}, {sortBy: 'sequence', descending: true, limit: 1});
      if (open) return open.doc;
      const [last] = await this.#lists.find({issuerSlug, purpose}, {sortBy: 'sequence', descending: true, limit: 1});
      const record: StatusListRecord = {
        id: randomUUID(),
        issuerSlug,
        purpose,
        sequence: (last?.doc.sequence ?? 0) + 1,
        length: LIST_LENGTH,
        statusSize: statusSizeFor(purpose),
        allocated: 0,
        open: true,
        revision: 0,
      };
      try {
        return (await this.#lists.insert(record)).doc;
      } catch (error) {
        // Another request opened the next list first; use theirs.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  }

  async #countAllocation(listId: string): Promise<void> {
    await this.#modifyList(listId, (list) => {
      const allocated = list.allocated + 1;
      return {...list, allocated, open: list.open && allocated < LIST_CAPACITY};
    });
  }

  async #close(listId: string): Promise<void> {
    await this.#modifyList(listId, (list) => ({...list, open: false}));
  }

  async #bumpRevision(listId: string): Promise<void> {
    await this.#modifyList(listId, (list) => ({...list, revision: list.revision + 1}));
  }

  async #modifyList(listId: string, change: (list: StatusListRecord) => StatusListRecord): Promise<void> {
    for (;;) {
      const found = await this.#lists.get(listId);
      if (!found) throw notFound(`no status list ${listId}`);
      if (await this.#lists.update(listId, found.version, change(found.doc))) return;
    }
  }
}

/**
 * A value in words. A set suspension bit is "revoked" only with our record
 * of it; a revocation bit always is; a message entry says it by value.
 */
export function entryState(purpose: StatusPurpose, value: number, revoked: RevocationRecord | null): EntryState {
  if (value === 0) return 'valid';
  if (revoked || purpose === 'revocation') return 'revoked';
  if (purpose === 'suspension') return 'suspended';
  return value === STATUS_VALUE.suspended ? 'suspended' : value === STATUS_VALUE.revoked ? 'revoked' : 'other';
}

function slotValue(slot: StatusSlotRecord): number {
  return slot.value ?? (slot.set ? 1 : 0);
}
