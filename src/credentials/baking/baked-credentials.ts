import {achievementName} from '../credential-fields.ts';
import type {CredentialRecords} from '../credential-records.ts';
import {badgePng, badgeSvg} from './badge-images.ts';
import {bakePng} from './png.ts';
import {bakeSvg} from './svg.ts';

/** This instance's credentials as baked badge images (OB 3.0 §5.3), ready to download. */
export class BakedCredentials {
  readonly #records: CredentialRecords;

  constructor(records: CredentialRecords) {
    this.#records = records;
  }

  async png(reference: string): Promise<Buffer> {
    const {credential} = await this.#records.get(reference);
    return bakePng(await badgePng(achievementName(credential) ?? 'credential'), JSON.stringify(credential));
  }

  async svg(reference: string): Promise<string> {
    const {credential} = await this.#records.get(reference);
    return bakeSvg(badgeSvg(achievementName(credential) ?? 'credential'), JSON.stringify(credential));
  }
}
