import {invalidInput} from '../../errors.ts';
import {assertTractable} from '../../json-limits.ts';
import {isObject, type JsonObject} from '../../json.ts';
import type {DocumentResolver} from '../documents.ts';
import type {Check, VerificationReport} from '../report.ts';
import {quote} from '../verify/json.ts';
import {fetchObject, follow, httpUrl} from './documents.ts';
import {checkHostedPolicy} from './hosted-policy.ts';
import {publishedAssertion} from './big-hosts.ts';
import type {Ob2Input} from './input.ts';
import {looksLikeOb2} from './input.ts';
import {ob2Report, type Ob2Findings} from './report.ts';
import {checkRevocation} from './revocation.ts';
import {checkSignature} from './signed.ts';
import {assertionProblems, badgeClassProblems, issuerProblems, parseDateTime} from './structure.ts';
import {documentVersion, upgradeAssertion, upgradeBadgeClass, upgradeIssuer, type ObVersion} from './upgrade.ts';

/**
 * An issuer Profile given inline without an http(s) id is whatever the
 * assertion's author wrote: its name, keys and verification policy would
 * vouch for themselves.
 */
const UNANCHORED_ISSUER = 'the issuer Profile has no http(s) id to fetch it from, and an embedded Profile vouches for nothing (its keys and verification policy would be the assertion author\'s own)';

export interface Ob2Context {
  resolver: DocumentResolver;
  now: Date;
  maxClockSkewSeconds: number;
}

/**
 * Verifies an Open Badges 2.0 assertion (or a 1.x / 0.5 one, read as 2.0):
 * the assertion, its BadgeClass and issuer Profile, the hosted policy or the
 * signature, dates and revocation. Every document comes through the
 * resolver, so the hardened fetcher, the store and `--documents` maps
 * answer alike. Returns the report and the assertion as verified.
 */
export async function verifyOb2(input: Ob2Input, context: Ob2Context): Promise<{report: VerificationReport; assertion: JsonObject}> {
  const obtained = await obtainAssertion(input, context.resolver);
  if ('report' in obtained) return obtained;
  const {assertion, version, source, keyOwnership, warnings} = obtained;
  const findings: Ob2Findings = {version, assertion, badge: undefined, issuer: undefined, checks: [source], revoked: false, dates: 'current', warnings: [...warnings]};
  if (source.result !== 'passed') return finish(findings);
  if (assertion.revoked === true) {
    // A revoked hosted assertion is often reduced to a stub: nothing else about it matters.
    findings.checks.push((await checkRevocation(assertion, undefined, context.resolver)).check);
    findings.revoked = true;
    return finish(findings);
  }
  const structure: string[] = assertionProblems(assertion);
  const chain = await followChain(assertion, context.resolver, findings);
  if (findings.badge) structure.push(...badgeClassProblems(findings.badge));
  if (findings.issuer) structure.push(...issuerProblems(findings.issuer));
  findings.checks.push(chain ?? (structure.length > 0
    ? {check: 'schema', result: 'failed', message: `Not a well-formed Open Badges 2.0 assertion: ${structure.join('; ')}.`}
    : {check: 'schema', result: 'passed', message: 'The assertion, its BadgeClass and its issuer Profile are well-formed Open Badges 2.0.'}));
  const issuer = findings.issuer;
  if (keyOwnership) {
    findings.checks.push(keyOwnership);
  } else if (issuer && typeof assertion.id === 'string') {
    findings.checks.push(checkHostedPolicy(assertion.id, issuer));
  }
  findings.checks.push(datesCheck(assertion, context, findings));
  const revocation = await checkRevocation(assertion, issuer, context.resolver);
  findings.checks.push(revocation.check);
  findings.revoked = revocation.revoked;
  return finish(findings);

  function finish(done: Ob2Findings) {
    return {report: ob2Report(done), assertion};
  }
}

/** `source`: how the assertion was obtained (signature or hosting URL); `keyOwnership`: for a signed one, whose key signed it. */
type Obtained = {assertion: JsonObject; version: ObVersion; source: Check; keyOwnership?: Check; warnings: string[]} | {report: VerificationReport; assertion: JsonObject};

/**
 * The assertion to verify: a signed one is its JWS payload (the signature is
 * checked here, before anything it says is followed); a hosted one is the
 * copy at its hosting URL, never the copy the earner hands us.
 */
async function obtainAssertion(input: Ob2Input, resolver: DocumentResolver): Promise<Obtained> {
  if (input.kind === 'signed') {
    assertTractable(input.payload);
    const version = documentVersion(input.payload);
    const assertion = upgradeAssertion(input.payload, undefined);
    const badge = await follow(resolver, assertion.badge, 'BadgeClass');
    const issuerRef = badge.kind === 'found' ? upgradeBadgeClass(badge.document, badge.url).issuer : undefined;
    const issuer = issuerRef === undefined ? undefined : await follow(resolver, issuerRef, 'issuer Profile');
    if (issuer?.kind !== 'found') {
      // The signature cannot be checked without the issuer's keys; say why, and read nothing else.
      const reason = badge.kind !== 'found' ? badge.reason : issuer === undefined ? 'the BadgeClass names no issuer' : issuer.reason;
      const unavailable = badge.kind === 'unavailable' || issuer?.kind === 'unavailable';
      return early(version, assertion, {check: 'proof', result: unavailable ? 'indeterminate' : 'failed', message: `Not checked: the signature needs the issuer's keys, and ${reason}.`});
    }
    if (issuer.url === undefined) {
      return early(version, assertion, {check: 'proof', result: 'failed', message: `Not checked: ${UNANCHORED_ISSUER}.`});
    }
    const signature = await checkSignature(input.token, input.header, assertion, upgradeIssuer(issuer.document, issuer.url), resolver);
    if (signature.proof.result !== 'passed') return early(version, assertion, signature.proof, signature.issuer);
    return {assertion, version, source: signature.proof, keyOwnership: signature.issuer, warnings: []};
  }
  const given = input.kind === 'url' ? undefined : input.assertion;
  if (given) assertTractable(given);
  const version = given ? documentVersion(given) : '2.0';
  const earnerCopy = given ? upgradeAssertion(given, undefined) : undefined;
  if (earnerCopy && isObject(earnerCopy.verification) && ['signed', 'SignedBadge'].includes(String(earnerCopy.verification.type))) {
    return early(version, earnerCopy, {check: 'proof', result: 'failed', message: 'This is a signed assertion without its signature: verify the JWS it was issued as, not its JSON payload.'});
  }
  // A big host's badge page stands for the assertion it publishes (big-hosts.ts).
  const url = input.kind === 'url' ? (publishedAssertion(input.url)?.url ?? input.url) : hostingUrl(given ?? {}, earnerCopy ?? {});
  if (url === undefined) {
    return early(version, earnerCopy ?? {}, {check: 'parse', result: 'failed', message: 'No hosted verification URL: the assertion has no http(s) id (or verify.url) to fetch it from, so nothing vouches for this copy.'});
  }
  const fetched = await fetchObject(resolver, url, 'hosted assertion');
  if (fetched.kind !== 'found') {
    return early(version, earnerCopy ?? {id: url}, {check: 'proof', result: fetched.kind === 'unavailable' ? 'indeterminate' : 'failed', message: `${fetched.kind === 'unavailable' ? 'Not checked: ' : ''}${fetched.reason}.`});
  }
  if (!looksLikeOb2(fetched.document)) {
    // Given a URL, what is there may be anything: it is not a credential, as verify() means it.
    if (input.kind === 'url') throw invalidInput(`the document at ${url} is not an Open Badges assertion`);
    return early(version, earnerCopy ?? {id: url}, {check: 'proof', result: 'failed', message: `The document at ${quote(url)} is not an Open Badges assertion.`});
  }
  let hosted = fetched.document;
  let at = url;
  const declared = upgradeAssertion(hosted, url).id;
  if (declared !== url && httpUrl(declared) !== undefined && input.kind === 'url') {
    // A page or alias URL (a big host's, a baked link) leads to the assertion; its id is where it is hosted, and that copy counts.
    const again = await fetchObject(resolver, declared as string, 'hosted assertion');
    if (again.kind !== 'found') return early(version, {id: declared}, {check: 'proof', result: again.kind === 'unavailable' ? 'indeterminate' : 'failed', message: `${again.kind === 'unavailable' ? 'Not checked: ' : ''}${again.reason}.`});
    hosted = again.document;
    at = declared as string;
  }
  const hostedVersion = documentVersion(hosted);
  const assertion = upgradeAssertion(hosted, at);
  if (assertion.id !== at) {
    return early(hostedVersion, assertion, {check: 'proof', result: 'failed', message: `The assertion hosted at ${quote(at)} names ${quote(assertion.id)} as its id: it is not hosted where it says.`});
  }
  return {assertion, version: hostedVersion, source: {check: 'proof', result: 'passed', message: `Hosted verification: the issuer's copy was fetched from ${quote(at)}.`}, warnings: []};
}

/** A hosted assertion's URL: its id, or OB 1.0's verify.url. */
function hostingUrl(given: JsonObject, upgraded: JsonObject): string | undefined {
  const verify = isObject(given.verify) ? given.verify : undefined;
  return httpUrl(verify?.url) ?? httpUrl(upgraded.id);
}

function early(version: ObVersion, assertion: JsonObject, ...checks: Check[]): {report: VerificationReport; assertion: JsonObject} {
  return {report: ob2Report({version, assertion, badge: undefined, issuer: undefined, checks, revoked: false, dates: 'current', warnings: []}), assertion};
}

/** The BadgeClass and issuer Profile behind the assertion; a check when they cannot be had. */
async function followChain(assertion: JsonObject, resolver: DocumentResolver, findings: Ob2Findings): Promise<Check | undefined> {
  const badge = await follow(resolver, assertion.badge, 'BadgeClass');
  if (badge.kind !== 'found') return missing(badge);
  findings.badge = upgradeBadgeClass(badge.document, badge.url);
  findings.warnings.push(...badge.warnings);
  const issuer = await follow(resolver, findings.badge.issuer, 'issuer Profile');
  if (issuer.kind !== 'found') return missing(issuer);
  findings.issuer = upgradeIssuer(issuer.document, issuer.url);
  findings.warnings.push(...issuer.warnings);
  // OB 0.5 and 1.0 embedded their issuer, named by its origin; from 1.1 on, the Profile is a document of its own.
  if (issuer.url === undefined && (findings.version === '2.0' || findings.version === '1.1')) return {check: 'schema', result: 'failed', message: `${UNANCHORED_ISSUER[0].toUpperCase()}${UNANCHORED_ISSUER.slice(1)}.`};
  return undefined;

  function missing(followed: {kind: 'unavailable' | 'malformed'; reason: string}): Check {
    return followed.kind === 'unavailable'
      ? {check: 'schema', result: 'indeterminate', message: `Not checked: ${followed.reason}.`}
      : {check: 'schema', result: 'failed', message: `${followed.reason}.`};
  }
}

/** issuedOn must not be in the future, expires not in the past (with the pipeline's clock skew). */
function datesCheck(assertion: JsonObject, context: Ob2Context, findings: Ob2Findings): Check {
  const issued = parseDateTime(assertion.issuedOn);
  const expires = assertion.expires === undefined ? undefined : parseDateTime(assertion.expires);
  const skew = context.maxClockSkewSeconds * 1000;
  if (!issued || (assertion.expires !== undefined && !expires)) {
    findings.dates = 'malformed';
    return {check: 'validity-period', result: 'failed', message: 'The assertion\'s dates are not ISO 8601 dates and times with a time zone (see the schema check).'};
  }
  if (issued.getTime() - skew > context.now.getTime()) {
    findings.dates = 'not-yet-valid';
    return {check: 'validity-period', result: 'failed', message: `The assertion says it was issued on ${quote(assertion.issuedOn)}, which is in the future.`};
  }
  if (expires && expires.getTime() + skew < context.now.getTime()) {
    findings.dates = 'expired';
    return {check: 'validity-period', result: 'failed', message: `The assertion expired on ${quote(assertion.expires)}.`};
  }
  return {check: 'validity-period', result: 'passed', message: expires ? `Issued on ${quote(assertion.issuedOn)}; expires on ${quote(assertion.expires)}.` : `Issued on ${quote(assertion.issuedOn)}; it does not expire.`};
}
