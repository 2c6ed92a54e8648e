import {html, type Html} from './html.ts';
import {badgeList, reviewList, type BadgeListing, type ReviewListing} from './listings.ts';

/** A reviewer's public profile: the page a reviewer links from a résumé. */
export interface ReviewerPageModel {
  name: string;
  bio: string | null;
  /** Plain-words standing, e.g. "42 reviews accepted by 3 communities". */
  standing: string | null;
  reviews: ReviewListing[];
  credentials: BadgeListing[];
}

export function reviewerPage(model: ReviewerPageModel): Html {
  return html`<p class="muted">Reviewer</p>
<h1>${model.name}</h1>
${model.bio ? html`<p>${model.bio}</p>` : ''}
${model.standing ? html`<p><strong>${model.standing}</strong></p>` : ''}
<h2>Credentials</h2>
${badgeList(model.credentials, 'No credentials yet.')}
<h2>Reviews</h2>
${reviewList(model.reviews, 'No reviews yet.')}`;
}
