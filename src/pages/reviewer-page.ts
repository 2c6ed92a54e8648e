import {html, type Html} from './html.ts';
import {reviewList, type BadgeListing, type ReviewListing} from './listings.ts';
import {displayDate} from './verdict.ts';

/** What a reviewer does with one of their credentials. */
export interface CredentialActions {
  bakedPng: string;
  bakedSvg: string;
  /** The verification page, absolute: what they paste into a résumé. */
  verificationUrl: string;
  linkedIn: string;
}

/** A reviewer's public profile: the page a reviewer links from a résumé. */
export interface ReviewerPageModel {
  name: string;
  bio: string | null;
  /** Plain-words standing, e.g. "42 reviews accepted by 3 communities". */
  standing: string | null;
  /** Verified endorsements of the reviewer (of their page or their DID). */
  endorsements: Array<{endorser: string; comment: string | null}>;
  reviews: ReviewListing[];
  credentials: Array<BadgeListing & {actions: CredentialActions}>;
}

export function reviewerPage(model: ReviewerPageModel): Html {
  return html`<p class="muted">Reviewer</p>
<h1>${model.name}</h1>
${model.bio ? html`<p>${model.bio}</p>` : ''}
${model.standing ? html`<p><strong>${model.standing}</strong></p>` : ''}
${model.endorsements.length > 0 ? html`<h2>Endorsed by</h2><ul>${model.endorsements.map((item) => html`<li><strong>${item.endorser}</strong>${item.comment ? html`: ${item.comment}` : ''}</li>`)}</ul>` : ''}
<h2>Credentials</h2>
${model.credentials.length === 0 ? html`<p class="muted">No credentials yet.</p>` : model.credentials.map((credential, index) => credentialCard(credential, index))}
<h2>Reviews</h2>
${reviewList(model.reviews, 'No reviews yet.')}`;
}

function credentialCard(credential: BadgeListing & {actions: CredentialActions}, index: number): Html {
  const field = `verification-link-${index + 1}`;
  return html`<article class="card">
<h3><a href="${credential.credentialPath}"><img src="${credential.badgePath}" alt="${credential.title}: ${credential.status}"></a> ${credential.title}</h3>
<p>${credential.community ? html`Awarded by ${credential.community}` : 'Awarded'} on ${displayDate(credential.issuedAt)} · <code>${credential.subject}</code></p>
<p class="links"><a href="${credential.actions.bakedPng}" download>Download baked PNG</a> <a href="${credential.actions.bakedSvg}" download>Download baked SVG</a> <a href="${credential.actions.linkedIn}" rel="noopener">Add to LinkedIn</a></p>
<p><label for="${field}">Verification link (copy it into a résumé)</label><br><input id="${field}" class="snippet" type="url" readonly value="${credential.actions.verificationUrl}"></p>
</article>`;
}
