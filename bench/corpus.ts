import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {encodeStatusList} from '../src/credentials/bitstring.ts';
import {CONTEXTS, xsdDateTime} from '../src/credentials/contexts.ts';
import {contextsForProof, signCredential, type ProofType, type SigningKey} from '../src/credentials/sign.ts';

/**
 * The benchmark corpus: one did:key issuer, one signed revocation list and
 * OB 3.0 credentials that differ in every run (names, ids, list index), so
 * that "cold" means nothing computed for one credential helps the next.
 */
export type Json = Record<string, unknown>;

export interface Corpus {
  key: SigningKey;
  issuerId: string;
  listUrl: string;
  statusList: Json;
  /** URL → document, for the resolver and the reference loader (status list, DID document is derived from did:key). */
  documents: Record<string, unknown>;
}

export const LIST_URL = 'https://bench.example/status/1';

export async function createCorpus(): Promise<Corpus> {
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({publicKey: true, secretKey: true});
  const publicKeyMultibase = String(exported.publicKeyMultibase);
  const issuerId = `did:key:${publicKeyMultibase}`;
  const key: SigningKey = {
    verificationMethod: `${issuerId}#${publicKeyMultibase}`,
    controller: issuerId,
    publicKeyMultibase,
    secretKeyMultibase: String(exported.secretKeyMultibase),
  };
  const statusList = await signCredential(
    {
      '@context': [CONTEXTS.credentialsV2],
      id: LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: issuerId,
      validFrom: '2024-01-01T00:00:00Z',
      credentialSubject: {id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList([7], 131_072)},
    },
    key,
    'DataIntegrityProof',
  );
  return {key, issuerId, listUrl: LIST_URL, statusList, documents: {[LIST_URL]: statusList}};
}

/** The n-th unsigned credential: unique id, names and status index. */
export function unsignedCredential(corpus: Corpus, n: number, proofType: ProofType = 'DataIntegrityProof'): Json {
  const tag = `${n.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    '@context': contextsForProof([CONTEXTS.credentialsV2, CONTEXTS.ob], proofType),
    id: `urn:uuid:00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Vetted release ${tag}`,
    issuer: {id: corpus.issuerId, type: ['Profile'], name: `Assay office ${tag}`},
    validFrom: xsdDateTime(new Date(Date.UTC(2024, 0, 1) + n * 1000)),
    credentialSubject: {
      id: `https://registry.example/packages/pkg-${tag}`,
      type: ['AchievementSubject'],
      achievement: {
        id: `https://bench.example/achievements/${tag}`,
        type: ['Achievement'],
        name: `Safe to run ${tag}`,
        description: `Reviewed release ${tag} and found it safe to run.`,
        criteria: {narrative: `Two independent audits of ${tag} found nothing unsafe.`},
      },
    },
    credentialStatus: {
      id: `${LIST_URL}#${n % 131_072}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(n % 131_072),
      statusListCredential: LIST_URL,
    },
  };
}
