/**
 * Credentials a person's backpack pushed here for safe-keeping (the Open
 * Badges API's upsert): kept as sent (JSON or a compact JWS), keyed by the
 * credential's id, with the verdict of the one verification pipeline at the
 * time it arrived.
 */
import {createHash} from 'node:crypto';
import type {Collection, Document, Store} from '../store/port.ts';
import {DuplicateKeyError} from '../store/port.ts';
import type {Verify} from '../credentials/verify/index.ts';
import type {CredentialStatusVerdict} from '../credentials/report.ts';
import {HallmarkError} from '../errors.ts';

/** At most this many credentials kept per person: safe-keeping, not a storage service. */
export const MAX_KEPT_PER_PERSON = 1000;

export interface KeptCredential {
  /** The credential's own id, or a digest of it when it has none. */
  key: string;
  /** A JSON credential, or a VC-JWT as its compact JWS. */
  body: Record<string, unknown> | string;
  name: string | null;
  issuerName: string | null;
  /** When it says it was issued (validFrom / issuanceDate), else when it arrived. */
  issuedAt: string;
  storedAt: string;
  updatedAt: string;
  verification: {verified: boolean; status: CredentialStatusVerdict; checkedAt: string; errors: string[]};
}

interface KeptRecord extends Document, Omit<KeptCredential, 'body'> {
  handle: string;
  /** As sent: JSON text (a MongoDB document should not carry a stranger's keys as field names) or the JWS. */
  body: string;
  format: 'json' | 'jws';
}

export class KeptCredentials {
  readonly #kept: Collection<KeptRecord>;
  readonly #verify: Verify;

  private constructor(kept: Collection<KeptRecord>, verify: Verify) {
    this.#kept = kept;
    this.#verify = verify;
  }

  static async open(store: Store, verify: Verify): Promise<KeptCredentials> {
    return new KeptCredentials(await store.collection<KeptRecord>({name: 'kept_credentials', indexes: [{fields: ['handle']}]}), verify);
  }

  /**
   * Verifies and keeps `body` for `handle`, replacing the one with the same
   * key. Not a credential at all: invalid-input, and nothing is kept.
   */
  async upsert(handle: string, body: Record<string, unknown> | string, now = new Date()): Promise<{created: boolean; kept: KeptCredential}> {
    // Throws invalid-input before anything is written when the body is no credential.
    const report = await this.#verify(body);
    const key = report.credential?.id ?? `urn:sha256:${createHash('sha256').update(typeof body === 'string' ? body : JSON.stringify(body)).digest('hex')}`;
    const id = `${handle} ${createHash('sha256').update(key).digest('hex')}`;
    const stamp = now.toISOString();
    const issuer = report.credential?.issuer.name ?? null;
    const named = typeof body === 'object' && typeof body.name === 'string' ? body.name.slice(0, 200) : null;
    const fresh: KeptRecord = {
      id, handle, key, body: typeof body === 'string' ? body : JSON.stringify(body), format: typeof body === 'string' ? 'jws' : 'json', name: named, issuerName: issuer, issuedAt: report.credential?.validFrom ?? stamp, storedAt: stamp, updatedAt: stamp,
      verification: {verified: report.verified, status: report.status, checkedAt: stamp, errors: report.errors.slice(0, 5)},
    };
    for (;;) {
      const existing = await this.#kept.get(id);
      if (existing) {
        const replaced = await this.#kept.update(id, existing.version, {...fresh, storedAt: existing.doc.storedAt});
        if (replaced) return {created: false, kept: publicKept(replaced.doc)};
        continue;
      }
      if ((await this.#kept.count({handle})) >= MAX_KEPT_PER_PERSON) throw new HallmarkError('conflict', `at most ${MAX_KEPT_PER_PERSON} credentials are kept for one person`);
      try {
        await this.#kept.insert(fresh);
        return {created: true, kept: publicKept(fresh)};
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  }

  /** Everything kept for `handle`, oldest issued first. */
  async of(handle: string): Promise<KeptCredential[]> {
    return (await this.#kept.find({handle})).map(({doc}) => publicKept(doc)).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.key.localeCompare(b.key));
  }
}

function publicKept(record: KeptRecord): KeptCredential {
  const {id: _id, handle: _handle, format, body, ...kept} = record;
  return {...kept, body: format === 'jws' ? body : (JSON.parse(body) as Record<string, unknown>)};
}
