import {invalidInput} from '../errors.ts';
import {assertTractable} from '../json-limits.ts';
import {isObject} from '../json.ts';
import {requestValidator} from '../validate.ts';
import type {VerificationBundle} from './bundles.ts';
import {statusListUrls} from './bundles.ts';
import {didMethod, didWebDocumentUrl} from './did-resolve.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource, type RevocationRecord} from './documents.ts';
import type {ClaimedIdentity} from './recipients.ts';
import type {VerificationReport} from './report.ts';
import type {EndorsementSource} from './verify/endorsement-check.ts';
import {verify} from './verify/index.ts';

const validateBundle = requestValidator<VerificationBundle>('hallmark-verification-bundle.schema.json');

/** Reads a bundle file's text; invalid-input naming what is wrong when it is not one. */
export function readBundle(text: string): VerificationBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`not a verification bundle: not valid JSON (${(error as Error).message.slice(0, 200)})`);
  }
  assertTractable(value);
  try {
    return validateBundle(value);
  } catch (error) {
    const problems = (error as {problems?: Array<{field: string; problem: string}>}).problems ?? [];
    throw invalidInput(`not a verification bundle: ${problems.slice(0, 3).map((problem) => `${problem.field || '(bundle)'} ${problem.problem}`).join('; ')}`, problems);
  }
}

export interface BundleVerification {
  report: VerificationReport;
  /** validFrom of the signed status lists the credential points at (the oldest when several): its status is known as of then. Null when it has none in the bundle. */
  statusAsOf: string | null;
}

export interface BundleVerifyOptions {
  now?: Date;
  recipient?: readonly ClaimedIdentity[];
  trustedEndorsers?: readonly string[];
}

/**
 * Verifies a bundle's credential by the one pipeline with the bundle as its
 * only document source: there is no fetcher here at all, so nothing can be
 * fetched. A document the bundle lacks leaves the check indeterminate, as an
 * unreachable one would.
 */
export async function verifyBundle(bundle: VerificationBundle, options: BundleVerifyOptions = {}): Promise<BundleVerification> {
  const report = await verify(bundle.credential, {
    resolver: new DocumentResolver([new BundleDocuments(bundle)]).withBudget(VERIFICATION_BUDGET),
    now: options.now,
    recipient: options.recipient,
    endorsements: {source: bundledEndorsements(bundle), trusted: options.trustedEndorsers ?? []},
  });
  return {report, statusAsOf: statusAsOf(bundle)};
}

function statusAsOf(bundle: VerificationBundle): string | null {
  const wanted = new Set(statusListUrls(bundle.credential));
  const dates = bundle.statusLists.filter((list) => wanted.has(String(list.id))).map((list) => list.validFrom).filter((date): date is string => typeof date === 'string');
  return dates.sort()[0] ?? null;
}

/** The bundle's documents under the URLs verification asks for: did:web documents at their did.json URL, lists at their id. */
class BundleDocuments implements DocumentSource {
  readonly #documents = new Map<string, unknown>();
  readonly #revocations: VerificationBundle['revocations'];

  constructor(bundle: VerificationBundle) {
    for (const {did, document} of bundle.didDocuments) {
      // did:key documents are derived from the DID itself; a bundled copy is never consulted.
      if (didMethod(did) !== 'web') continue;
      try {
        this.#documents.set(didWebDocumentUrl(did), document);
      } catch {
        // A malformed did:web names no URL the verifier could ask for.
      }
    }
    for (const list of bundle.statusLists) this.#documents.set(String(list.id), list);
    this.#revocations = bundle.revocations;
  }

  async get(url: string): Promise<unknown | undefined> {
    return this.#documents.get(url);
  }

  async revocation(listUrl: string, index: number, credentialId: string): Promise<RevocationRecord | null> {
    const found = this.#revocations.find((entry) => entry.statusListCredential === listUrl && entry.statusListIndex === index && entry.credentialId === credentialId);
    return found ? {at: found.at, reason: found.reason} : null;
  }
}

/** The endorsements the issuing instance knew; verified like any other, so a forged one added to the bundle is reported as such. */
function bundledEndorsements(bundle: VerificationBundle): EndorsementSource {
  return {endorsementsAbout: async (_targets, limit) => bundle.endorsements.filter((entry) => isObject(entry) || typeof entry === 'string').slice(0, limit)};
}
