import {asArray, isObject, type JsonObject} from '../json.ts';
import {issuerId} from './credential-fields.ts';
import type {CredentialRecords} from './credential-records.ts';
import {didKeyDocument, didMethod, didWebDocumentUrl} from './did-resolve.ts';
import {DocumentUnavailableError, type DocumentSource} from './documents.ts';
import {endorsementTargets, MAX_ENDORSEMENTS, type EndorsementSource} from './verify/endorsement-check.ts';

/**
 * A self-contained verification bundle (schemas/hallmark-verification-bundle.schema.json):
 * everything `hallmark verify --bundle` needs to verify one credential with
 * nothing fetched — after this instance is gone. Nothing in it is trusted
 * for being in it: every document is signed or checked against the DID it
 * claims to describe, as if it had been fetched.
 */
export interface VerificationBundle {
  type: 'HallmarkVerificationBundle';
  version: 1;
  /** When the bundle was made; the status lists carry their own date (validFrom). */
  created: string;
  credential: JsonObject;
  /** The DID documents of the credential's issuer and of the endorsements' issuers, each under the DID it describes. */
  didDocuments: Array<{did: string; document: JsonObject}>;
  /** The signed status list credentials the credential and its endorsements point at, as they stand. */
  statusLists: JsonObject[];
  /** This instance's record of status entries revoked for good (their lists can only say "suspended"). */
  revocations: BundledRevocation[];
  /** The endorsements known here for the credential, its issuer, subject or achievement. */
  endorsements: unknown[];
}

export interface BundledRevocation {
  statusListCredential: string;
  statusListIndex: number;
  credentialId: string;
  at: string;
  reason: string;
}

export interface BundleDeps {
  records: CredentialRecords;
  /** This instance's published documents (LocalDocumentSource): a bundle carries what we vouch for, and fetches nothing. */
  documents: DocumentSource;
  endorsements: EndorsementSource;
}

export class BundleService {
  readonly #deps: BundleDeps;

  constructor(deps: BundleDeps) {
    this.#deps = deps;
  }

  /** The bundle of one of our credentials; not-found when there is none. */
  async bundle(reference: string): Promise<VerificationBundle> {
    const {credential} = await this.#deps.records.get(reference);
    const endorsements = await this.#endorsements(credential);
    const signed = [credential, ...endorsements.filter(isObject)];
    const didDocuments = new Map<string, JsonObject>();
    const statusLists = new Map<string, JsonObject>();
    for (const document of signed) {
      const did = issuerId(document);
      if (did && !didDocuments.has(did)) {
        const found = await this.#didDocument(did);
        if (found) didDocuments.set(did, found);
      }
      for (const url of statusListUrls(document)) {
        if (statusLists.has(url)) continue;
        const list = await this.#published(url);
        if (list) statusLists.set(url, list);
      }
    }
    return {
      type: 'HallmarkVerificationBundle',
      version: 1,
      created: new Date().toISOString(),
      credential,
      didDocuments: [...didDocuments].map(([did, document]) => ({did, document})),
      statusLists: [...statusLists.values()],
      revocations: await this.#revocations(credential),
      endorsements,
    };
  }

  async #endorsements(credential: JsonObject): Promise<unknown[]> {
    const {endorsements} = this.#deps;
    const targets = [...endorsementTargets(credential).keys()];
    const subjects = asArray(credential.credentialSubject).flatMap((subject) => (isObject(subject) && typeof subject.id === 'string' ? [subject.id] : []));
    const aliases = subjects.length > 0 && endorsements.subjectAliases ? await endorsements.subjectAliases(subjects) : [];
    return endorsements.endorsementsAbout([...targets, ...aliases], MAX_ENDORSEMENTS);
  }

  async #didDocument(did: string): Promise<JsonObject | undefined> {
    if (didMethod(did) === 'key') {
      try {
        return await didKeyDocument(did);
      } catch {
        return undefined;
      }
    }
    if (didMethod(did) !== 'web') return undefined;
    let url: string;
    try {
      url = didWebDocumentUrl(did);
    } catch {
      return undefined;
    }
    return this.#published(url);
  }

  /** A document this instance publishes, or undefined: other instances' documents are not ours to vouch for. */
  async #published(url: string): Promise<JsonObject | undefined> {
    try {
      const document = await this.#deps.documents.get(url);
      return isObject(document) ? document : undefined;
    } catch (error) {
      if (error instanceof DocumentUnavailableError) return undefined;
      throw error;
    }
  }

  async #revocations(credential: JsonObject): Promise<BundledRevocation[]> {
    const credentialId = typeof credential.id === 'string' ? credential.id : undefined;
    if (!credentialId || !this.#deps.documents.revocation) return [];
    const found: BundledRevocation[] = [];
    for (const entry of asArray(credential.credentialStatus).filter(isObject)) {
      const url = entry.statusListCredential;
      const index = Number(entry.statusListIndex);
      if (typeof url !== 'string' || !Number.isSafeInteger(index)) continue;
      const record = await this.#deps.documents.revocation(url, index, credentialId);
      if (record) found.push({statusListCredential: url, statusListIndex: index, credentialId, at: record.at, reason: record.reason});
    }
    return found;
  }
}

/** The status list URLs a credential's status entries point at. */
export function statusListUrls(credential: JsonObject): string[] {
  return asArray(credential.credentialStatus).flatMap((entry) => (isObject(entry) && typeof entry.statusListCredential === 'string' ? [entry.statusListCredential] : []));
}
