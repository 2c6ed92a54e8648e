import {issuerId} from '../credentials/credential-fields.ts';
import {InstanceUrls} from '../credentials/instance-urls.ts';
import type {VerificationReport} from '../credentials/report.ts';
import {badgeUrl} from './badge-urls.ts';
import {localCredentialAt, type LocalCredentials} from './local.ts';
import type {Finding} from './types.ts';

/** A badge image seen in a document, with the link around it. */
export interface BadgeSighting {
  image: string;
  href: string | null;
  source: string;
}

export interface BadgeContext {
  local?: LocalCredentials;
  /** The reports a followed URL led to; null when it was never followed (the budget ran out). */
  reachable(url: string): VerificationReport[] | null;
}

/**
 * A README badge proves nothing by itself: anyone can paste our image, or
 * draw one like it. A badge of ours (or shaped like ours, `/badges/….svg`)
 * is suspicious unless its link leads to a valid credential it shows.
 */
export async function judgeBadges(sightings: BadgeSighting[], context: BadgeContext): Promise<{suspicious: Finding[]; problems: Finding[]}> {
  const suspicious: Finding[] = [];
  const problems: Finding[] = [];
  const judged = new Set<string>();
  for (const sighting of sightings) {
    const key = `${sighting.image} ${sighting.href}`;
    const badge = badgeUrl(sighting.image, context.local?.urls);
    if (judged.has(key) || !badge) continue;
    judged.add(key);
    const what = `${badge.ours ? 'a Hallmark badge of this instance' : 'an image shaped like a Hallmark badge'} (${sighting.image})`;
    const suspect = (reason: string): void => {
      suspicious.push({source: sighting.source, reason: `${what} ${reason}`});
    };
    if (sighting.href === null) {
      suspect('is not linked to any credential');
      continue;
    }
    const reach = context.reachable(sighting.href);
    if (reach === null) {
      problems.push({source: sighting.source, reason: `the badge ${sighting.image} could not be checked: its link ${sighting.href} was not followed (limit reached)`});
      continue;
    }
    // A package badge of ours shows whatever credential the package holds now: that is the one its link must lead to.
    const shown = badge.ours && badge.uuid === null ? await localCredentialAt(context.local, sighting.image) : badge.uuid;
    if (shown === null) {
      problems.push({source: sighting.source, reason: `the badge ${sighting.image} shows a package this instance has not vetted yet: there is no credential to check`});
      continue;
    }
    const uuid = shown ?? null;
    const issued = badge.ours && uuid && context.local ? await context.local.credential(uuid) : null;
    if (badge.ours && uuid && issued === null) {
      suspect('shows a credential this instance never issued');
      continue;
    }
    if (reach.some((report) => report.verified && matches(report, sighting.image, uuid, issued, context))) continue;
    const why = reach.length === 0
      ? 'leads to no credential'
      : reach.some((report) => report.verified) ? 'leads to a credential other than the one the badge shows' : 'leads to a credential that does not verify';
    suspect(`links to ${sighting.href}, which ${why}`);
  }
  return {suspicious, problems};
}

function matches(report: VerificationReport, image: string, uuid: string | null, issued: Record<string, unknown> | null, context: BadgeContext): boolean {
  if (uuid === null) return true;
  const id = report.credential?.id ?? null;
  if (id === null) return false;
  // Ours, or the same layout at the image's origin (another Hallmark instance).
  const named = [context.local?.urls, new InstanceUrls(new URL(image).origin)].some((urls) => urls?.credentialUuid(id) === uuid);
  if (!named || issued === null) return named;
  // Anyone can sign a credential that reuses our id; it must be the one we issued.
  return issued.id === id && report.credential?.issuer.id === issuerId(issued);
}
