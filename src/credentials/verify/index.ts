import type {DocumentResolver} from '../documents.ts';
import type {VerificationReport} from '../report.ts';
import {checkContexts, findUndefinedTerms, type ContextStage} from './context-check.ts';
import {checkIssuer, issuerId} from './issuer-check.ts';
import type {JsonObject} from './json.ts';
import {checkJwtProof, credentialFromJwt, jwtIssuer} from './jwt.ts';
import {parseCredentialInput, type ParsedCredential} from './parse.ts';
import {checkEmbeddedProofs, type ProofStage} from './proof.ts';
import {checkSchemas} from './schema-check.ts';
import {checkCredentialStatus, type StatusStage} from './status.ts';
import {buildReport} from './summary.ts';
import {checkTypes, isOpenBadge} from './type-check.ts';
import {checkValidityPeriod, instantWithin, type ValidityStage} from './validity.ts';

export {parseCredentialInput} from './parse.ts';
export type {ParsedCredential} from './parse.ts';

/**
 * The one verification pipeline: every entry point (HTTP, CLI, federation,
 * SBOM checks) calls verify() and gets the same report. Stages live in
 * their own modules and only meet here.
 */
export interface VerifyContext {
  resolver: DocumentResolver;
  /** The instant to verify at; defaults to the current time. */
  now?: Date;
  /** Follow credentialStatus entries (default true). Status lists are verified with false. */
  checkStatus?: boolean;
  /** Clock difference tolerated when comparing dates, in seconds (default 300, as @digitalbazaar/vc). */
  maxClockSkewSeconds?: number;
}

const DEFAULT_CLOCK_SKEW_SECONDS = 300;

/**
 * Verifies a credential: a JSON-LD object, a JSON string of one, or a
 * compact VC-JWT. Throws invalid-input (HallmarkError) when the input is not
 * a credential at all; every other problem is reported, not thrown.
 */
export async function verify(input: unknown, context: VerifyContext): Promise<VerificationReport> {
  return (await verifyCredentialInput(input, context)).report;
}

/** verify(), also handing back the credential as read (the status stage needs the list's own data). */
export async function verifyCredentialInput(input: unknown, context: VerifyContext): Promise<{report: VerificationReport; credential: JsonObject}> {
  const parsed = parseCredentialInput(input);
  const credential = parsed.kind === 'jwt' ? credentialFromJwt(parsed) : parsed.credential;
  const now = context.now ?? new Date();
  const maxClockSkewSeconds = context.maxClockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const contexts = await contextStage(parsed, credential);
  const types = checkTypes(credential);
  const validity = checkValidityPeriod(credential, {dataModel: contexts.dataModel, now, maxClockSkewSeconds});
  const [schema, proof, status] = await Promise.all([
    checkSchemas(credential, {resolver: context.resolver, dataModel: contexts.dataModel}),
    proofStage(parsed, credential, contexts, validity, {...context, now, maxClockSkewSeconds}),
    statusStage(credential, context),
  ]);
  const issuer = checkIssuer(credential, {
    keys: proof.keys,
    openBadge: isOpenBadge(credential),
    jwtIssuer: parsed.kind === 'jwt' ? jwtIssuer(parsed) : undefined,
  });
  const report = buildReport(credential, {
    checks: [contexts.check, types, schema.check, proof.check, issuer.check, validity.check, status.check],
    validity,
    status,
    warnings: [...contexts.warnings, ...schema.warnings, ...issuer.warnings, ...status.warnings],
  });
  return {report, credential};
}

async function contextStage(parsed: ParsedCredential, credential: JsonObject): Promise<ContextStage> {
  const stage = checkContexts(credential);
  if (parsed.kind !== 'jwt' || !stage.loadable) return stage;
  // A JWT signs bytes, not the graph: check here what canonicalisation checks for embedded proofs.
  const problem = await findUndefinedTerms(credential);
  if (!problem) return stage;
  return {...stage, check: {check: 'context', result: 'failed', message: `JSON-LD processing fails: ${problem}.`}};
}

async function proofStage(
  parsed: ParsedCredential,
  credential: JsonObject,
  contexts: ContextStage,
  validity: ValidityStage,
  options: VerifyContext & {now: Date; maxClockSkewSeconds: number},
): Promise<ProofStage> {
  const issuer = issuerId(credential);
  if (parsed.kind === 'jwt') return checkJwtProof(parsed, {resolver: options.resolver, issuerId: issuer});
  if (!contexts.loadable) {
    return {
      check: {check: 'proof', result: 'skipped', message: 'Not checked: a credential whose contexts cannot be loaded cannot be canonicalised for its signature.'},
      keys: [],
    };
  }
  return checkEmbeddedProofs(credential, {
    resolver: options.resolver,
    issuerId: issuer,
    libraryNow: instantWithin(validity.window, options.now),
    maxClockSkewSeconds: options.maxClockSkewSeconds,
  });
}

async function statusStage(credential: JsonObject, context: VerifyContext): Promise<StatusStage> {
  if (context.checkStatus === false) {
    return {
      check: {check: 'status', result: 'skipped', message: 'Not checked: status checking was turned off (status lists are verified without following their own status).'},
      revoked: false,
      suspended: false,
      unknown: false,
      warnings: [],
    };
  }
  return checkCredentialStatus(credential, {
    resolver: context.resolver,
    verifyList: (list) => verifyCredentialInput(list, {...context, checkStatus: false}),
  });
}
