import {UUID_PATTERN, type InstanceUrls} from '../credentials/instance-urls.ts';

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
  const id = decoded(match[1]);
  return {uuid: id !== null && UUID_PATTERN.test(id) ? id.toLowerCase() : null, ours: urls?.isBadgeImage(url) === true};
}

/** Strangers write these paths: broken percent-encoding names no credential rather than failing the inspection. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
