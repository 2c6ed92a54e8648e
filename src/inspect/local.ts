import type {InstanceUrls} from '../credentials/instance-urls.ts';

export interface LocalCredentials {
  urls: InstanceUrls;
  /** One of this instance's credentials by UUID; null when there is none. */
  credential(uuid: string): Promise<Record<string, unknown> | null>;
  /** The UUID of the credential a package's README badge under a community shows now; null when it shows none. */
  packageBadge?(community: string, purl: string): Promise<string | null>;
}

/**
 * The credential one of our URLs names: a credential's page, baked image or badge
 * (by its UUID), or a package badge's image or page (its current credential).
 * `undefined` for URLs that name none; null when a package badge shows none yet.
 */
export async function localCredentialAt(local: LocalCredentials | undefined, url: string): Promise<string | null | undefined> {
  if (!local) return undefined;
  const uuid = local.urls.localCredentialUuid(url);
  if (uuid !== null) return uuid;
  const reference = local.packageBadge ? local.urls.packageBadgeReference(url) : null;
  if (!reference || !local.packageBadge) return undefined;
  return local.packageBadge(reference.community, reference.purl);
}
