import {HallmarkError, invalidInput} from '../errors.ts';
import {canonicalJson} from '../json.ts';
import {FetchError} from '../net/errors.ts';
import type {VerificationReport} from '../credentials/report.ts';
import type {VerifyOptions} from '../credentials/verify/index.ts';
import {badgeUrl} from './badge-urls.ts';
import {judgeBadges, type BadgeSighting} from './look-alike.ts';
import {extract, type Content, type Extraction, type FoundCredential, type FoundLink} from './extract/index.ts';
import type {InspectorOptions} from './inspector.ts';
import {localCredentialAt} from './local.ts';
import type {InspectionLimits} from './limits.ts';
import {readmeUrl} from './repository-pages.ts';
import {publishedAssertion} from '../credentials/ob2/index.ts';
import type {InspectInput, InspectionResult} from './types.ts';

/** Credential URLs negotiate to JSON; pages and images are accepted too, since any link may be either. */
const ACCEPT = 'application/ld+json, application/json;q=0.9, text/html;q=0.8, text/markdown;q=0.7, image/svg+xml;q=0.6, image/png;q=0.6, */*;q=0.1';
const CONCURRENCY = 4;

/** What one URL or document led to: the reports found in it and the URLs it links to. */
interface Node {
  reports: number[];
  children: string[];
  followed: boolean;
  /** Why it could not be read (fetch refused or failed, or an HTTP error): a badge linking here could not be checked. */
  unreadable?: string;
}

interface Pending {
  url: string;
  depth: number;
}

/** One inspection's state and budget; used once. */
export class Inspection {
  readonly #options: InspectorOptions;
  readonly #limits: InspectionLimits;
  readonly #verifyOptions: VerifyOptions;
  readonly #result: InspectionResult = {reports: [], problems: [], suspicious: []};
  readonly #nodes = new Map<string, Node>();
  readonly #verified = new Map<string, Promise<number | null>>();
  readonly #badges: BadgeSighting[] = [];
  #next: Pending[] = [];
  readonly #queued = new Set<string>();
  #fetches = 0;
  #bytes = 0;
  #unfollowed = 0;
  #uncounted = 0;
  #started = 0;
  #deadline = 0;

  constructor(options: InspectorOptions, limits: InspectionLimits, verifyOptions: VerifyOptions = {}) {
    this.#options = options;
    this.#limits = limits;
    this.#verifyOptions = verifyOptions;
  }

  async run(input: InspectInput): Promise<InspectionResult> {
    this.#deadline = Date.now() + this.#limits.maxDurationMs;
    const top = input.kind === 'url' ? input.url : input.kind === 'text' ? 'text' : (input.filename ?? 'uploaded file');
    if (input.kind === 'url') {
      this.#queued.add(input.url);
      this.#next.push({url: input.url, depth: 0});
    } else {
      const bytes = input.kind === 'text' ? Buffer.from(input.text, 'utf8') : input.bytes;
      const node = this.#node(top);
      await this.#examine({bytes, source: top, base: null, declaredType: input.kind === 'file' ? (input.mediaType ?? null) : null, filename: input.kind === 'file' ? input.filename : undefined, expectCredential: true}, node, 0);
    }
    // Level by level, so the budget goes to what is nearest the document given.
    while (this.#next.length > 0) {
      const level = this.#next;
      this.#next = [];
      await inParallel(level, CONCURRENCY, (pending) => this.#follow(pending, pending.depth === 0));
    }
    const badges = await judgeBadges(this.#badges, {local: this.#options.local, reachable: (url) => this.#reachable(url)});
    this.#result.suspicious.push(...badges.suspicious);
    this.#result.problems.push(...badges.problems);
    // A genuine badge of someone else on a résumé proves nothing about its owner: flagged like a look-alike.
    for (const {source, report} of this.#result.reports) {
      if (report.recipient?.result === 'not-matched') this.#result.suspicious.push({source, reason: report.recipient.message});
    }
    if (this.#unfollowed > 0) {
      this.#result.problems.push({source: top, reason: `limit reached: ${this.#unfollowed} link(s) were not followed (at most ${this.#limits.maxFetches} fetches, ${this.#limits.maxTotalBytes} bytes and ${this.#limits.maxDurationMs / 1000} s per inspection)`});
    }
    if (this.#uncounted > 0) {
      this.#result.problems.push({source: top, reason: `limit reached: ${this.#uncounted} more credential(s) were found but not verified (at most ${this.#limits.maxCredentials} and ${this.#limits.maxDurationMs / 1000} s per inspection)`});
    }
    if (this.#result.reports.length === 0 && this.#result.problems.length === 0) {
      this.#result.problems.push({source: top, reason: 'no credential was found here'});
    }
    return this.#result;
  }

  #node(key: string): Node {
    let node = this.#nodes.get(key);
    if (!node) {
      node = {reports: [], children: [], followed: false};
      this.#nodes.set(key, node);
    }
    return node;
  }

  async #follow({url, depth}: Pending, given: boolean): Promise<void> {
    const node = this.#node(url);
    if (node.followed) return;
    node.followed = true;
    const local = await localCredentialAt(this.#options.local, url);
    if (local === null) {
      this.#result.problems.push({source: url, reason: 'this package badge of this instance shows no credential yet (not vetted)'});
      return;
    }
    if (local !== undefined && this.#options.local) {
      const credential = await this.#options.local.credential(local);
      if (credential === null) this.#result.problems.push({source: url, reason: `this instance has no credential ${local}`});
      else await this.#verify({source: url, value: credential}, node);
      return;
    }
    const page = await this.#options.local?.page?.(url);
    if (page === null) {
      this.#unreadable(node, url, 'this instance has no such page');
      return;
    }
    if (page !== undefined) {
      await this.#examine({bytes: Buffer.from(page, 'utf8'), source: url, base: url, declaredType: 'text/html', expectCredential: given}, node, depth);
      return;
    }
    // A badge page on a big Open Badges 2.0 host: what verifies is the assertion the host publishes for it.
    const published = publishedAssertion(url);
    if (published) {
      await this.#verify({source: `${url} (${published.host}'s assertion ${published.url})`, value: published.url}, node);
      return;
    }
    if (this.#fetches >= this.#limits.maxFetches || this.#bytes >= this.#limits.maxTotalBytes || Date.now() >= this.#deadline) {
      // Left unfollowed, so a badge whose link this was is reported as unchecked rather than as a look-alike.
      node.followed = false;
      this.#unfollowed += 1;
      return;
    }
    this.#fetches += 1;
    const readme = readmeUrl(url);
    try {
      const response = await this.#withinDeadline(this.#options.fetcher.fetch(readme?.url ?? url, {
        accept: readme?.accept ?? ACCEPT,
        maxBytes: Math.max(1, Math.min(this.#limits.maxDocumentBytes, this.#limits.maxTotalBytes - this.#bytes)),
      }), url);
      this.#bytes += response.body.length;
      if (response.status < 200 || response.status > 299) {
        this.#unreadable(node, url, `could not be read: the server answered HTTP ${response.status}`);
        return;
      }
      await this.#examine({bytes: response.body, source: url, base: readme?.base ?? response.url, declaredType: response.contentType, expectCredential: given}, node, depth);
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      // A URL the fetcher will never reach is bad input when it is the one given; deeper, it is one more finding.
      if (given && (error.reason === 'bad-url' || error.reason === 'blocked-address')) throw invalidInput(`cannot inspect ${url}: ${error.message}`, [{field: '/url', problem: error.reason}]);
      this.#unreadable(node, url, `could not be fetched: ${error.message}`);
    }
  }

  #unreadable(node: Node, url: string, reason: string): void {
    node.unreadable = reason;
    this.#result.problems.push({source: url, reason});
  }

  async #examine(content: Content, node: Node, depth: number): Promise<void> {
    let extraction: Extraction;
    try {
      extraction = await extract(content);
    } catch (error) {
      this.#result.problems.push({source: content.source, reason: `could not be read: ${(error as Error).message}`});
      return;
    }
    this.#result.problems.push(...extraction.problems);
    for (const credential of extraction.credentials) await this.#verify(credential, node);
    for (const link of prioritised(extraction.links, this.#options)) {
      node.children.push(link.url);
      if (link.kind === 'image' && badgeUrl(link.url, this.#options.local?.urls)) {
        this.#badges.push({image: link.url, href: link.href ?? null, source: content.source});
      }
      if (depth < this.#limits.maxDepth && !this.#queued.has(link.url)) {
        this.#queued.add(link.url);
        this.#next.push({url: link.url, depth: depth + 1});
      }
    }
  }

  async #verify(found: FoundCredential, node: Node): Promise<void> {
    const key = typeof found.value === 'string' ? found.value.trim() : canonicalJson(found.value);
    // The promise is shared at once: a badge image and its link often carry the same credential, fetched side by side.
    let pending = this.#verified.get(key);
    if (pending === undefined) {
      pending = this.#verifyOnce(found);
      this.#verified.set(key, pending);
    }
    const index = await pending;
    if (index !== null) node.reports.push(index);
  }

  async #verifyOnce(found: FoundCredential): Promise<number | null> {
    // Each verification has its own document budget (VERIFICATION_BUDGET); these bound how many run at all.
    if (this.#started >= this.#limits.maxCredentials || Date.now() >= this.#deadline) {
      this.#uncounted += 1;
      return null;
    }
    this.#started += 1;
    let report: VerificationReport;
    try {
      report = await this.#options.verify(found.value, this.#verifyOptions);
    } catch (error) {
      if (error instanceof HallmarkError) {
        this.#result.problems.push({source: found.source, reason: `not a credential: ${error.message}`});
        return null;
      }
      throw error;
    }
    this.#result.reports.push({source: found.source, report});
    return this.#result.reports.length - 1;
  }

  /**
   * Reports found at `url` or at most two links further (a page, then its
   * JSON alternate); null when it was never followed, the reason when it
   * could not be read.
   */
  #reachable(url: string): VerificationReport[] | {unreadable: string} | null {
    const start = this.#nodes.get(url);
    if (!start?.followed) return null;
    if (start.unreadable !== undefined) return {unreadable: start.unreadable};
    const found = new Set<number>();
    let frontier = [url];
    for (let hop = 0; hop <= 2 && frontier.length > 0; hop += 1) {
      const next: string[] = [];
      for (const key of frontier) {
        const node = this.#nodes.get(key);
        if (!node) continue;
        node.reports.forEach((index) => found.add(index));
        next.push(...node.children);
      }
      frontier = next;
    }
    return [...found].map((index) => this.#result.reports[index].report);
  }

  async #withinDeadline<T>(promise: Promise<T>, url: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FetchError('timeout', url, `${url}: the inspection ran out of time`)), Math.max(0, this.#deadline - Date.now()));
    });
    // The abandoned fetch still ends by its own timeout; its result is ignored.
    promise.catch(() => undefined);
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Alternates and badge links first, so a budget runs out on the least likely links. */
function prioritised(links: FoundLink[], options: InspectorOptions): FoundLink[] {
  const badgeHrefs = new Set(links.filter((link) => link.kind === 'image' && link.href && badgeUrl(link.url, options.local?.urls)).map((link) => link.href));
  const rank = (link: FoundLink): number => {
    if (link.kind === 'alternate') return 0;
    if (badgeHrefs.has(link.url)) return 1;
    if (link.kind === 'image') return 2;
    return 3;
  };
  return [...links].sort((a, b) => rank(a) - rank(b));
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const lane = async (): Promise<void> => {
    while (index < items.length) {
      const item = items[index];
      index += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({length: Math.min(width, items.length)}, lane));
}
