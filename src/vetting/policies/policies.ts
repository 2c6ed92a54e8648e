import {DuplicateKeyError, type Collection, type Store} from '../../store/port.ts';
import type {InstanceUrls} from '../../credentials/instance-urls.ts';
import {HallmarkError, notFound, type FieldProblem} from '../../errors.ts';
import type {Actor, Handle} from '../model.ts';
import {actingName, authorize} from '../../authz/index.ts';
import type {VettingReads} from '../policy-ports.ts';
import {criteriaNamed, parsePolicy, policyDigest, type PolicyDocument} from './document.ts';
import {policyAchievement} from './achievement.ts';

/** One published, immutable version of a community's policy. */
export interface PolicyVersion {
  /** `${community}:${name}:${version}` */
  id: string;
  community: string;
  name: string;
  version: number;
  digest: string;
  document: PolicyDocument;
  /** The OB 3.0 Achievement badges under this version assert. */
  achievement: Record<string, unknown>;
  publishedBy: Handle | 'admin';
  publishedAt: string;
}

type PolicyRecord = PolicyVersion & {[field: string]: unknown};

export type PolicyPreview =
  | {valid: false; message: string; problems: FieldProblem[]}
  /** `published`: this very content is already published, as `version`; otherwise it would become `version`. */
  | {valid: true; document: PolicyDocument; digest: string; version: number; published: boolean; narrative: string; achievement: Record<string, unknown>};

export interface PublishResult {
  policy: PolicyVersion;
  /** False when identical content was already published: the existing version is returned. */
  created: boolean;
}

const MAX_PUBLISH_ATTEMPTS = 8;

/** Publishes community policies as numbered immutable versions and finds them again. */
export class PolicyService {
  readonly #policies: Collection<PolicyRecord>;
  readonly #vetting: VettingReads;
  readonly #urls: InstanceUrls;

  private constructor(policies: Collection<PolicyRecord>, vetting: VettingReads, urls: InstanceUrls) {
    this.#policies = policies;
    this.#vetting = vetting;
    this.#urls = urls;
  }

  static async open(store: Store, vetting: VettingReads, urls: InstanceUrls): Promise<PolicyService> {
    const policies = await store.collection<PolicyRecord>({
      name: 'policies',
      indexes: [
        {fields: ['community', 'name', 'version'], unique: true},
        {fields: ['community', 'name', 'digest'], unique: true},
        {fields: ['community', 'name']},
        {fields: ['community']},
      ],
    });
    return new PolicyService(policies, vetting, urls);
  }

  /** The stable id of a policy version: also the id of its Achievement. */
  achievementId(community: string, name: string, version: number): string {
    return this.#urls.policyVersion(community, name, version);
  }

  /** Publishes JSON or YAML text, or a parsed JSON value; a steward of the community (or the admin) only. */
  async publish(actor: Actor, community: string, input: unknown, format: 'json' | 'yaml' = 'json', now = new Date()): Promise<PublishResult> {
    const found = await this.#vetting.communities.get(community);
    authorize(actor, 'policies.publish', {community});
    const document = parsePolicy(input, format);
    for (const {field, name} of criteriaNamed(document)) await this.#vetting.criteria.assertKnown(community, [name], field);
    const digest = policyDigest(document);
    for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt++) {
      const same = await this.#policies.find({community, name: document.name, digest});
      if (same[0]) return {policy: same[0].doc, created: false};
      const version = ((await this.latest(community, document.name))?.version ?? 0) + 1;
      const id = this.achievementId(community, document.name, version);
      const policy: PolicyVersion = {
        id: `${community}:${document.name}:${version}`,
        community,
        name: document.name,
        version,
        digest,
        document,
        achievement: policyAchievement(document, {id, version, digest, communityName: found.name}),
        publishedBy: actingName(actor),
        publishedAt: now.toISOString(),
      };
      try {
        await this.#policies.insert(policy as PolicyRecord);
        return {policy, created: true};
      } catch (error) {
        // Someone published the same content or took this version number first: look again.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    throw new Error(`could not publish ${community}/${document.name}: too many concurrent publications`);
  }

  /**
   * Checks a policy as publish() would and says what it would become —
   * its narrative, its Achievement and its version number — without
   * publishing anything. Problems with the text come back as `valid: false`
   * with each problem; an unknown community is still a 404, too much text a 413.
   */
  async preview(community: string, input: unknown, format: 'json' | 'yaml' = 'json'): Promise<PolicyPreview> {
    const found = await this.#vetting.communities.get(community);
    let document: PolicyDocument;
    try {
      document = parsePolicy(input, format);
      for (const {field, name} of criteriaNamed(document)) await this.#vetting.criteria.assertKnown(community, [name], field);
    } catch (error) {
      if (error instanceof HallmarkError && error.kind === 'invalid-input') return {valid: false, message: error.message, problems: error.problems};
      throw error;
    }
    const digest = policyDigest(document);
    const [same] = await this.#policies.find({community, name: document.name, digest});
    const version = same ? same.doc.version : ((await this.latest(community, document.name))?.version ?? 0) + 1;
    const achievement = same ? same.doc.achievement : policyAchievement(document, {id: this.achievementId(community, document.name, version), version, digest, communityName: found.name});
    return {valid: true, document, digest, version, published: same !== undefined, narrative: String((achievement.criteria as {narrative?: unknown}).narrative ?? ''), achievement};
  }

  async latest(community: string, name: string): Promise<PolicyVersion | null> {
    const [newest] = await this.#policies.find({community, name}, {sortBy: 'version', descending: true, limit: 1});
    return newest?.doc ?? null;
  }

  /** A version, or the latest when `version` is omitted; 404 when there is none. */
  async get(community: string, name: string, version?: number): Promise<PolicyVersion> {
    const policy = version === undefined ? await this.latest(community, name) : (await this.#policies.get(`${community}:${name}:${version}`))?.doc ?? null;
    if (!policy) throw notFound(`no policy "${name}"${version === undefined ? '' : ` version ${version}`} in community "${community}"`);
    return policy;
  }

  async versions(community: string, name: string): Promise<PolicyVersion[]> {
    const all = await this.#policies.find({community, name}, {sortBy: 'version'});
    if (all.length === 0) throw notFound(`no policy "${name}" in community "${community}"`);
    return all.map((found) => found.doc);
  }

  /** The latest version of every policy of a community. */
  async list(community: string): Promise<PolicyVersion[]> {
    await this.#vetting.communities.get(community);
    const latest = new Map<string, PolicyVersion>();
    for (const {doc} of await this.#policies.find({community})) {
      if ((latest.get(doc.name)?.version ?? 0) < doc.version) latest.set(doc.name, doc);
    }
    return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
