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
  /** The reports a followed URL led to; null when it was never followed (the budget ran out); the reason when it could not be read. */
  reachable(url: string): VerificationReport[] | {unreadable: string} | null;
}

/** Verdicts that prove the credential genuine (its signature and issuer hold); its status is the report's to say. */
const GENUINE: ReadonlySet<VerificationReport['status']> = new Set(['valid', 'revoked', 'suspended', 'expired', 'not-yet-valid']);

/**
 * A README badge proves nothing by itself: anyone can paste our image, or
 * draw one like it. A badge of ours (or shaped like ours, `/badges/….svg`)
 * is suspicious unless its link leads to the genuine credential it shows —
 * valid or not: a revoked badge is revoked (its report says so), not a
 * look-alike. A link that could not be read, or a credential whose checks
 * could not be completed, leaves the badge unchecked (a problem), not
 * suspicious: suspicion needs proof that the badge points elsewhere.
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
    if (!Array.isArray(reach)) {
      // Unread, a credential badge's link can still be proven wrong: its link is its own credential's page, and this URL is not.
      if (badge.uuid !== null && !namesCredential(sighting.href, sighting.image, badge.uuid, context)) suspect(`links to ${sighting.href}, not to the credential it shows`);
      else problems.push({source: sighting.source, reason: `the badge ${sighting.image} could not be checked: its link ${sighting.href} ${reach.unreadable}`});
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
    const matching = reach.filter((report) => matches(report, sighting.image, uuid, issued, context));
    if (matching.some((report) => GENUINE.has(report.status))) continue;
    if (matching.some((report) => report.status === 'indeterminate')) {
      problems.push({source: sighting.source, reason: `the badge ${sighting.image} could not be checked: the credential its link ${sighting.href} leads to could not be fully verified (indeterminate)`});
      continue;
    }
    const why = reach.length === 0
      ? 'leads to no credential'
      : reach.some((report) => report.verified) ? 'leads to a credential other than the one the badge shows' : 'leads to a credential that does not verify';
    suspect(`links to ${sighting.href}, which ${why}`);
  }
  return {suspicious, problems};
}

/** Whether `reference` (a credential id or page URL) names credential `uuid`: ours, or the same layout at the image's origin (another Hallmark instance). */
function namesCredential(reference: string, image: string, uuid: string, context: BadgeContext): boolean {
  return [context.local?.urls, new InstanceUrls(new URL(image).origin)].some((urls) => urls?.credentialUuid(reference) === uuid);
}

function matches(report: VerificationReport, image: string, uuid: string | null, issued: Record<string, unknown> | null, context: BadgeContext): boolean {
  if (uuid === null) return true;
  const id = report.credential?.id ?? null;
  if (id === null) return false;
  const named = namesCredential(id, image, uuid, context);
  if (!named || issued === null) return named;
  // Anyone can sign a credential that reuses our id; it must be the one we issued.
  return issued.id === id && report.credential?.issuer.id === issuerId(issued);
}
