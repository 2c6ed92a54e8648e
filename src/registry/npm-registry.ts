import semver from 'semver';
import {LRUCache} from 'lru-cache';
import {invalidInput, notFound} from '../errors.ts';
import {isObject, type JsonObject} from '../json.ts';
import {npmPurl, parsePurl} from '../purl.ts';
import type {SbomCheckService, PolicyRequirement} from '../vetting/sbom-check.ts';
import type {PackageBadgeService} from '../vetting/package-badges.ts';
import {encodePackageName, type Dist, type NpmUpstream} from './npm-upstream.ts';

/** npm's rules for a package name (validate-npm-package-name, new packages): lower case, URL-safe, at most 214 characters. */
const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const TARBALL_FILE = /^[A-Za-z0-9][A-Za-z0-9._~+-]{0,250}\.tgz$/;
/** A verdict on a badge credential is kept this long, and dropped at once when any status list changes. */
const VERDICT_TTL_MS = 60_000;

export interface RegistryDependencies {
  upstream: NpmUpstream;
  check: Pick<SbomCheckService, 'assertPolicies' | 'judge'>;
  badges: Pick<PackageBadgeService, 'forPackage'>;
  /** Registers a listener for every status list change (revocation, suspension, reinstatement). */
  onStatusChange: (listener: () => void) => void;
  /** The registry's own base URL for a community and policy, without trailing slash. */
  registryUrl: (community: string, policy: string) => string;
}

/**
 * An npm registry per community and policy: the upstream's packuments with
 * only the versions that hold a badge under the policy which verifies now
 * (the same judgement `hallmark check` gives each dependency), and their
 * tarballs, checked against the upstream's integrity. The upstream document
 * is cached briefly; verdicts are cached until any status list changes, so a
 * revocation is seen by the very next request.
 */
export class NpmRegistryService {
  readonly #deps: RegistryDependencies;
  readonly #verdicts = new LRUCache<string, boolean>({max: 50_000, ttl: VERDICT_TTL_MS});
  #generation = 0;

  constructor(deps: RegistryDependencies) {
    this.#deps = deps;
    deps.onStatusChange(() => {
      this.#generation++;
      this.#verdicts.clear();
    });
  }

  /** The filtered packument; 404 naming the policy when no version passes it. */
  async packument(community: string, policy: string, name: string): Promise<JsonObject> {
    checkName(name);
    const requirement = {community, policy};
    await this.#deps.check.assertPolicies([requirement]);
    const upstream = await this.#deps.upstream.packument(name);
    const passing = await this.#passingVersions(requirement, name, Object.keys(upstream.versions as JsonObject));
    if (passing.length === 0) throw notFound(`no version of ${name} holds a valid badge under the policy ${community}/${policy}`);
    return this.#filtered(upstream, requirement, name, passing);
  }

  /** A tarball of a version the policy passes, exactly as the upstream packument's integrity says. */
  async tarball(community: string, policy: string, name: string, file: string): Promise<Buffer> {
    checkName(name);
    if (!TARBALL_FILE.test(file)) throw invalidInput(`"${file.slice(0, 100)}" is not a tarball name`, [{field: 'file', problem: 'must be <name>-<version>.tgz'}]);
    const requirement = {community, policy};
    await this.#deps.check.assertPolicies([requirement]);
    const upstream = await this.#deps.upstream.packument(name);
    const versions = upstream.versions as JsonObject;
    const version = Object.keys(versions).find((candidate) => basename(distOf(versions[candidate])?.tarball) === file);
    if (version === undefined) throw notFound(`the upstream registry lists no tarball ${file} for ${name}`);
    const [passing] = await this.#passingVersions(requirement, name, [version]);
    if (passing === undefined) throw notFound(`${name}@${version} holds no valid badge under the policy ${community}/${policy}`);
    return this.#deps.upstream.tarball(distOf(versions[version]) as Dist);
  }

  async #passingVersions(requirement: PolicyRequirement, name: string, versions: string[]): Promise<string[]> {
    const purls = new Map(versions.flatMap((version) => {
      try {
        return [[npmPurl(name, version), version] as const];
      } catch {
        return [];
      }
    }));
    // Only versions with a badge under the policy are worth verifying; the badge records are read afresh every time.
    const badged = new Set((await this.#deps.badges.forPackage(parsePurl(npmPurl(name, '0.0.0')).package))
      .filter((badge) => badge.community === requirement.community && badge.policy === requirement.policy && badge.credentialId !== null && purls.has(badge.purl))
      .map((badge) => badge.purl));
    const passing: string[] = [];
    for (const purl of badged) if (await this.#meets(purl, requirement)) passing.push(purls.get(purl) as string);
    return passing;
  }

  async #meets(purl: string, requirement: PolicyRequirement): Promise<boolean> {
    const key = `${requirement.community}/${requirement.policy} ${purl}`;
    const cached = this.#verdicts.get(key);
    if (cached !== undefined) return cached;
    const generation = this.#generation;
    const {meets} = await this.#deps.check.judge(purl, [requirement]);
    // A status change during the verification may have made this verdict stale: keep it only if none came.
    if (generation === this.#generation) this.#verdicts.set(key, meets);
    return meets;
  }

  #filtered(upstream: JsonObject, requirement: PolicyRequirement, name: string, passing: string[]): JsonObject {
    const base = `${this.#deps.registryUrl(requirement.community, requirement.policy)}/${encodePackageName(name)}/-/`;
    const keep = new Set(passing);
    const versions = Object.fromEntries(Object.entries(upstream.versions as JsonObject).filter(([version]) => keep.has(version)).map(([version, manifest]) => {
      const record = manifest as JsonObject;
      const dist = record.dist as JsonObject;
      return [version, {...record, dist: {...dist, tarball: base + basename(String(dist.tarball))}}];
    }));
    const tags = isObject(upstream['dist-tags']) ? upstream['dist-tags'] : {};
    const distTags: Record<string, string> = Object.fromEntries(Object.entries(tags).filter(([, version]) => typeof version === 'string' && keep.has(version))) as Record<string, string>;
    distTags.latest = newest(passing, typeof tags.latest === 'string' ? tags.latest : null);
    const time = isObject(upstream.time) ? Object.fromEntries(Object.entries(upstream.time).filter(([key]) => key === 'created' || key === 'modified' || keep.has(key))) : undefined;
    return {...upstream, 'dist-tags': distTags, versions, ...(time ? {time} : {})};
  }
}

/** The newest passing release: the upstream's latest if it passes, else the highest stable version, else the highest. */
function newest(passing: string[], upstreamLatest: string | null): string {
  if (upstreamLatest !== null && passing.includes(upstreamLatest)) return upstreamLatest;
  const valid = passing.filter((version) => semver.valid(version) !== null);
  const stable = valid.filter((version) => semver.prerelease(version) === null);
  const pool = stable.length > 0 ? stable : valid.length > 0 ? valid : passing;
  return [...pool].sort((a, b) => (semver.valid(a) && semver.valid(b) ? semver.rcompare(a, b) : b.localeCompare(a)))[0] as string;
}

function checkName(name: string): void {
  if (name.length > 214 || !NPM_NAME.test(name)) throw invalidInput(`"${name.slice(0, 100)}" is not an npm package name`, [{field: 'package', problem: 'must be an npm package name such as left-pad or @scope/name'}]);
}

function distOf(manifest: unknown): Dist | null {
  if (!isObject(manifest) || !isObject(manifest.dist) || typeof manifest.dist.tarball !== 'string') return null;
  const {tarball, integrity, shasum} = manifest.dist;
  return {tarball, integrity: typeof integrity === 'string' ? integrity : null, shasum: typeof shasum === 'string' ? shasum : null};
}

function basename(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}
