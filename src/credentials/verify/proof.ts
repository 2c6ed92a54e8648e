import * as vc from '@digitalbazaar/vc';
import type {DocumentResolver} from '../documents.ts';
import type {Check} from '../report.ts';
import {describeJsonLdError} from './context-check.ts';
import {createDocumentLoader} from './document-loader.ts';
import {abbreviate, asArray, clause, isObject, nodeId, type JsonObject} from './json.ts';
import type {ResolvedKey} from './keys.ts';
import {proofKind, SUPPORTED_PROOFS, verificationSuites} from './suites.ts';
import {ProofSetPurpose} from './cosignature.ts';

/**
 * The `proof` stage for embedded proofs (Data Integrity, Ed25519Signature2020),
 * through @digitalbazaar/vc. Every proof must verify: jsonld-signatures
 * alone accepts a document when any one of its proofs does.
 */
export interface ProofStage {
  check: Check;
  /** The keys that signed, for the issuer stage. */
  keys: ResolvedKey[];
}

const CANONICAL_MULTIBASE = /^(?:z[1-9A-HJ-NP-Za-km-z]+|u[A-Za-z0-9_-]+)$/;

/** Each proof may cost key resolution and a canonicalisation; bound the work one credential can cause. */
const MAX_PROOFS = 8;

function failed(message: string, keys: ResolvedKey[] = []): ProofStage {
  return {check: {check: 'proof', result: 'failed', message}, keys};
}

/** The library reports errors as an Error, an array of them, or an Error with `errors`. */
function errorText(error: unknown): string {
  if (Array.isArray(error)) return error.map(errorText).join('; ');
  if (isObject(error) || error instanceof Error) {
    const nested = (error as {errors?: unknown}).errors;
    if (Array.isArray(nested) && nested.length > 0) return nested.map(errorText).join('; ');
    const cause = (error as {cause?: unknown}).cause;
    const text = describeJsonLdError(error);
    return cause && !text.includes(String((cause as Error).message)) ? `${text} (${errorText(cause)})` : text;
  }
  return String(error);
}

export function describeKey(key: ResolvedKey): string {
  const own = key.id.startsWith(`${key.controller}#`) ? key.id.slice(key.controller.length) : key.id;
  return `${abbreviate(key.controller)} (key ${abbreviate(own)})`;
}

export async function checkEmbeddedProofs(
  credential: JsonObject,
  options: {resolver: DocumentResolver; issuerId: string | undefined; libraryNow: Date; maxClockSkewSeconds: number},
): Promise<ProofStage> {
  const proofs = asArray(credential.proof);
  if (proofs.length === 0) return failed('The credential carries no proof, so nothing vouches for it.');
  if (!proofs.every(isObject)) return failed('Every proof must be an object.');
  if (proofs.length > MAX_PROOFS) return failed(`The credential carries ${proofs.length} proofs; Hallmark checks at most ${MAX_PROOFS}.`);
  const unsupported = proofs.filter((proof) => !SUPPORTED_PROOFS.includes(proofKind(proof)));
  if (unsupported.length > 0) {
    return failed(
      `Proof type ${abbreviate(unsupported.map((proof) => proofKind(proof)).join(', '))} is not supported (Hallmark verifies ${SUPPORTED_PROOFS.join(', ')}); every proof must verify.`,
    );
  }
  // Decoders forgive whitespace and other junk in proofValue; a signature has one spelling, and we accept only that.
  if (proofs.some((proof) => typeof proof.proofValue === 'string' && !CANONICAL_MULTIBASE.test(proof.proofValue))) {
    return failed('A proofValue is not canonical multibase (base58btc "z…" or base64url "u…").');
  }
  const methods = proofs.map((proof) => nodeId(proof.verificationMethod));
  if (methods.some((method) => method === undefined)) return failed('A proof names no verificationMethod.');
  const {documentLoader, ledger} = createDocumentLoader({
    resolver: options.resolver,
    issuerId: options.issuerId,
    verificationMethods: methods as string[],
  });
  const result = await vc.verifyCredential({
    credential,
    suite: verificationSuites,
    documentLoader,
    now: options.libraryNow,
    maxClockSkew: options.maxClockSkewSeconds,
    // Status is the status stage's job; the library must not fail for want of a checker.
    checkStatus: async () => ({verified: true}),
    // A single proof must be the issuer's; in a set, others may co-sign (the issuer stage still wants one by the issuer).
    ...(proofs.length > 1 ? {purpose: new ProofSetPurpose()} : {}),
  });
  const keys = methods.map((method) => ledger.keys.get(method as string)).filter((key): key is ResolvedKey => key !== undefined);
  const results = result.results ?? [];
  const keyProblems = [...ledger.failures.values()];
  if (keyProblems.length > 0) {
    const message = `The signature cannot be checked: ${keyProblems.join('; ')}.`;
    // Every key we could not establish was for want of a document: we cannot tell, which is not the same as no.
    if (ledger.unavailable.size === ledger.failures.size) return {check: {check: 'proof', result: 'indeterminate', message}, keys};
    return failed(message, keys);
  }
  if (!result.verified || !results.every((entry) => entry.verified)) {
    const reason = errorText(result.error ?? results.find((entry) => !entry.verified)?.error);
    return failed(`The signature does not verify: ${clause(reason) || 'no reason given'}.`, keys);
  }
  if (results.length !== proofs.length) return failed(`Only ${results.length} of ${proofs.length} proofs could be checked; every proof must verify.`, keys);
  const signers = new Map<string, string[]>();
  proofs.forEach((proof, index) => {
    const key = ledger.keys.get(methods[index] as string);
    const signer = key ? describeKey(key) : abbreviate(String(methods[index]));
    signers.set(signer, [...(signers.get(signer) ?? []), proof.type === 'DataIntegrityProof' ? String(proof.cryptosuite) : String(proof.type)]);
  });
  const signed = [...signers].map(([signer, suites]) => `${signer} with ${suites.join(' and ')}`).join('; and by ');
  const message =
    proofs.length === 1 ? `Signed by ${signed}; signature verified.` : `All ${proofs.length} proofs verified: signed by ${signed}.`;
  return {check: {check: 'proof', result: 'passed', message}, keys};
}
