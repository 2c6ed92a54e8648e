import {HallmarkError} from '../../errors.ts';
import {didWebDocumentUrl} from '../did-resolve.ts';
import type {ResolutionBudget} from '../documents.ts';
import type {EndorsementAbout, EndorsementFinding, VerificationReport} from '../report.ts';
import {asArray, errorMessage, isObject, nodeId, strings, truncate, type JsonObject} from './json.ts';
import {issuerId} from '../credential-fields.ts';
import type {Verify} from './index.ts';

/**
 * The endorsement stage: what others say about a verified credential's
 * issuer, achievement or subject, or the credential itself. Endorsements come from two
 * places, the credential's own `endorsement`/`endorsementJwt` entries (OB 3.0
 * allows them on the credential, its issuer Profile and its Achievement) and
 * whatever the verifier already knows (an injected EndorsementSource, so
 * verification stays storage-agnostic). Each is verified by the same
 * pipeline, without looking at *its* endorsements in turn.
 */
export interface EndorsementSource {
  /** Endorsement credentials (JSON-LD objects or VC-JWT strings) whose subject id is one of `targetIds`; at most `limit`. */
  endorsementsAbout(targetIds: string[], limit: number): Promise<unknown[]>;
  /**
   * Other ids the verifier knows to name the same subjects (a reviewer's DID and
   * their page URL): endorsements of either belong to a credential about either.
   */
  subjectAliases?(subjectIds: string[]): Promise<string[]>;
}

export interface EndorsementOptions {
  source?: EndorsementSource;
  /** DIDs of endorsers whose verified endorsements are marked `trusted`. */
  trusted?: readonly string[];
}

/** How many endorsements one verification looks at: each costs a verification of its own. */
export const MAX_ENDORSEMENTS = 16;

/**
 * One budget shared by all endorsements of a credential (on top of the
 * credential's own): endorsers' DID documents and status lists are mostly
 * the same few, and a hostile credential must not buy 16 full budgets.
 */
export const ENDORSEMENT_BUDGET: ResolutionBudget = {maxDocuments: 48, timeoutMs: 30_000};

const MAX_COMMENT_LENGTH = 4000;

/** The ids an endorsement may be about, and what each is to this credential (later entries win when ids coincide). */
export function endorsementTargets(credential: JsonObject): Map<string, EndorsementAbout> {
  const targets = new Map<string, EndorsementAbout>();
  // A reviewer's credential is about the reviewer: endorsements of them (kind 'reviewer') belong in its report.
  for (const subject of asArray(credential.credentialSubject)) {
    const id = nodeId(subject);
    if (id) targets.set(id, 'subject');
  }
  for (const achievement of achievements(credential)) {
    const id = nodeId(achievement);
    if (id) targets.set(id, 'achievement');
  }
  const issuer = issuerId(credential);
  if (issuer) targets.set(issuer, 'issuer');
  if (typeof credential.id === 'string') targets.set(credential.id, 'credential');
  return targets;
}

/** The endorsements a credential carries: on itself, on its issuer Profile and on its achievements. */
export function embeddedEndorsements(credential: JsonObject): unknown[] {
  const hosts: unknown[] = [credential, credential.issuer, ...achievements(credential)];
  return hosts.filter(isObject).flatMap((host) => [...asArray(host.endorsement), ...strings(host.endorsementJwt)]);
}

export async function checkEndorsements(
  credential: JsonObject,
  options: EndorsementOptions & {verifyEndorsement: Verify},
): Promise<{findings: EndorsementFinding[]; warnings: string[]}> {
  const embedded = embeddedEndorsements(credential);
  // Nothing embedded and nowhere to look: most credentials, and the answer needs no targets.
  if (embedded.length === 0 && !options.source) return {findings: [], warnings: []};
  const targets = endorsementTargets(credential);
  const warnings: string[] = [];
  let known: unknown[] = [];
  const room = MAX_ENDORSEMENTS - Math.min(embedded.length, MAX_ENDORSEMENTS);
  if (options.source && room > 0 && targets.size > 0) {
    try {
      const subjects = [...targets].filter(([, about]) => about === 'subject').map(([id]) => id);
      const aliases = subjects.length > 0 && options.source.subjectAliases ? await options.source.subjectAliases(subjects) : [];
      for (const alias of aliases) if (!targets.has(alias)) targets.set(alias, 'subject');
      known = await options.source.endorsementsAbout([...targets.keys()], room);
    } catch (error) {
      warnings.push(`The endorsements known to this verifier could not be read: ${errorMessage(error)}.`);
    }
  }
  const candidates = dedupe([
    ...embedded.map((endorsement) => ({endorsement, source: 'embedded' as const})),
    ...known.map((endorsement) => ({endorsement, source: 'known' as const})),
  ]);
  if (candidates.length > MAX_ENDORSEMENTS) warnings.push(`Only the first ${MAX_ENDORSEMENTS} of ${candidates.length} endorsements were verified.`);
  const trusted = new Set(options.trusted ?? []);
  const issuer = issuerId(credential) ?? null;
  const findings = await Promise.all(
    candidates.slice(0, MAX_ENDORSEMENTS).map(async ({endorsement, source}) =>
      describe(await verifyOrExplain(endorsement, options.verifyEndorsement), source, targets, trusted, issuer)),
  );
  return {findings: dropRepeats(findings), warnings};
}

function achievements(credential: JsonObject): unknown[] {
  return asArray(credential.credentialSubject).flatMap((subject) => (isObject(subject) ? asArray(subject.achievement) : []));
}

/** The same endorsement embedded and known (or embedded twice) is shown once; identical objects are compared by id. */
function dedupe<T extends {endorsement: unknown}>(candidates: T[]): T[] {
  const seen = new Set<string>();
  return candidates.filter(({endorsement}) => {
    const key = typeof endorsement === 'string' ? endorsement : isObject(endorsement) && typeof endorsement.id === 'string' ? endorsement.id : undefined;
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A JWT and its JSON-LD form are one endorsement: keep the first finding per credential id. */
function dropRepeats(findings: EndorsementFinding[]): EndorsementFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (finding.id === null) return true;
    if (seen.has(finding.id)) return false;
    seen.add(finding.id);
    return true;
  });
}

async function verifyOrExplain(endorsement: unknown, verifier: Verify): Promise<VerificationReport | string> {
  try {
    return await verifier(endorsement);
  } catch (error) {
    // Not a credential at all: say so in the finding rather than failing the credential it rides on.
    if (error instanceof HallmarkError && error.kind === 'invalid-input') return error.message;
    throw error;
  }
}

function unreadable(source: EndorsementFinding['source'], reason: string): EndorsementFinding {
  return {
    id: null,
    endorser: {id: null, name: null},
    target: null,
    about: 'other',
    comment: null,
    verified: false,
    status: 'invalid',
    trusted: false,
    source,
    problems: [`not a credential: ${reason}`],
  };
}

function describe(
  report: VerificationReport | string,
  source: EndorsementFinding['source'],
  targets: Map<string, EndorsementAbout>,
  trusted: Set<string>,
  issuer: string | null,
): EndorsementFinding {
  if (typeof report === 'string') return unreadable(source, report);
  const summary = report.credential;
  const subject = isObject(summary?.subject) ? summary.subject : undefined;
  const target = typeof subject?.id === 'string' ? subject.id : null;
  const about = (target !== null && targets.get(target)) || 'other';
  const isEndorsement = summary?.type.includes('EndorsementCredential') === true;
  const problems = [...report.errors];
  if (!isEndorsement) problems.push('it is not an EndorsementCredential');
  if (about === 'other') problems.push(`it is about ${target === null ? 'nothing named' : JSON.stringify(truncate(target, 200))}, not this credential, its issuer, subject or achievement`);
  const unbound = (about === 'achievement' || about === 'credential') && target !== null && !onIssuersOwnDomain(target, issuer);
  if (unbound) {
    problems.push(`the ${about} id ${JSON.stringify(truncate(target!, 200))} is not on the domain of this credential's issuer, so any issuer can claim it: the endorsement says nothing about this credential`);
  }
  const verified = report.verified && isEndorsement;
  const endorser = summary?.issuer ?? {id: null, name: null};
  return {
    id: summary?.id ?? null,
    endorser,
    target,
    about,
    comment: typeof subject?.endorsementComment === 'string' ? truncate(subject.endorsementComment, MAX_COMMENT_LENGTH) : null,
    verified,
    status: isEndorsement ? report.status : 'invalid',
    trusted: verified && about !== 'other' && !unbound && endorser.id !== null && trusted.has(endorser.id),
    source,
    problems,
  };
}

/**
 * An achievement or credential id is only the issuer's own when it lives on
 * the issuer's domain (a did:web issuer's host, or an https issuer's host).
 * Anyone can put someone else's achievement URL in a credential they sign,
 * and borrow the endorsements of that achievement if we did not check.
 */
function onIssuersOwnDomain(target: string, issuer: string | null): boolean {
  const issuerHost = issuer === null ? null : hostOfIssuer(issuer);
  if (issuerHost === null) return false;
  try {
    const url = new URL(target);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host.toLowerCase() === issuerHost;
  } catch {
    return false;
  }
}

function hostOfIssuer(issuer: string): string | null {
  try {
    const url = new URL(issuer.startsWith('did:web:') ? didWebDocumentUrl(issuer) : issuer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}
