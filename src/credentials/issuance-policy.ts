import {invalidInput, type FieldProblem} from '../errors.ts';
import {CONTEXTS, isPinnedContext} from './contexts.ts';
import {officialSchemaForUrl} from './schemas.ts';
import {checkKeyShape} from './verify/key-shape.ts';

/**
 * What this instance is willing to sign on an issuer's behalf, beyond the
 * official schema. A signed credential speaks in the issuer's name for
 * years, and verifiers elsewhere will act on every field, so the claims a
 * caller supplies are held to what an Open Badge needs and no more.
 */
const OB_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/context';
const EXTENSION_TERMS = ['1EdTechJsonSchemaValidator2019', '1EdTechRevocationList', '1EdTechCredentialRefresh'];
/** Schemes a link in a credential may use; anything else (javascript:, file:, …) is refused. */
// pkg: is a package URL (purl): it names a package release and runs nothing.
const LINK_SCHEMES = /^(https?:\/\/|urn:|did:|pkg:)/i;
const LINK_KEYS = new Set(['id', 'url', 'targetUrl']);
const IMAGE_LINK = /^(https?:\/\/|data:image\/(png|svg\+xml|jpeg|gif|webp)[;,])/i;

/** Refuses input this instance will not sign, naming every offending field. */
export function assertIssuable(input: Record<string, unknown>, now: Date): void {
  const shape = checkKeyShape(input);
  // Never sign what our own verifier would refuse: the same shape rule applies on the way in.
  if (shape.refusals.length > 0 || shape.malformed) {
    throw invalidInput('the credential uses keys or contexts Hallmark does not issue', shape.refusals.map((refusal) => ({field: '/credential', problem: refusal})));
  }
  const problems = [...embeddedEndorsements(input), ...listedSchemas(input), ...validityWindow(input, now), ...unsafeLinks(input, '/credential')];
  if (problems.length > 0) throw invalidInput('the credential makes claims Hallmark does not sign', problems);
}

/**
 * VC 2.0 first, then OB 3.0.3, then extensions.json when 1EdTech extension
 * types appear. Other contexts are refused: each admits vocabulary (DID
 * documents' assertionMethod, for one) that would let a signed badge pass
 * for a different kind of document.
 */
export function issuanceContexts(input: Record<string, unknown>): string[] {
  const given = input['@context'] === undefined ? [] : (Array.isArray(input['@context']) ? input['@context'] : [input['@context']]);
  const field = '/credential/@context';
  for (const url of given) {
    if (url === CONTEXTS.credentialsV1) throw invalidInput('Hallmark issues VC Data Model 2.0 credentials', [{field, problem: `use ${CONTEXTS.credentialsV2}, not the VC 1.1 context`}]);
    if (typeof url !== 'string' || !isPinnedContext(url)) throw invalidInput(`unknown JSON-LD context ${String(url)}`, [{field, problem: `${String(url)} is not a pinned context`}]);
    if (url !== CONTEXTS.credentialsV2 && url !== CONTEXTS.obExtensions && !url.startsWith(OB_CONTEXT_PREFIX)) {
      throw invalidInput(`Hallmark does not issue credentials with the context ${url}`, [{field, problem: `only ${CONTEXTS.credentialsV2}, the Open Badges context and ${CONTEXTS.obExtensions}`}]);
    }
  }
  const needsExtensions = given.includes(CONTEXTS.obExtensions) || EXTENSION_TERMS.some((term) => JSON.stringify(input).includes(`"${term}"`));
  return [CONTEXTS.credentialsV2, CONTEXTS.ob, ...(needsExtensions ? [CONTEXTS.obExtensions] : [])];
}

function embeddedEndorsements(input: Record<string, unknown>): FieldProblem[] {
  // Embedded endorsements would ride inside our signature unverified; endorsers issue their own EndorsementCredential.
  return ['endorsement', 'endorsementJwt']
    .filter((key) => key in input)
    .map((key) => ({field: `/credential/${key}`, problem: 'embedded endorsements are not signed by this instance; issue an EndorsementCredential instead'}));
}

function listedSchemas(input: Record<string, unknown>): FieldProblem[] {
  const entries = input.credentialSchema === undefined ? [] : Array.isArray(input.credentialSchema) ? input.credentialSchema : [input.credentialSchema];
  // A third-party schema URL would make every verification call out to its owner.
  return entries.flatMap((entry, index) => {
    const id = (entry as {id?: unknown})?.id;
    return typeof id === 'string' && officialSchemaForUrl(id) ? [] : [{field: `/credential/credentialSchema/${index}`, problem: 'only the official Open Badges 3.0 schemas may be listed'}];
  });
}

function validityWindow(input: Record<string, unknown>, now: Date): FieldProblem[] {
  const from = typeof input.validFrom === 'string' ? Date.parse(input.validFrom) : now.getTime();
  const until = typeof input.validUntil === 'string' ? Date.parse(input.validUntil) : undefined;
  if (until === undefined || Number.isNaN(until) || Number.isNaN(from)) return []; // the official schema names malformed dates
  if (until <= from) return [{field: '/credential/validUntil', problem: 'must be after validFrom'}];
  if (until <= now.getTime()) return [{field: '/credential/validUntil', problem: 'is in the past: the credential would be expired when issued'}];
  return [];
}

function unsafeLinks(value: unknown, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: Array<[unknown, string, string]> = [[value, path, '']];
  while (pending.length > 0) {
    const [current, at, parentKey] = pending.pop() as [unknown, string, string];
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, `${at}/${index}`, parentKey]));
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    for (const [key, child] of Object.entries(current)) {
      const where = `${at}/${key}`;
      // An image may be inlined as a data: URI, as OB 3.0 allows; every other link must lead somewhere safe.
      const isImage = key === 'image' || (key === 'id' && parentKey === 'image');
      if (typeof child === 'string' && isImage && !IMAGE_LINK.test(child)) problems.push({field: where, problem: 'must be an http(s) URL or a data:image URI'});
      else if (typeof child === 'string' && !isImage && LINK_KEYS.has(key) && !LINK_SCHEMES.test(child)) problems.push({field: where, problem: 'must be an http(s), urn:, did: or pkg: URI'});
      else pending.push([child, where, key]);
    }
  }
  return problems;
}
