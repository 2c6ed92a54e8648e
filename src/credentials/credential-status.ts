import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {CredentialRecord, CredentialRecords} from './credential-records.ts';
import type {StatusListService} from './status-lists.ts';
import {STATUS_VALUE} from './status-messages.ts';

/**
 * What callers ask for and are told, in the VC-API's terms: revoked or
 * not, suspended or not. A credential with a message entry takes both.
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

type Wanted = Partial<Record<StatusChangePurpose, boolean>>;

/** Revokes, suspends and reinstates credentials an issuer of this instance signed. */
export class CredentialStatusService {
  readonly #records: CredentialRecords;
  readonly #statusLists: StatusListService;
  readonly #changeListeners: Array<(record: CredentialRecord) => Promise<void>> = [];

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

  async update(issuerSlug: string, update: StatusUpdate): Promise<StatusUpdate> {
    const result = await this.#update(issuerSlug, update);
    const record = await this.#records.get(update.credentialId);
    for (const listener of this.#changeListeners) await listener(record).catch((error: unknown) => console.error('status change listener failed:', error));
    return result;
  }

  async #update(issuerSlug: string, update: StatusUpdate): Promise<StatusUpdate> {
    const record = await this.#records.get(update.credentialId);
    // Another issuer's credential is reported as absent, not forbidden: ids do not leak across tenants.
    if (record.issuerSlug !== issuerSlug) throw notFound(`no credential ${update.credentialId.slice(0, 120)} for issuer "${issuerSlug}"`);
    // Work out the one final state before writing anything, so a refused request changes nothing.
    const purpose = record.status.purpose;
    if (purpose === 'message') {
      const wanted = wantedState(update.credentialStatus);
      await this.#statusLists.changeValue(record.status, (current) => nextMessageValue(current, wanted));
      return this.current(record);
    }
    if (new Set(update.credentialStatus.map((change) => change.status)).size > 1) {
      throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: `sets ${purpose} both true and false`}]);
    }
    for (const [position, change] of update.credentialStatus.entries()) {
      if (change.statusPurpose !== purpose) {
        throw new HallmarkError('conflict', `this credential was issued with a ${purpose} status entry, so it cannot take a ${change.statusPurpose} change`, [
          {field: `/credentialStatus/${position}/statusPurpose`, problem: `must be "${purpose}" for this credential`},
        ]);
      }
    }
    await this.#statusLists.setStatus(record.status, update.credentialStatus[0].status);
    return this.current(record);
  }

  async current(record: CredentialRecord): Promise<StatusUpdate> {
    const value = await this.#statusLists.value(record.status);
    const entry = (statusPurpose: StatusChangePurpose, status: boolean): StatusChange => ({type: 'BitstringStatusListEntry', statusPurpose, status});
    const purpose = record.status.purpose;
    return {
      credentialId: record.credentialId,
      credentialStatus:
        purpose === 'message'
          ? [entry('revocation', value === STATUS_VALUE.revoked), entry('suspension', value === STATUS_VALUE.suspended)]
          : [entry(purpose, value !== 0)],
    };
  }
}

function wantedState(changes: StatusChange[]): Wanted {
  const wanted: Wanted = {};
  for (const change of changes) {
    if (wanted[change.statusPurpose] !== undefined && wanted[change.statusPurpose] !== change.status) {
      throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: `sets ${change.statusPurpose} both true and false`}]);
    }
    wanted[change.statusPurpose] = change.status;
  }
  if (wanted.revocation === true && wanted.suspension === true) {
    throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: 'a credential is revoked or suspended, not both'}]);
  }
  return wanted;
}

/**
 * A message entry moves valid ⇄ suspended, and from either to revoked,
 * which is final: reinstating or suspending a revoked credential is refused.
 */
function nextMessageValue(current: number, wanted: Wanted): number {
  if (current === STATUS_VALUE.revoked) {
    if (wanted.revocation === true || (wanted.revocation === undefined && wanted.suspension === undefined)) return current;
    throw new HallmarkError('conflict', 'a revoked credential cannot be reinstated or suspended; issue a new one');
  }
  if (wanted.revocation === true) return STATUS_VALUE.revoked;
  if (wanted.suspension !== undefined) return wanted.suspension ? STATUS_VALUE.suspended : STATUS_VALUE.valid;
  return current;
}
