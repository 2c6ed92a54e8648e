import type {DocumentResolver} from '../documents.ts';
import type {Check, VerificationReport} from '../report.ts';
import {checkRelatedResources} from '../related-resources.ts';
import {checkRecipient, type ClaimedIdentity} from '../recipients.ts';
import {recogniseOb2, verifyOb2} from '../ob2/index.ts';
import {checkContexts, type ContextStage} from './context-check.ts';
import {judgeDisclosure} from './disclosure.ts';
import {checkJwtGraph, findHiddenStatements} from './graph-check.ts';
import {issuerId} from '../credential-fields.ts';
import {checkIssuer} from './issuer-check.ts';
import type {JsonObject} from './json.ts';
import {checkJwtProof, credentialFromJwt, jwtIssuer} from './jwt.ts';
import {parseCredentialInput, type ParsedCredential} from './parse.ts';
import {checkEmbeddedProofs, type ProofStage} from './proof.ts';
import {checkEndorsements, ENDORSEMENT_BUDGET, type EndorsementOptions} from './endorsement-check.ts';
import {checkSchemas} from './schema-check.ts';
import {checkCredentialStatus, type StatusStage} from './status.ts';
import {verifyStatusList} from './status-list-cache.ts';
import {buildReport} from './summary.ts';
import {checkTypes, isOpenBadge} from './type-check.ts';
import {checkValidityPeriod, libraryClock, type ValidityStage} from './validity.ts';


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
  /**
   * Accept a key the credential names for itself — in its verification
   * method URL (the 1EdTech validator's rule) or its JWT header `jwk` — when
   * the issuer publishes no key document (default false). Anyone can sign
   * in the name of an issuer whose URL serves nothing that way, so by
   * default the issuer check fails; with this, it only warns.
   */
  trustEmbeddedKeys?: boolean;
  /**
   * Fetch and check the JSON Schemas the credential lists in
   * credentialSchema (default true). The status stage turns it off for the
   * status lists it verifies: a credential must not make us fetch and
   * compile schemas on behalf of its lists as well.
   */
  checkListedSchemas?: boolean;
  /**
   * Where known endorsements come from and whose are trusted; false turns
   * the endorsement stage off (endorsements and status lists are verified
   * without their own endorsements). Embedded endorsements are checked by default.
   */
  endorsements?: EndorsementOptions | false;
  /** Check that the credential was issued to one of these identities of one person (report.recipient). */
  recipient?: readonly ClaimedIdentity[];
}

/** What a caller of a bound verify() may ask of one verification. */
export interface VerifyOptions {
  recipient?: readonly ClaimedIdentity[];
}

const DEFAULT_CLOCK_SKEW_SECONDS = 300;

/** verify() with its context bound: what services, the inspector and endorsement checks are handed. */
export type Verify = (input: unknown, options?: VerifyOptions) => Promise<VerificationReport>;

/**
 * Verifies a credential: a JSON-LD object, a JSON string of one, or a
 * compact VC-JWT; or an Open Badges 2.0 assertion: its JSON, its signed
 * JWS, or the http(s) URL it is hosted at (what OB 2.0 images bake). Throws invalid-input (HallmarkError) when the input is not
 * a credential at all; every other problem is reported, not thrown.
 */
export async function verify(input: unknown, context: VerifyContext): Promise<VerificationReport> {
  return (await verifyCredentialInput(input, context)).report;
}

/** verify(), also handing back the credential as read (the status stage needs the list's own data). */
export async function verifyCredentialInput(input: unknown, context: VerifyContext): Promise<{report: VerificationReport; credential: JsonObject}> {
  const now = context.now ?? new Date();
  const maxClockSkewSeconds = context.maxClockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  // Open Badges 2.0 (and 1.x) assertions have their own verification rules, and the same report.
  const ob2 = recogniseOb2(input);
  if (ob2) {
    const {report, assertion} = await verifyOb2(ob2, {resolver: context.resolver, now, maxClockSkewSeconds});
    if (context.recipient) report.recipient = checkRecipient(context.recipient, {openBadgesVersion: '2.0', recipient: assertion.recipient, salt: assertion.salt});
    return {report, credential: assertion};
  }
  const parsed = parseCredentialInput(input);
  const credential = parsed.kind === 'jwt' ? credentialFromJwt(parsed) : parsed.credential;
  const contexts = await contextStage(parsed, credential);
  const types = checkTypes(credential);
  const dated = checkValidityPeriod(credential, {dataModel: contexts.dataModel, now, maxClockSkewSeconds});
  const [schema, proof, listed, related] = await Promise.all([
    checkSchemas(credential, {resolver: context.resolver, dataModel: contexts.dataModel, checkListed: context.checkListedSchemas !== false}),
    proofStage(parsed, credential, contexts, dated, {...context, now, maxClockSkewSeconds}),
    statusStage(credential, {...context, now, maxClockSkewSeconds}),
    relatedResourceStage(credential, context.resolver),
  ]);
  const {status, validity, warnings: undisclosed} = judgeDisclosure(credential, {status: listed, validity: dated, statusChecked: context.checkStatus !== false});
  const graph = await graphStage(parsed, credential, contexts, proof);
  const issuer = checkIssuer(credential, {
    keys: proof.keys,
    openBadge: isOpenBadge(credential),
    jwtIssuer: parsed.kind === 'jwt' ? jwtIssuer(parsed) : undefined,
    trustEmbeddedKeys: context.trustEmbeddedKeys === true,
  });
  const report = buildReport(credential, {
    checks: [graph.check, types, schema.check, proof.check, issuer.check, validity.check, status.check, ...related],
    validity,
    status,
    warnings: [...contexts.warnings, ...schema.warnings, ...issuer.warnings, ...undisclosed, ...status.warnings],
  });
  if (context.recipient) report.recipient = checkRecipient(context.recipient, {openBadgesVersion: '3.0', credentialSubject: credential.credentialSubject});
  if (isOpenBadge(credential)) report.openBadgesVersion = '3.0';
  await endorsementStage(report, credential, context);
  return {report, credential};
}

/**
 * Endorsements speak about the issuer the credential proves: a credential
 * that proves nothing (status invalid, or not yet: indeterminate) gets none, so a forgery cannot borrow
 * its claimed issuer's endorsements, nor make us verify what it embeds.
 */
async function endorsementStage(report: VerificationReport, credential: JsonObject, context: VerifyContext): Promise<void> {
  if (context.endorsements === false || report.status === 'invalid' || report.status === 'indeterminate') return;
  // One budget for all of them, opened by the first endorsement there is (most credentials carry none).
  let resolver: DocumentResolver | undefined;
  const {findings, warnings} = await checkEndorsements(credential, {
    ...context.endorsements,
    verifyEndorsement: (endorsement) => verify(endorsement, {...context, resolver: (resolver ??= context.resolver.withBudget(ENDORSEMENT_BUDGET)), endorsements: false, recipient: undefined}),
  });
  report.endorsements = findings;
  report.warnings.push(...warnings);
}

/** relatedResource digests (VC 2.0 §5.3), when the credential lists any: a mismatch fails, a resource we could not obtain leaves it indeterminate. */
async function relatedResourceStage(credential: JsonObject, resolver: DocumentResolver): Promise<Check[]> {
  if (credential.relatedResource === undefined) return [];
  const {problems, unavailable} = await checkRelatedResources(credential.relatedResource, (url) => resolver.bytes(url));
  if (problems.length > 0) return [{check: 'related-resource', result: 'failed', message: `relatedResource: ${problems.map((problem) => `${problem.field.slice('/relatedResource'.length) || '(it)'} ${problem.problem}`).join('; ')}.`}];
  if (unavailable.length > 0) return [{check: 'related-resource', result: 'indeterminate', message: `A related resource could not be obtained to check its digest: ${unavailable.join('; ')}.`}];
  return [{check: 'related-resource', result: 'passed', message: 'Every related resource matches its digest.'}];
}

async function contextStage(parsed: ParsedCredential, credential: JsonObject): Promise<ContextStage> {
  const stage = checkContexts(credential);
  if (parsed.kind !== 'jwt' || !stage.loadable || stage.check.result === 'failed') return stage;
  // A JWT signs bytes, not the graph: check here what canonicalisation and the graph stage check for embedded proofs.
  const {undefinedTerms, hidden} = await checkJwtGraph(credential);
  if (undefinedTerms) return {...stage, check: {check: 'context', result: 'failed', message: `JSON-LD processing fails: ${undefinedTerms}.`}};
  if (hidden.length === 0) return stage;
  return {...stage, check: {check: 'context', result: 'failed', message: hidden.join(' ')}};
}

/**
 * The graph half of the context stage, for embedded proofs (contextStage
 * does it for VC-JWTs, in the expansion it needs anyway): the JSON the
 * stages read must say what the signed graph says. It runs once the
 * signature has verified: before that there is no signed graph to hide
 * anything in, and an expansion costs as much as the canonicalisation the
 * proof stage has just done — a credential that fails anyway must not make
 * us pay for one more.
 */
async function graphStage(parsed: ParsedCredential, credential: JsonObject, stage: ContextStage, proof: ProofStage): Promise<ContextStage> {
  if (parsed.kind === 'jwt' || stage.check.result === 'failed' || proof.check.result !== 'passed') return stage;
  const hidden = await findHiddenStatements(credential);
  if (hidden.length === 0) return stage;
  return {...stage, check: {check: 'context', result: 'failed', message: hidden.join(' ')}};
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
  const clock = libraryClock(validity.window, options.now, options.maxClockSkewSeconds);
  return checkEmbeddedProofs(credential, {
    resolver: options.resolver,
    issuerId: issuer,
    libraryNow: clock.now,
    maxClockSkewSeconds: clock.maxClockSkewSeconds,
  });
}

async function statusStage(credential: JsonObject, context: VerifyContext): Promise<StatusStage> {
  if (context.checkStatus === false) {
    return {
      check: {check: 'status', result: 'skipped', message: 'Not checked: status checking was turned off (status lists are verified without following their own status).'},
      revoked: false,
      suspended: false,
      unknown: false,
      indeterminate: false,
      warnings: [],
    };
  }
  const now = context.now ?? new Date();
  const listOptions = {resolver: context.resolver, now, maxClockSkewSeconds: context.maxClockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS, trustEmbeddedKeys: context.trustEmbeddedKeys === true};
  return checkCredentialStatus(credential, {
    resolver: context.resolver,
    // An identical list, checked against identical key documents, is not verified twice (status-list-cache.ts).
    verifyList: (list) =>
      verifyStatusList(list, listOptions, (document, resolver) =>
        verifyCredentialInput(document, {...context, resolver, now, checkStatus: false, checkListedSchemas: false, endorsements: false, recipient: undefined}),
      ),
  });
}
