/**
 * What this data belongs to, checked at every start before anything is
 * served: the schema version of the stored data (migrated forward here, in
 * order, each step idempotent), the public URL credentials were issued under,
 * and proof that the configured master secret opens the sealed keys.
 *
 * The record is one document (`instance/instance`); data from a release that
 * had none is schema version 0, and the first migration infers what that
 * release issued under from the stored credentials themselves.
 */
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';
import {decodeDidWebBase} from './did-web-base.ts';

export const SCHEMA_VERSION = 1;

const SECRET_CHECK = 'hallmark-master-secret-check';
const ASSOCIATED = 'instance';

interface InstanceRecord extends Document {
  id: 'instance';
  schemaVersion: number;
  /** HALLMARK_PUBLIC_URL when the first credential or issuer was made (or at the first start). */
  publicUrl: string;
  /** A known text sealed with the master secret: opening it proves the secret is the right one. */
  secretCheck: SealedSecret;
  createdAt: string;
  migratedAt: string | null;
}

/** What the checks need to know about the stored data. */
export interface InstanceProbe {
  /** Some issued credential's status-list URL with its issuer, or null. */
  sampleStatusList(): Promise<{url: string; issuerSlug: string} | null>;
  /** Some issuer's DID, or null. */
  sampleIssuerDid(): Promise<string | null>;
  /** Opens some stored private key: true when it opens, false when it does not, null when none is stored. */
  openSampleKey(): Promise<boolean | null>;
}

/** A start-up refusal the operator must act on; the message says what and how. */
export class StartupRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefusal';
  }
}

export interface InstanceCheck {
  publicUrl: string;
  schemaVersion: number;
  /** Re-checks that the vault still opens the secret check (readiness). */
  keysOpen(): boolean;
}

export async function checkInstance(store: Store, vault: KeyVault, configuredUrl: string, probe: InstanceProbe, now = new Date()): Promise<InstanceCheck> {
  const records = await store.collection<InstanceRecord>({name: 'instance', indexes: []});
  for (;;) {
    const found = await records.get('instance');
    if (found === null) {
      const created = await fromPreviousRelease(vault, configuredUrl, probe, now);
      try {
        await records.insert(created);
      } catch (error) {
        if (error instanceof DuplicateKeyError) continue; // another process started at the same moment
        throw error;
      }
      return verified(vault, created);
    }
    const record = found.doc;
    if (record.schemaVersion > SCHEMA_VERSION) {
      throw new StartupRefusal(`this data was written by a newer Hallmark (schema version ${record.schemaVersion}; this release knows up to ${SCHEMA_VERSION}): run that release, or restore a backup taken before the upgrade`);
    }
    if (!opens(vault, record.secretCheck)) throw wrongSecret();
    if (record.publicUrl === configuredUrl) return verified(vault, record);
    if ((await storedPublicUrl(probe)) !== null) throw urlChanged(record.publicUrl, configuredUrl);
    // Nothing issued yet depends on the URL: settling it now is the safe order.
    if (await records.update('instance', found.version, {...record, publicUrl: configuredUrl})) return verified(vault, {...record, publicUrl: configuredUrl});
  }
}

/** Schema 0 → 1: no instance record yet; learn the URL and check the secret from what is stored. */
async function fromPreviousRelease(vault: KeyVault, configuredUrl: string, probe: InstanceProbe, now: Date): Promise<InstanceRecord> {
  if ((await probe.openSampleKey()) === false) throw wrongSecret();
  const issuedUnder = await storedPublicUrl(probe);
  if (issuedUnder !== null && issuedUnder !== configuredUrl) throw urlChanged(issuedUnder, configuredUrl);
  return {
    id: 'instance',
    schemaVersion: SCHEMA_VERSION,
    publicUrl: configuredUrl,
    secretCheck: vault.seal(SECRET_CHECK, ASSOCIATED),
    createdAt: now.toISOString(),
    migratedAt: issuedUnder === null ? null : now.toISOString(),
  };
}

/** The base URL stored credentials point at (their status lists), else what a did:web issuer names, else null. */
async function storedPublicUrl(probe: InstanceProbe): Promise<string | null> {
  const list = await probe.sampleStatusList();
  if (list !== null) {
    const cut = list.url.indexOf(`/issuers/${list.issuerSlug}/status/`);
    if (cut > 0) return list.url.slice(0, cut);
  }
  const did = await probe.sampleIssuerDid();
  return did === null ? null : decodeDidWebBase(did);
}

function opens(vault: KeyVault, sealed: SealedSecret): boolean {
  try {
    return vault.open(sealed, ASSOCIATED) === SECRET_CHECK;
  } catch {
    return false;
  }
}

function verified(vault: KeyVault, record: InstanceRecord): InstanceCheck {
  return {publicUrl: record.publicUrl, schemaVersion: record.schemaVersion, keysOpen: () => opens(vault, record.secretCheck)};
}

function wrongSecret(): StartupRefusal {
  return new StartupRefusal(
    'the configured master secret does not open the keys stored in this database (HALLMARK_SECRET, HALLMARK_SECRET_FILE, or master.secret in the data directory): ' +
      'start with the secret this data was created with; without it no stored key can sign, and nothing issued can be revoked',
  );
}

function urlChanged(stored: string, configured: string): StartupRefusal {
  return new StartupRefusal(
    `HALLMARK_PUBLIC_URL is ${configured}, but this data's credentials were issued under ${stored}: their ids, issuers and status lists name that URL, ` +
      `so changing it would break every one of them. Set HALLMARK_PUBLIC_URL=${stored} again (serve the old URL, e.g. by a redirect at the proxy, if you move). ` +
      'Settle the public URL before issuing anything.',
  );
}
