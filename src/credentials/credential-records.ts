import type {Collection, Document, Store} from '../store/port.ts';
import {invalidInput, notFound} from '../errors.ts';
import type {StatusAssignment} from './status-lists.ts';
import type {InstanceUrls} from './instance-urls.ts';

/** A credential this instance issued, with what it needs to manage its status. */
export interface CredentialRecord extends Document {
  /** The UUID part of the credential id. */
  id: string;
  credentialId: string;
  issuerSlug: string;
  credential: Record<string, unknown>;
  status: StatusAssignment;
  createdAt: string;
}

export class CredentialRecords {
  readonly #records: Collection<CredentialRecord>;
  readonly #urls: InstanceUrls;

  private constructor(records: Collection<CredentialRecord>, urls: InstanceUrls) {
    this.#records = records;
    this.#urls = urls;
  }

  static async open(store: Store, urls: InstanceUrls): Promise<CredentialRecords> {
    const records = await store.collection<CredentialRecord>({name: 'credentials', indexes: [{fields: ['issuerSlug', 'createdAt']}]});
    return new CredentialRecords(records, urls);
  }

  credentialIdFor(uuid: string): string {
    return this.#urls.credentialId(uuid);
  }

  /** Accepts a bare UUID, `urn:uuid:…` or this instance's credential URL. */
  uuidOf(reference: string): string {
    const uuid = this.#urls.credentialUuid(reference);
    if (!uuid) throw invalidInput(`"${reference.slice(0, 120)}" is not a credential id of this instance`, [{field: '/credentialId', problem: 'expected urn:uuid:…, a UUID, or a URL under /credentials/'}]);
    return uuid;
  }

  async insert(record: CredentialRecord): Promise<void> {
    await this.#records.insert(record);
  }

  async find(uuid: string): Promise<CredentialRecord | null> {
    return (await this.#records.get(uuid))?.doc ?? null;
  }

  /** Any one issued credential, or null when there is none (start-up checks). */
  async sample(): Promise<CredentialRecord | null> {
    const [found] = await this.#records.find({}, {limit: 1});
    return found?.doc ?? null;
  }

  async get(reference: string): Promise<CredentialRecord> {
    const record = await this.find(this.uuidOf(reference));
    if (!record) throw notFound(`no credential ${reference.slice(0, 120)} on this instance`);
    return record;
  }
}
