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
    return bakePng(badgePng(), JSON.stringify(credential));
  }

  async svg(reference: string): Promise<string> {
    const {credential} = await this.#records.get(reference);
    return bakeSvg(badgeSvg(achievementName(credential)), JSON.stringify(credential));
  }
}

function achievementName(credential: Record<string, unknown>): string {
  const subject = credential.credentialSubject as {achievement?: {name?: unknown}} | undefined;
  const name = subject?.achievement?.name ?? credential.name;
  return typeof name === 'string' ? name : 'credential';
}
