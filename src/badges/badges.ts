import {notFound} from '../errors.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {StatusListService} from '../credentials/status-lists.ts';
import {BadgeStatusService, type BadgeStatus} from './badge-status.ts';
import {BadgeImages, type BadgeImage} from './badge-image.ts';
import {embedSnippets, type EmbedSnippets} from './embed.ts';

export interface BadgeResponse extends BadgeImage {
  status: BadgeStatus;
}

/** README badges for credentials of this instance: live image and embed snippets. */
export class BadgeService {
  readonly #status: BadgeStatusService;
  readonly #images = new BadgeImages();
  readonly #records: CredentialRecords;
  readonly #urls: InstanceUrls;

  constructor(records: CredentialRecords, statusLists: StatusListService, urls: InstanceUrls) {
    this.#status = new BadgeStatusService(records, statusLists, urls);
    this.#records = records;
    this.#urls = urls;
  }

  /** Never throws for an unknown or malformed id: that is a 'not-found' badge. */
  async image(reference: string): Promise<BadgeResponse> {
    const status = await this.#status.status(reference);
    return {status, ...this.#images.render(status)};
  }

  /** The image for a status worked out elsewhere (package badges under a community). */
  render(status: BadgeStatus): BadgeResponse {
    return {status, ...this.#images.render(status)};
  }

  status(reference: string): Promise<BadgeStatus> {
    return this.#status.status(reference);
  }

  async embed(reference: string): Promise<EmbedSnippets> {
    const uuid = this.#records.uuidOf(reference);
    const status = await this.#status.status(uuid);
    if (status.state === 'not-found' || status.label === null) throw notFound(`no credential ${uuid} on this instance`);
    return embedSnippets(this.#urls.badgeImage(uuid), this.#urls.credentialPage(uuid), status.label);
  }
}
