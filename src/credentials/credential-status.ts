import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {CredentialRecord, CredentialRecords} from './credential-records.ts';
import type {StatusListService, StatusPurpose} from './status-lists.ts';

export interface StatusChange {
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  status: boolean;
}

export interface StatusUpdate {
  credentialId: string;
  credentialStatus: StatusChange[];
}

/** Revokes, suspends and reinstates credentials an issuer of this instance signed. */
export class CredentialStatusService {
  readonly #records: CredentialRecords;
  readonly #statusLists: StatusListService;

  constructor(records: CredentialRecords, statusLists: StatusListService) {
    this.#records = records;
    this.#statusLists = statusLists;
  }

  async update(issuerSlug: string, update: StatusUpdate): Promise<StatusUpdate> {
    const record = await this.#records.get(update.credentialId);
    // Another issuer's credential is reported as absent, not forbidden: ids do not leak across tenants.
    if (record.issuerSlug !== issuerSlug) throw notFound(`no credential ${update.credentialId.slice(0, 120)} for issuer "${issuerSlug}"`);
    // Work out the one final state before writing anything, so a refused request changes nothing.
    const wanted = new Set(update.credentialStatus.map((change) => change.status));
    if (wanted.size > 1) {
      throw invalidInput('the request asks for contradictory changes', [{field: '/credentialStatus', problem: `sets ${record.status.purpose} both true and false`}]);
    }
    for (const [position, change] of update.credentialStatus.entries()) {
      if (change.statusPurpose !== record.status.purpose) {
        throw new HallmarkError('conflict', `this credential was issued with a ${record.status.purpose} status entry, so it cannot take a ${change.statusPurpose} change`, [
          {field: `/credentialStatus/${position}/statusPurpose`, problem: `must be "${record.status.purpose}" for this credential`},
        ]);
      }
    }
    await this.#statusLists.setStatus(record.status, update.credentialStatus[0].status);
    return this.current(record);
  }

  async current(record: CredentialRecord): Promise<StatusUpdate> {
    return {
      credentialId: record.credentialId,
      credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: record.status.purpose, status: await this.#statusLists.isSet(record.status)}],
    };
  }
}
