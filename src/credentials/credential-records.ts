import type {Collection, Document, Store} from '../store/port.ts';
import {invalidInput, notFound} from '../errors.ts';
import type {StatusAssignment} from './status-lists.ts';

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

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export class CredentialRecords {
  readonly #records: Collection<CredentialRecord>;
  readonly #publicUrl: string;

  private constructor(records: Collection<CredentialRecord>, publicUrl: string) {
    this.#records = records;
    this.#publicUrl = publicUrl;
  }

  static async open(store: Store, publicUrl: string): Promise<CredentialRecords> {
    const records = await store.collection<CredentialRecord>({name: 'credentials', indexes: [{fields: ['issuerSlug', 'createdAt']}]});
    return new CredentialRecords(records, publicUrl);
  }

  /** Over https, ids are dereferenceable URLs; otherwise urn:uuid (a localhost URL would mislead). */
  credentialIdFor(uuid: string): string {
    return this.#publicUrl.startsWith('https://') ? `${this.#publicUrl}/credentials/${uuid}` : `urn:uuid:${uuid}`;
  }

  /** Accepts a bare UUID, `urn:uuid:…` or this instance's credential URL. */
  uuidOf(reference: string): string {
    const lower = reference.trim().toLowerCase();
    const match = new RegExp(`^(?:urn:uuid:|${escapeRegExp(this.#publicUrl.toLowerCase())}/credentials/)?(${UUID})$`).exec(lower);
    if (!match) throw invalidInput(`"${reference.slice(0, 120)}" is not a credential id of this instance`, [{field: '/credentialId', problem: 'expected urn:uuid:…, a UUID, or a URL under /credentials/'}]);
    return match[1];
  }

  async insert(record: CredentialRecord): Promise<void> {
    await this.#records.insert(record);
  }

  async find(uuid: string): Promise<CredentialRecord | null> {
    return (await this.#records.get(uuid))?.doc ?? null;
  }

  async get(reference: string): Promise<CredentialRecord> {
    const record = await this.find(this.uuidOf(reference));
    if (!record) throw notFound(`no credential ${reference.slice(0, 120)} on this instance`);
    return record;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
