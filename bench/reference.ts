import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {decodeStatusList, statusValue} from '../src/credentials/bitstring.ts';
import {CONTEXTS, loadContext} from '../src/credentials/contexts.ts';
import {validateAgainstOfficialSchema} from '../src/credentials/schemas.ts';
import type {Corpus, Json} from './corpus.ts';

/**
 * The reference stack, configured as fairly as we know how: the genuine
 * @digitalbazaar/vc calls with the stock eddsa-rdfc-2022 cryptosuite (on
 * the unpatched jsonld.js), one static document loader that serves the
 * pinned contexts (tagged static, so jsonld.js keeps them processed), the
 * issuer's key and DID document and the status list. Verification adds what
 * ours does: the status list is verified with vc.verifyCredential and its
 * bit read, and the credential is validated against the official OB 3.0
 * schema with the same compiled ajv validator.
 */
export interface Reference {
  issue(credential: Json, created: Date): Promise<Json>;
  verify(credential: Json): Promise<boolean>;
}

/**
 * `staticContexts: false` serves the same documents without jsonld.js's
 * `tag: 'static'`, as a loader written without knowing that option does
 * (the configuration behind the issue's ~170 verifications/s baseline):
 * jsonld.js then re-resolves every context on every call.
 */
export async function createReference(corpus: Corpus, {staticContexts = true}: {staticContexts?: boolean} = {}): Promise<Reference> {
  const keyPair = await Ed25519Multikey.from({
    id: corpus.key.verificationMethod,
    controller: corpus.key.controller,
    type: 'Multikey',
    publicKeyMultibase: corpus.key.publicKeyMultibase,
    secretKeyMultibase: corpus.key.secretKeyMultibase,
  });
  const method = {'@context': CONTEXTS.multikey, id: corpus.key.verificationMethod, type: 'Multikey', controller: corpus.issuerId, publicKeyMultibase: corpus.key.publicKeyMultibase};
  const documents = new Map<string, unknown>([
    [corpus.key.verificationMethod, method],
    [corpus.issuerId, {'@context': [CONTEXTS.did, CONTEXTS.multikey], id: corpus.issuerId, verificationMethod: [method], assertionMethod: [method.id]}],
    ...Object.entries(corpus.documents),
  ]);
  const documentLoader = async (url: string) => {
    const document = documents.get(url);
    if (document !== undefined) return {contextUrl: null, documentUrl: url, document};
    const context = loadContext(url);
    return staticContexts ? context : {contextUrl: null, documentUrl: url, document: context.document};
  };
  const verifySuite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const checkStatus = async (options: unknown) => {
    const entry = (options as {credential: Json}).credential.credentialStatus as Json;
    const {document: list} = await documentLoader(String(entry.statusListCredential));
    const listResult = await vc.verifyCredential({credential: list as Json, suite: verifySuite, documentLoader, checkStatus: async () => ({verified: true})});
    if (!listResult.verified) return {verified: false};
    const decoded = decodeStatusList(String(((list as Json).credentialSubject as Json).encodedList));
    return {verified: statusValue(decoded, Number(entry.statusListIndex), 1) === 0};
  };
  return {
    issue: (credential, created) =>
      vc.issue({credential: structuredClone(credential), suite: new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: created}), documentLoader}),
    async verify(credential) {
      const result = await vc.verifyCredential({credential, suite: verifySuite, documentLoader, checkStatus});
      return result.verified && validateAgainstOfficialSchema(credential).valid;
    },
  };
}
