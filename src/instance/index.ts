/**
 * Start-up checks of the stored data (schema version and migrations, public
 * URL, master secret), and backup/restore of the embedded database.
 */
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import type {InstanceProbe} from './instance.ts';

export {checkInstance, SCHEMA_VERSION, StartupRefusal, type InstanceCheck, type InstanceProbe} from './instance.ts';

/** The probe over the credential services. */
export function instanceProbe(issuers: IssuerService, records: CredentialRecords): InstanceProbe {
  return {
    async sampleStatusList() {
      const record = await records.sample();
      const status = record?.credential.credentialStatus as {statusListCredential?: unknown} | undefined;
      if (record === null || typeof status?.statusListCredential !== 'string') return null;
      return {url: status.statusListCredential, issuerSlug: record.issuerSlug};
    },
    async sampleIssuerDid() {
      return (await issuers.sample())?.did ?? null;
    },
    async openSampleKey() {
      const issuer = await issuers.sample();
      if (issuer === null) return null;
      try {
        issuers.signingKey(issuer);
        return true;
      } catch {
        return false;
      }
    },
  };
}
