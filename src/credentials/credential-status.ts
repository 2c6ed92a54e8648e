import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import {authorize, type Actor} from '../authz/index.ts';
import type {CredentialRecord, CredentialRecords} from './credential-records.ts';
import type {EntryStanding, StatusListService} from './status-lists.ts';
import {STATUS_VALUE} from './status-messages.ts';

/**
 * What callers ask for and are told, in the VC-API's terms: revoked or
 * not, suspended or not. A credential with a suspension or message entry
 * takes both: it can be suspended, reinstated, and revoked for good.
 */
export type StatusChangePurpose = 'revocation' | 'suspension';

export interface StatusChange {
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusChangePurpose;
  status: boolean;
}

export interface StatusUpdate {
  credentialId: string;
  credentialStatus: StatusChange[];
}

/** Where a credential stands by this instance's records: what our reports, pages and badges say. */
export interface CredentialStanding {
  state: 'valid' | 'suspended' | 'revoked' | 'other';
  /** Why and when it was revoked, where our records say (absent on revocations recorded before reasons were kept). */
  revoked: {at: string; reason: string} | null;
}

type Wanted = Partial<Record<StatusChangePurpose, boolean>>;

/** The reason recorded when the issuer revokes through the VC-API, which carries none. */
export const ISSUER_REVOCATION_REASON = 'revoked by its issuer';

/** Revokes, suspends and reinstates credentials an issuer of this instance signed. */
export class CredentialStatusService {
  readonly #records: CredentialRecords;
  readonly #statusLists: StatusListService;
  readonly #changeListeners: Array<(record: CredentialRecord) => Promise<void>> = [];
  readonly #intentListeners: Array<(record: CredentialRecord, before: StatusUpdate) => Promise<void>> = [];

  constructor(records: CredentialRecords, statusLists: StatusListService) {
    this.#records = records;
    this.#statusLists = statusLists;
  }

  /**
   * Called after a status write (federation announces the list changed). A
   * listener's failure is logged, never thrown: the status is already set.
   */
  onChange(listener: (record: CredentialRecord) => Promise<void>): void {
    this.#changeListeners.push(listener);
  }

  /**
   * Called before a status write with the status as it is, so that work the
   * change implies (federation's announcement) is recorded durably first and
   * survives a crash between the write and what follows it. A failing
   * listener refuses the change: nothing has been written yet.
   */
  beforeChange(listener: (record: CredentialRecord, before: StatusUpdate) => Promise<void>): void {
    this.#intentListeners.push(listener);
  }

  /**
   * Applies a VC-API status update. Revocation is final on every kind of
   * entry: on a suspension entry it sets the bit for good and records
   * `reason` (one write, status-lists.ts), so every verifier reads the
   * credential as not valid and our own reports say "revoked" and why.
   */
  /** The VC-API's status update: the admin, or a token acting for this issuer. */
  async updateAs(actor: Actor, issuerSlug: string, update: StatusUpdate): Promise<StatusUpdate> {
    authorize(actor, 'credentials.status', {issuer: issuerSlug});
    return this.update(issuerSlug, update);
  }

  async update(issuerSlug: string, update: StatusUpdate, reason = ISSUER_REVOCATION_REASON): Promise<StatusUpdate> {
    if (this.#intentListeners.length > 0) {
      const found = await this.#records.get(update.credentialId);
      if (found.issuerSlug === issuerSlug) {
        const before = await this.current(found);
        for (const listener of this.#intentListeners) await listener(found, before);
      }
    }
    const result = await this.#update(issuerSlug, update, reason);
    const record = await this.#records.get(update.credentialId);
    for (const listener of this.#changeListeners) await listener(record).catch((error: unknown) => console.error('status change listener failed:', error));
    return result;
  }

  async #update(issuerSlug: string, update: StatusUpdate, reason: string): Promise<StatusUpdate> {
    const record = await this.#records.get(update.credentialId);
    // Another issuer's credential is reported as absent, not forbidden: ids do not leak across tenants.
    if (record.issuerSlug !== issuerSlug) throw notFound(`no credential ${update.credentialId.slice(0, 120)} for issuer "${issuerSlug}"`);
    // Work out the one final state before writing anything, so a refused request changes nothing.
    const purpose = record.status.purpose;
    const wanted = wantedState(update.credentialStatus, purpose);
    if (wanted.revocation === true) {
      await this.#statusLists.revoke(record.status, reason);
    } else if ((await this.#statusLists.standing(record.status)).state === 'revoked' && (wanted.revocation === false || wanted.suspension !== undefined)) {
      throw new HallmarkError('conflict', 'a revoked credential cannot be reinstated or suspended; issue a new one');
    } else if (purpose === 'message') {
      await this.#statusLists.changeValue(record.status, (current) => nextMessageValue(current, wanted));
    } else {
      await this.#statusLists.changeValue(record.status, (current) => nextBit(current, wanted, purpose));
    }
    return this.current(record);
  }

  async current(record: CredentialRecord): Promise<StatusUpdate> {
    const {state} = await this.#statusLists.standing(record.status);
    const entry = (statusPurpose: StatusChangePurpose, status: boolean): StatusChange => ({type: 'BitstringStatusListEntry', statusPurpose, status});
    return {
      credentialId: record.credentialId,
      credentialStatus:
        record.status.purpose === 'revocation'
          ? [entry('revocation', state === 'revoked')]
          : [entry('revocation', state === 'revoked'), entry('suspension', state === 'suspended')],
    };
  }

  /**
   * Brings a credential to `state` if it is not there yet, writing (and
   * announcing) nothing when it is: for re-entrant steps that settle a
   * credential as a record says, again after a crash. A revoked credential
   * stays revoked; an id that was never issued is skipped.
   */
  async ensure(issuerSlug: string, credentialId: string, state: 'valid' | 'suspended' | 'revoked', reason?: string): Promise<void> {
    const record = await this.#records.find(this.#records.uuidOf(credentialId));
    if (!record) return;
    const current = (await this.#statusLists.standing(record.status)).state;
    if (current === state || current === 'revoked') return;
    const change: StatusChange = state === 'revoked'
      ? {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}
      : {type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: state === 'suspended'};
    await this.update(issuerSlug, {credentialId, credentialStatus: [change]}, reason);
  }

  /** The credential's standing by our records: a suspended entry we revoked for good says "revoked", with the reason. */
  async standing(record: CredentialRecord): Promise<CredentialStanding> {
    const {state, revoked}: EntryStanding = await this.#statusLists.standing(record.status);
    return {state, revoked};
  }
}

function wantedState(changes: StatusChange[], purpose: string): Wanted {
  const wanted: Wanted = {};
  for (const [position, change] of changes.entries()) {
    if (wanted[change.statusPurpose] !== undefined && wanted[change.statusPurpose] !== change.status) {
      throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: `sets ${change.statusPurpose} both true and false`}]);
    }
    if (purpose === 'revocation' && change.statusPurpose !== 'revocation') {
      throw new HallmarkError('conflict', `this credential was issued with a revocation status entry, so it cannot take a ${change.statusPurpose} change`, [
        {field: `/credentialStatus/${position}/statusPurpose`, problem: 'must be "revocation" for this credential'},
      ]);
    }
    wanted[change.statusPurpose] = change.status;
  }
  if (wanted.revocation === true && wanted.suspension === true) {
    throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: 'a credential is revoked or suspended, not both'}]);
  }
  return wanted;
}

/**
 * A 1-bit entry without a revocation asked for: a suspension entry moves
 * valid ⇄ suspended (one revoked meanwhile refuses, in status-lists.ts); a
 * revocation entry only changes by being revoked.
 */
function nextBit(current: number, wanted: Wanted, purpose: string): number {
  if (purpose === 'revocation' || wanted.suspension === undefined) return current;
  return Number(wanted.suspension);
}

/**
 * A message entry moves valid ⇄ suspended, and from either to revoked,
 * which is final: reinstating or suspending a revoked credential is refused.
 */
function nextMessageValue(current: number, wanted: Wanted): number {
  // Revoked meanwhile (the caller checked before): final.
  if (current === STATUS_VALUE.revoked) {
    if (wanted.suspension === undefined && wanted.revocation !== false) return current;
    throw new HallmarkError('conflict', 'a revoked credential cannot be reinstated or suspended; issue a new one');
  }
  if (wanted.suspension !== undefined) return wanted.suspension ? STATUS_VALUE.suspended : STATUS_VALUE.valid;
  return current;
}
