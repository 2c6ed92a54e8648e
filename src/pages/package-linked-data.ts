import type {PackagePageModel} from './package-page.ts';

/**
 * The package as schema.org linked data (SoftwareSourceCode), so that
 * harvesters read what people read: its identifier (the purl), the badges it
 * holds as awards, and its reviews. Embedded by the layout as a data block.
 */
export function packageLinkedData(model: PackagePageModel, pageUrl: string, origin: string): Record<string, unknown> {
  const absolute = (path: string | null): string | undefined => (path ? new URL(path, origin).href : undefined);
  return {
    '@context': 'https://schema.org',
    '@type': 'SoftwareSourceCode',
    '@id': pageUrl,
    url: pageUrl,
    name: model.name,
    identifier: model.purl,
    ...(model.badges.length > 0 ? {award: model.badges.map((badge) => `${badge.title}${badge.community ? ` (${badge.community})` : ''}: ${badge.status}`)} : {}),
    ...(model.reviews.length > 0 ? {
      review: model.reviews.map((review) => ({
        '@type': 'Review',
        itemReviewed: {'@type': 'SoftwareSourceCode', identifier: review.subject},
        author: {'@type': 'Person', name: review.reviewer, ...(review.reviewerPath ? {url: absolute(review.reviewerPath)} : {})},
        ...(review.summary ? {reviewBody: review.summary} : {}),
        ...(review.date ? {datePublished: review.date} : {}),
      })),
    } : {}),
  };
}
