import {createHash} from 'node:crypto';
import {LRUCache} from 'lru-cache';
import {DocumentResolver, type ResolutionBudget} from '../documents.ts';
import type {VerificationReport} from '../report.ts';
import {checkContexts} from './context-check.ts';
import {isObject, strings, type JsonObject} from './json.ts';
import {deepFreeze, exactJson} from '../../json.ts';
import {checkValidityPeriod, validityState, type ValidityState, type ValidityWindow} from './validity.ts';

/**
 * Reuse of a status list's verification. Every credential on a list points
 * at the same list, and verifying it (signature, key documents, schema,
 * graph, issuer) costs as much as verifying the credential. That work is a
 * pure function of the list's content and the documents it consulted (its
 * key and controller documents); only the validity period depends on the
 * clock. So a list verified once is reused while:
 * - its JSON is identical (SHA-256 digest) to the list verified then;
 * - every document that verification consulted resolves, now, through this
 *   verification's resolver, to identical JSON (a withdrawn or replaced key
 *   shows at once, and the same documents count against the budget);
 * - its validity period, judged again at this verification's instant,
 *   comes out exactly as it did (otherwise the list is verified afresh);
 * - the options that shape the verdict (clock skew, embedded-key trust) are
 *   the same.
 * Only embedded-proof lists whose dates all carry a timezone and make a
 * well-formed validity period are kept: then the proof library reads the
 * dates as validity.ts does, its own date checks, run at an instant inside
 * the validity window (validity.ts libraryClock), pass whatever the clock
 * says, and the proof verdict does not depend on time. Lists whose verification
 * could not obtain a document are not kept.
 */
export interface VerifiedList {
  report: VerificationReport;
  credential: JsonObject;
}

export interface ListVerificationOptions {
  resolver: DocumentResolver;
  now: Date;
  maxClockSkewSeconds: number;
  trustEmbeddedKeys: boolean;
}

/** The pipeline itself (verifyCredentialInput with status, listed schemas and endorsements off), given the resolver to use. */
export type VerifyListWith = (list: unknown, resolver: DocumentResolver) => Promise<VerifiedList>;

interface Entry {
  report: VerificationReport;
  credential: JsonObject;
  /** URL → digest of the JSON each consulted document had, in the order they were asked for. */
  consulted: Array<[url: string, digest: string]>;
  /** The list's validity window and where the clock stood in it when it was verified. */
  window: ValidityWindow;
  state: ValidityState;
}

/** Lists are kept by the size of their JSON; a few lists of the specification's minimum size fit many times over. */
const MAX_REMEMBERED_BYTES = 8 * 1024 * 1024;
const MAX_LIST_BYTES = 1024 * 1024;

const remembered = new LRUCache<string, Entry>({maxSize: MAX_REMEMBERED_BYTES, sizeCalculation: (_, key) => Number(key.slice(key.lastIndexOf(' ') + 1)) || 1});

const DATE_FIELDS = ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'];
const WITH_TIMEZONE = /(Z|[+-]\d\d:\d\d)$/i;

function digest(json: string): string {
  return createHash('sha256').update(json).digest('base64');
}

/** Embedded proofs only (a VC-JWT or an envelope is verified each time), and dates the proof library reads as we do. */
function keepable(list: JsonObject): boolean {
  if (list.proof === undefined || strings(list.type).includes('EnvelopedVerifiableCredential')) return false;
  return DATE_FIELDS.every((field) => list[field] === undefined || (typeof list[field] === 'string' && WITH_TIMEZONE.test(list[field] as string)));
}


/**
 * A resolver that notes every document asked for, so that a reuse can check
 * the same documents are still served. Anything that reaches past it
 * (another budget) makes the verification unfit to keep.
 */
class RecordingResolver extends DocumentResolver {
  readonly consulted = new Map<string, Promise<unknown>>();
  readonly #inner: DocumentResolver;
  escaped = false;
  constructor(inner: DocumentResolver) {
    super([]);
    this.#inner = inner;
  }
  override resolve(url: string): Promise<unknown> {
    const pending = this.#inner.resolve(url);
    if (!this.consulted.has(url)) this.consulted.set(url, pending);
    return pending;
  }
  override revocation(listUrl: string, index: number, credentialId: string): ReturnType<DocumentResolver['revocation']> {
    return this.#inner.revocation(listUrl, index, credentialId);
  }
  override withBudget(budget: ResolutionBudget): DocumentResolver {
    this.escaped = true;
    return this.#inner.withBudget(budget);
  }
}

async function reuse(entry: Entry, options: ListVerificationOptions): Promise<VerifiedList | undefined> {
  for (const [url, expected] of entry.consulted) {
    let document: unknown;
    try {
      document = await options.resolver.resolve(url);
    } catch {
      return undefined;
    }
    const json = exactJson(document);
    if (json === undefined || digest(json) !== expected) return undefined;
  }
  // The same JSON (and clock skew) gives the same dates, problems and messages: only the state can change with the clock.
  if (validityState(entry.window, options.now, options.maxClockSkewSeconds) !== entry.state) return undefined;
  return {report: entry.report, credential: entry.credential};
}

async function remember(key: string, result: VerifiedList, recorder: RecordingResolver, options: ListVerificationOptions): Promise<void> {
  if (recorder.escaped) return;
  const consulted: Entry['consulted'] = [];
  for (const [url, pending] of recorder.consulted) {
    let document: unknown;
    try {
      document = await pending;
    } catch {
      return;
    }
    const json = exactJson(document);
    // A document JSON text cannot tell apart (Infinity, -0) is verified afresh every time.
    if (json === undefined) return;
    consulted.push([url, digest(json)]);
  }
  const {dataModel} = checkContexts(result.credential);
  // A malformed period (a date we cannot read, an inverted window) is not kept: the proof library
  // might read those dates otherwise, and against the clock.
  const validity = checkValidityPeriod(result.credential, {dataModel, now: options.now, maxClockSkewSeconds: options.maxClockSkewSeconds});
  if (validity.state === 'malformed') return;
  deepFreeze(result.report);
  deepFreeze(result.credential);
  remembered.set(key, {...result, consulted, window: validity.window, state: validity.state});
}

/**
 * Verifies a status list through `verifyWith`, or hands back the earlier
 * verification of the identical list when that is what verifying it again
 * would give. The result is frozen either way when kept.
 */
export async function verifyStatusList(list: unknown, options: ListVerificationOptions, verifyWith: VerifyListWith): Promise<VerifiedList> {
  if (!isObject(list) || !keepable(list)) return verifyWith(list, options.resolver);
  const json = exactJson(list);
  if (json === undefined || json.length > MAX_LIST_BYTES) return verifyWith(list, options.resolver);
  // The size rides in the key for the cache's accounting.
  const key = `${digest(json)} ${options.maxClockSkewSeconds} ${options.trustEmbeddedKeys} ${json.length}`;
  const entry = remembered.get(key);
  if (entry) {
    const reused = await reuse(entry, options);
    if (reused) return reused;
  }
  const recorder = new RecordingResolver(options.resolver);
  const result = await verifyWith(list, recorder);
  await remember(key, result, recorder, options);
  return result;
}

/** For tests: forget every kept verification. */
export function forgetVerifiedLists(): void {
  remembered.clear();
}
