import type {Services} from '../../services.ts';
import {parsePurl} from '../../purl.ts';
import type {PackagePageModel} from '../package-page.ts';
import type {BadgeListing} from '../listings.ts';
import {accountNames, badgeListing, reviewListing} from './listings.ts';

/**
 * The package page shows what GET /api/v1/packages/{purl} shows, for people: the
 * same version filter (a release lists only reviews and badges that apply to it).
 */
export async function packageModel(services: Services, purlText: string): Promise<PackagePageModel> {
  const view = await services.vetting.packages.view(purlText);
  const shown = (view.badges ?? []).filter((badge) => badge.credentialId !== null && badge.state !== 'issuing');
  const reviews = view.reviews.map(({review}) => review).filter((review) => review.standing !== 'retracted');
  const names = await accountNames(services, reviews.map((review) => review.reviewer));
  const badges = await Promise.all(shown.map((badge) => badgeListing(services, badge, badge.community, badge.policy)));
  return {
    purl: view.purl,
    ecosystem: parsePurl(view.purl).type,
    name: view.purl.replace(/^pkg:[^/]+\//, ''),
    badges: badges.filter((item): item is BadgeListing => item !== null),
    reviews: reviews.map((review) => reviewListing(services.urls, review, names.get(review.reviewer) ?? review.reviewer)),
    imported: view.imported.map((entry) => ({
      community: entry.community,
      what: entry.section === 'audits'
        ? (entry.kind === 'delta' ? `delta audit ${entry.from} → ${entry.version}` : entry.kind === 'violation' ? `violation ${entry.requirement}` : `full audit of ${entry.version}`)
        : `${entry.section === 'trusted' ? 'trusted' : 'wildcard audit of'} publisher ${entry.userId ?? entry.trustedPublisher}`,
      who: entry.who.join(', '),
      criteria: entry.criteria,
      source: entry.source,
      withdrawn: entry.disappearedAt !== null,
    })),
  };
}
