import {html, type Html} from './html.ts';
import {badgeList, reviewList, type BadgeListing, type ReviewListing} from './listings.ts';

/** Everything known about one package: its badges across communities and its reviews. */
export interface PackagePageModel {
  /** The package without a version, e.g. pkg:npm/left-pad. */
  purl: string;
  ecosystem: string;
  name: string;
  badges: BadgeListing[];
  reviews: ReviewListing[];
}

export function packagePage(model: PackagePageModel): Html {
  return html`<p class="muted">Package · ${model.ecosystem}</p>
<h1>${model.name}</h1>
<p><code>${model.purl}</code></p>
<h2>Badges</h2>
${badgeList(model.badges, 'No community has vetted this package yet.')}
<h2>Reviews</h2>
${reviewList(model.reviews, 'No reviews yet.')}`;
}
