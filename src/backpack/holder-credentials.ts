/**
 * What the Open Badges API serves a person: the achievement credentials they
 * earned here (milestones) and those their backpack keeps here, one list in
 * issue order, paged; and their profile. An accepted review's credential is
 * not among them: it is the community's EndorsementCredential of the package
 * (the reviewer is named in its evidence, not its subject), and the API's
 * contract lists AchievementCredentials only.
 */
import type {Handle} from '../vetting/model.ts';
import type {Vetting} from '../vetting/index.ts';
import type {MilestoneService} from '../vetting/milestones.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import {checkDisplayText} from '../auth/display-text.ts';
import type {KeptCredentials} from './kept-credentials.ts';

export interface CredentialQuery {
  limit: number;
  offset: number;
  /** Only credentials issued after this instant (ISO 8601). */
  since: string | null;
}

export interface CredentialPage {
  total: number;
  /** JSON credentials and compact JWS strings, in list order. */
  items: Array<Record<string, unknown> | string>;
}

/** An Open Badges 3.0 Profile of a person. */
export interface Ob3Profile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
}

interface Listed {
  issuedAt: string;
  key: string;
  body: Record<string, unknown> | string;
}

export interface HolderDeps {
  vetting: Pick<Vetting, 'accounts'>;
  milestones: Pick<MilestoneService, 'credentialsOf'>;
  kept: KeptCredentials;
  urls: InstanceUrls;
}

export class HolderCredentials {
  readonly #deps: HolderDeps;

  constructor(deps: HolderDeps) {
    this.#deps = deps;
  }

  async list(handle: Handle, query: CredentialQuery): Promise<CredentialPage> {
    const all = (await this.#all(handle)).filter((item) => query.since === null || Date.parse(item.issuedAt) > Date.parse(query.since));
    return {total: all.length, items: all.slice(query.offset, query.offset + query.limit).map((item) => item.body)};
  }

  async profile(handle: Handle): Promise<Ob3Profile> {
    const account = await this.#deps.vetting.accounts.get(handle);
    const page = this.#deps.urls.reviewerPage(account.handle);
    return {id: page, type: ['Profile'], name: account.name, url: page};
  }

  /** Only the name can change here; the rest of a profile is the instance's to say. */
  async updateProfile(handle: Handle, name: string): Promise<Ob3Profile> {
    const trimmed = name.trim();
    checkDisplayText(trimmed, '/name', 200, true);
    await this.#deps.vetting.accounts.rename(handle, trimmed);
    return this.profile(handle);
  }

  async #all(handle: Handle): Promise<Listed[]> {
    const {milestones, kept} = this.#deps;
    const [awards, held] = await Promise.all([milestones.credentialsOf(handle), kept.of(handle)]);
    const earned: Listed[] = awards.map((award) => ({issuedAt: award.awardedAt, key: award.credentialId, body: award.verifiableCredential}));
    const ownKeys = new Set(earned.map((item) => item.key));
    // A backpack pushing back what it read from us keeps no second copy in the list.
    const others = held.filter((item) => !ownKeys.has(item.key)).map((item) => ({issuedAt: item.issuedAt, key: item.key, body: item.body}));
    return [...earned, ...others].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.key.localeCompare(b.key));
  }
}
