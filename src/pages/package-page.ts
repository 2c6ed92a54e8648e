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
  /** Audits communities imported from cargo-vet files: unsigned, shown apart from reviews. */
  imported?: ImportedListing[];
}

export interface ImportedListing {
  community: string;
  /** e.g. "full audit of 1.2.0", "trusted publisher 3618". */
  what: string;
  who: string;
  criteria: string[];
  source: string;
  withdrawn: boolean;
}

export function packagePage(model: PackagePageModel): Html {
  return html`<p class="muted">Package · ${model.ecosystem}</p>
<h1>${model.name}</h1>
<p><code>${model.purl}</code></p>
<h2>Badges</h2>
${badgeList(model.badges, 'No community has vetted this package yet.')}
<h2>Reviews</h2>
${reviewList(model.reviews, 'No reviews yet.')}
${(model.imported ?? []).length === 0 ? '' : html`<h2>Imported audits</h2>
<p class="muted">Imported from cargo-vet audit files by a community's steward. They are not signed by their authors, and count only under policies that accept cargo-vet audits.</p>
<ul class="checks">${(model.imported ?? []).map((item) => html`<li><strong>${item.what}</strong> for ${item.criteria.join(', ')}${item.who ? html` by ${item.who}` : ''} <span class="muted">imported by ${item.community} from ${item.source}${item.withdrawn ? ' (no longer in that file)' : ''}; unsigned</span></li>`)}</ul>`}`;
}
