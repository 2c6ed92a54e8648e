import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {encodeStatusValues} from '../../../src/credentials/bitstring.ts';
import {CONTEXTS, loadContext} from '../../../src/credentials/contexts.ts';
import {DocumentResolver, MapDocumentSource} from '../../../src/credentials/documents.ts';

/**
 * Test issuers with freshly generated Ed25519 keys, and credentials and
 * status lists signed by them through @digitalbazaar/vc — never by hand.
 */
export type Json = Record<string, unknown>;

export interface TestIssuer {
  id: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  keyPair: Ed25519Multikey.Ed25519MultikeyPair;
}

/** An issuer named `did:key:<key>`, or any other id (https, did:web) with the key at `<id>#<key>`. */
export async function createIssuer(id?: string): Promise<TestIssuer> {
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({publicKey: true, secretKey: true});
  const publicKeyMultibase = String(exported.publicKeyMultibase);
  const controller = id ?? `did:key:${publicKeyMultibase}`;
  const verificationMethod = `${controller}#${publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.from({...exported, id: verificationMethod, controller});
  return {id: controller, verificationMethod, publicKeyMultibase, keyPair};
}

/** The controller document an https or did:web issuer would publish for its key. */
export function controllerDocument(issuer: TestIssuer): Json {
  return {
    '@context': [CONTEXTS.did, CONTEXTS.multikey],
    id: issuer.id,
    verificationMethod: [{id: issuer.verificationMethod, type: 'Multikey', controller: issuer.id, publicKeyMultibase: issuer.publicKeyMultibase}],
    assertionMethod: [issuer.verificationMethod],
  };
}

const contextLoader = async (url: string) => loadContext(url);

export async function sign(credential: Json, signer: TestIssuer): Promise<Json> {
  const suite = new DataIntegrityProof({signer: signer.keyPair.signer(), cryptosuite: eddsaRdfc2022});
  return vc.issue({credential: structuredClone(credential), suite, documentLoader: contextLoader});
}

/** An unsigned OB 3.0 OpenBadgeCredential from `issuer`, valid from 2024 with no end. */
export function badge(issuer: TestIssuer, extra: Json = {}): Json {
  return {
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.ob],
    id: 'urn:uuid:2f7f6f0e-6c1e-4f43-9d7c-2b8d2f0c1a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer.id, type: ['Profile'], name: 'Example Assay Office'},
    validFrom: '2024-01-01T00:00:00Z',
    name: 'Vetted release',
    credentialSubject: {
      id: 'https://example.org/packages/left-pad',
      type: ['AchievementSubject'],
      name: 'left-pad 1.3.0',
      achievement: {
        id: 'https://example.org/policies/baseline',
        type: ['Achievement'],
        name: 'Baseline policy',
        description: 'Met the baseline vetting policy.',
        criteria: {narrative: 'Two independent reviews found no issues.'},
      },
    },
    ...extra,
  };
}

export interface StatusListOptions {
  url: string;
  purpose: 'revocation' | 'suspension' | 'message';
  setBits?: number[];
  /** Entries of several bits: [index, value] pairs, in a list of `length` entries of `statusSize` bits. */
  values?: Array<[index: number, value: number]>;
  statusSize?: number;
  length?: number;
  validFrom?: string;
  validUntil?: string;
  /** More properties of the list credential. */
  extra?: Json;
}

export async function statusList(issuer: TestIssuer, options: StatusListOptions): Promise<Json> {
  return sign(
    {
      '@context': [CONTEXTS.credentialsV2],
      id: options.url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: issuer.id,
      validFrom: options.validFrom ?? '2024-01-01T00:00:00Z',
      ...(options.validUntil ? {validUntil: options.validUntil} : {}),
      ...options.extra,
      credentialSubject: {
        id: `${options.url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: options.purpose,
        encodedList: encodeStatusValues(
          [...(options.setBits ?? []).map((index): [number, number] => [index, 1]), ...(options.values ?? [])],
          options.length ?? 131_072,
          options.statusSize ?? 1,
        ),
      },
    },
    issuer,
  );
}

export function statusEntry(url: string, purpose: 'revocation' | 'suspension', index: number): Json {
  return {id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url};
}

export function resolverOf(documents: Record<string, unknown>): DocumentResolver {
  return new DocumentResolver([new MapDocumentSource(new Map(Object.entries(documents)))]);
}
