import jsigs from 'jsonld-signatures';
import {HallmarkError, invalidInput} from '../../errors.ts';
import {assertTractable} from '../../json-limits.ts';
import type {DocumentResolver} from '../documents.ts';
import type {Check, VerificationReport} from '../report.ts';
import {checkContexts} from './context-check.ts';
import {createDocumentLoader} from './document-loader.ts';
import type {Verify} from './index.ts';
import {abbreviate, asArray, clause, errorMessage, isObject, nodeId, quote, strings, type JsonObject} from './json.ts';
import {describeKey} from './proof.ts';
import {SUPPORTED_PROOFS, proofKind, verificationSuites} from './suites.ts';

/**
 * VC-API `POST /presentations/verify`: a Verifiable Presentation (a wallet
 * export, a résumé bundle) is its holder's proof, when it carries one,
 * and the credentials inside it. The proof is checked with
 * jsonld-signatures under the authentication purpose, bound to the
 * caller's `challenge` and `domain`; each credential goes through the one
 * pipeline (verify()) and is reported as that pipeline reports it.
 */
export interface PresentationReport {
  /** The holder's proof (when there is one) holds and every credential verified. */
  verified: boolean;
  presentation: {holder: string | null; checks: Check[]; warnings: string[]};
  credentials: Array<{index: number; report: VerificationReport} | {index: number; error: string}>;
  errors: string[];
}

export interface PresentationOptions {
  resolver: DocumentResolver;
  /** The one pipeline, as entry points have it bound (budget, endorsements). */
  verifyCredential: Verify;
  challenge?: string;
  domain?: string;
}

/** A résumé bundle of a few dozen badges is normal; a thousand is an attack on our time, refused before any work. */
export const MAX_PRESENTATION_CREDENTIALS = 64;
const MAX_HOLDER_PROOFS = 4;
const PARALLEL_CREDENTIALS = 4;

export async function verifyPresentation(input: unknown, options: PresentationOptions): Promise<PresentationReport> {
  const presentation = parsePresentation(input);
  const credentials = asArray(presentation.verifiableCredential);
  const holder = nodeId(presentation.holder) ?? null;
  const contexts = checkContexts(presentation);
  const checks: Check[] = [contexts.check];
  const warnings: string[] = [...contexts.warnings];
  checks.push(contexts.loadable ? await holderProof(presentation, holder, options, warnings) : {check: 'proof', result: 'skipped', message: 'Not checked: the presentation\'s contexts cannot be loaded.'});
  const results: PresentationReport['credentials'] = new Array(credentials.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < credentials.length) {
      const index = next++;
      try {
        results[index] = {index, report: await options.verifyCredential(credentials[index])};
      } catch (error) {
        if (!(error instanceof HallmarkError)) throw error;
        results[index] = {index, error: `not a credential: ${error.message}`};
      }
    }
  };
  await Promise.all(Array.from({length: Math.min(PARALLEL_CREDENTIALS, credentials.length)}, lane));
  const errors = [
    ...checks.filter((check) => check.result === 'failed' || check.result === 'indeterminate').map((check) => `presentation ${check.check}: ${check.message}`),
    ...results.flatMap((entry) => ('error' in entry ? [`credential ${entry.index}: ${entry.error}`] : entry.report.verified ? [] : [`credential ${entry.index}: ${entry.report.status}`])),
  ];
  return {verified: errors.length === 0, presentation: {holder, checks, warnings}, credentials: results, errors};
}

function parsePresentation(input: unknown): JsonObject {
  if (!isObject(input)) throw invalidInput('expected a Verifiable Presentation as a JSON object', [{field: '/verifiablePresentation', problem: 'must be an object'}]);
  assertTractable(input);
  if (!strings(input.type).includes('VerifiablePresentation')) {
    throw invalidInput('the object is not a Verifiable Presentation (its type lacks VerifiablePresentation)', [{field: '/verifiablePresentation/type', problem: 'must include VerifiablePresentation'}]);
  }
  const count = asArray(input.verifiableCredential).length;
  if (count > MAX_PRESENTATION_CREDENTIALS) {
    throw invalidInput(`the presentation holds ${count} credentials; at most ${MAX_PRESENTATION_CREDENTIALS} are verified in one request`, [{field: '/verifiablePresentation/verifiableCredential', problem: `at most ${MAX_PRESENTATION_CREDENTIALS} entries`}]);
  }
  return input;
}

/**
 * The holder's proof: every proof must verify under the authentication
 * purpose, with a key the holder controls. Without the caller's challenge
 * the proof is checked against its own (and the report says it could be a
 * replay); a proof without any challenge is checked for authentication only.
 */
async function holderProof(presentation: JsonObject, holder: string | null, options: PresentationOptions, warnings: string[]): Promise<Check> {
  const proofs = asArray(presentation.proof);
  const fail = (message: string): Check => ({check: 'proof', result: 'failed', message});
  if (proofs.length === 0) {
    warnings.push('The presentation is not signed: nothing shows who presented it; each credential speaks for itself.');
    return {check: 'proof', result: 'skipped', message: 'The presentation carries no proof of its holder.'};
  }
  if (proofs.length > MAX_HOLDER_PROOFS || !proofs.every(isObject)) return fail(`Expected at most ${MAX_HOLDER_PROOFS} proof objects.`);
  const unsupported = proofs.filter((proof) => !SUPPORTED_PROOFS.includes(proofKind(proof)));
  if (unsupported.length > 0) return fail(`Proof type ${abbreviate(unsupported.map(proofKind).join(', '))} is not supported (Hallmark verifies ${SUPPORTED_PROOFS.join(', ')}).`);
  const methods = proofs.map((proof) => nodeId(proof.verificationMethod));
  if (methods.some((method) => method === undefined)) return fail('A proof names no verificationMethod.');
  const proofChallenge = proofs.map((proof) => proof.challenge).find((value) => typeof value === 'string') as string | undefined;
  if (options.challenge === undefined && proofChallenge !== undefined) warnings.push(`No challenge was given to check the proof against; it carries ${quote(proofChallenge)}, so it could be a replay of an earlier presentation.`);
  if (options.domain === undefined && proofs.some((proof) => proof.domain !== undefined)) warnings.push('No domain was given to check the proof against.');
  const challenge = options.challenge ?? proofChallenge;
  const purpose = challenge === undefined
    ? new jsigs.purposes.ControllerProofPurpose({term: 'authentication'})
    : new jsigs.purposes.AuthenticationProofPurpose({challenge, ...(options.domain !== undefined ? {domain: options.domain} : {})});
  const {documentLoader, ledger} = createDocumentLoader({resolver: options.resolver, issuerId: holder ?? undefined, verificationMethods: methods as string[]});
  let result: Awaited<ReturnType<typeof jsigs.verify>>;
  try {
    result = await jsigs.verify(structuredClone(presentation), {suite: verificationSuites, purpose, documentLoader});
  } catch (error) {
    return fail(`The proof cannot be checked: ${errorMessage(error)}.`);
  }
  const keyProblems = [...ledger.failures.values()];
  if (keyProblems.length > 0) {
    const message = `The holder's key cannot be established: ${keyProblems.join('; ')}.`;
    return ledger.unavailable.size === ledger.failures.size ? {check: 'proof', result: 'indeterminate', message} : fail(message);
  }
  const results = result.results ?? [];
  if (!result.verified || results.length !== proofs.length || !results.every((entry) => entry.verified)) {
    const error = result.error?.errors?.[0] ?? result.error ?? results.find((entry) => !entry.verified)?.error;
    return fail(`The holder's proof does not verify: ${clause(errorMessage(error)) || 'no reason given'}.`);
  }
  const keys = methods.map((method) => ledger.keys.get(method as string)).filter((key) => key !== undefined);
  const signers = [...new Set(keys.map((key) => key.controller))];
  if (holder !== null && signers.some((signer) => signer !== holder)) {
    return fail(`It is signed by ${signers.map((signer) => abbreviate(signer)).join(', ')}, but names ${abbreviate(holder)} as its holder.`);
  }
  const bound = options.challenge !== undefined ? ` bound to your challenge${options.domain !== undefined ? ' and domain' : ''}` : '';
  return {check: 'proof', result: 'passed', message: `Presented by ${keys.map(describeKey).join(', ')}; the holder's proof verified${bound}.`};
}
