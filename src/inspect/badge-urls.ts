import type {InstanceUrls} from '../credentials/instance-urls.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A badge image that is, or looks like, one of Hallmark's README badges. */
export interface BadgeUrl {
  /** The credential the badge shows, when its path names one (`/badges/{uuid}.svg`). */
  uuid: string | null;
  /** Served by this instance, rather than merely shaped like our badges. */
  ours: boolean;
}

/**
 * Recognises `/badges/….svg` images. Ours show the live status of a real
 * credential; a copy of the image, or one styled like it, proves nothing
 * unless the link around it leads to a matching valid credential.
 */
export function badgeUrl(url: string, urls: InstanceUrls | undefined): BadgeUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const match = /\/badges\/(.+)\.svg$/i.exec(parsed.pathname);
  if (!match) return null;
  const id = decodeURIComponent(match[1]);
  return {uuid: UUID.test(id) ? id.toLowerCase() : null, ours: urls !== undefined && url.startsWith(`${urls.base}/badges/`)};
}

/** Our own credential URLs and badge URLs name a credential we can read from the store instead of fetching. */
export function localCredentialUuid(url: string, urls: InstanceUrls | undefined): string | null {
  if (urls === undefined || !url.startsWith(`${urls.base}/`)) return null;
  const path = url.slice(urls.base.length).split(/[?#]/)[0];
  const match = /^\/(?:credentials\/([^/]+?)(?:\/baked\.(?:png|svg))?|badges\/([^/]+)\.svg)$/.exec(path);
  const id = match?.[1] ?? match?.[2];
  return id !== undefined && UUID.test(id) ? id.toLowerCase() : null;
}
