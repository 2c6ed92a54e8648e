import {LRUCache} from 'lru-cache';
import ssri from 'ssri';
import {HallmarkError, notFound} from '../errors.ts';
import {Fetcher} from '../net/fetcher.ts';
import {FetchError} from '../net/errors.ts';
import {deepFreeze, isObject, type JsonObject} from '../json.ts';

/** Abbreviated metadata ("corgi") is what npm itself asks for: versions, dist and dependencies, a fraction of the full document. */
const PACKUMENT_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
const MAX_PACKUMENT_BYTES = 32 * 1024 * 1024;
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;
/** Upstream documents are kept this long; what a policy lets through is decided afresh on every request. */
const PACKUMENT_TTL_MS = 60_000;
const CACHED_PACKUMENT_BYTES = 64 * 1024 * 1024;

/** A version's download as the upstream packument gives it. */
export interface Dist {
  tarball: string;
  integrity: string | null;
  shasum: string | null;
}

/**
 * The upstream npm registry (HALLMARK_NPM_UPSTREAM), reached through a
 * hardened fetcher of its own whose one allowed host is the upstream's: a
 * packument or tarball URL that points anywhere else is refused, so the
 * registry cannot be turned into a proxy for other hosts.
 */
export class NpmUpstream {
  readonly #base: URL;
  readonly #fetcher: Fetcher;
  readonly #packuments = new LRUCache<string, {document: JsonObject; bytes: number}>({maxSize: CACHED_PACKUMENT_BYTES, sizeCalculation: (value) => Math.max(1, value.bytes), ttl: PACKUMENT_TTL_MS});

  constructor(upstream: string, fetcher?: Fetcher) {
    this.#base = new URL(`${upstream.replace(/\/+$/, '')}/`);
    const port = Number(this.#base.port) || (this.#base.protocol === 'https:' ? 443 : 80);
    this.#fetcher = fetcher ?? new Fetcher({allowHosts: [{host: this.#base.hostname, port}], maxBytes: MAX_TARBALL_BYTES, timeoutMs: 60_000, userAgent: 'Hallmark policy registry'});
  }

  get origin(): string {
    return this.#base.origin;
  }

  /** The package document, from the cache while it is fresh; 404 when the upstream has no such package. */
  async packument(name: string): Promise<JsonObject> {
    const cached = this.#packuments.get(name);
    if (cached) return cached.document;
    const url = new URL(encodePackageName(name), this.#base).href;
    const response = await this.#get(url, PACKUMENT_ACCEPT, MAX_PACKUMENT_BYTES);
    if (response.status === 404) throw notFound(`the upstream registry has no package "${name}"`);
    if (response.status !== 200) throw new HallmarkError('unavailable', `the upstream registry answered ${response.status} for "${name}"`);
    let document: unknown;
    try {
      document = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new HallmarkError('unavailable', `the upstream registry's document for "${name}" is not JSON`);
    }
    if (!isObject(document) || document.name !== name || !isObject(document.versions)) throw new HallmarkError('unavailable', `the upstream registry's document for "${name}" is not a packument of that package`);
    // Larger than the whole cache: served, not kept.
    deepFreeze(document);
    if (response.body.length <= CACHED_PACKUMENT_BYTES) this.#packuments.set(name, {document, bytes: response.body.length});
    return document;
  }

  /** The tarball's bytes, checked against the packument's integrity (or, for old packages, its sha1 shasum). */
  async tarball(dist: Dist): Promise<Buffer> {
    const url = new URL(dist.tarball);
    if (url.origin !== this.#base.origin) throw new HallmarkError('unavailable', `the tarball ${url.href.slice(0, 200)} is not on the upstream registry (${this.#base.origin}); it is not proxied`);
    const response = await this.#get(url.href, 'application/octet-stream', MAX_TARBALL_BYTES);
    if (response.status !== 200) throw new HallmarkError('unavailable', `the upstream registry answered ${response.status} for ${url.pathname}`);
    const expected = dist.integrity ?? (dist.shasum ? `sha1-${Buffer.from(dist.shasum, 'hex').toString('base64')}` : null);
    if (expected === null) throw new HallmarkError('unavailable', `the upstream packument gives no integrity for ${url.pathname}`);
    if (!ssri.checkData(response.body, expected)) throw new HallmarkError('unavailable', `the tarball ${url.pathname} does not match the integrity the upstream packument gives (${expected.slice(0, 80)})`);
    return response.body;
  }

  async #get(url: string, accept: string, maxBytes: number) {
    try {
      return await this.#fetcher.fetch(url, {accept, maxBytes});
    } catch (error) {
      if (error instanceof FetchError) throw new HallmarkError('unavailable', `the upstream registry could not be reached: ${error.message}`);
      throw error;
    }
  }
}

/** npm's own path form: a scoped name keeps its @ and has its slash encoded (@scope%2fname). */
export function encodePackageName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}
