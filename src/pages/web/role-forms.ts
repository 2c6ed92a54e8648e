import {html, type Html} from '../html.ts';
import {formError, postForm, selectField, textField} from '../forms.ts';
import {link} from '../listings.ts';
import {displayDate} from '../verdict.ts';
import {REVIEW_SCALES} from '../../vetting/review-scales.ts';
import type {FieldProblem} from '../../errors.ts';

/** A maintainer asks the community for a review of a release. */
export interface RequestFormView {
  slug: string;
  communityName: string;
  token: string;
  values: {purl: string; source: string; note: string};
  error: string | null;
  problems: FieldProblem[];
}

export function requestReviewForm(view: RequestFormView): Html {
  return html`<h2 id="request-review">Ask ${view.communityName} for a review</h2>
${formError(view.error)}
${postForm(`/communities/${view.slug}/review-requests`, view.token, html`
${textField({name: 'purl', label: 'Release (package URL with its version)', value: view.values.purl, required: true, maxLength: 1000, hint: 'e.g. pkg:npm/left-pad@1.3.0', problems: view.problems})}
${textField({name: 'source', label: 'Where auditors read its source', type: 'url', value: view.values.source, required: true, maxLength: 2000, hint: 'an https link to the tagged source', problems: view.problems})}
${textArea('note', 'Note for the auditors (optional)', view.values.note, 5000, view.problems)}
<button type="submit">Request a review</button>`, {label: 'Request a review'})}`;
}

export function requestReviewPage(view: RequestFormView): Html {
  return html`<p class="muted">Review request · ${link(`/communities/${view.slug}`, view.communityName)}</p>
<h1>Request a review</h1>
${requestReviewForm(view)}`;
}

/** What an auditor has to do in a community: open requests, and others' reviews waiting for their vetting. */
export interface QueueView {
  slug: string;
  communityName: string;
  requests: Array<{purl: string; source: string; note: string; requester: string; createdAt: string}>;
  reviews: Array<{id: string; purl: string; reviewer: string; kind: string; standingReason: string; createdAt: string}>;
  own: Array<{id: string; purl: string; standing: string; standingReason: string}>;
}

export function queuePage(view: QueueView): Html {
  return html`<p class="muted">Auditor's queue · ${link(`/communities/${view.slug}`, view.communityName)}</p>
<h1>Work waiting in ${view.communityName}</h1>
<h2>Open review requests</h2>
${view.requests.length === 0 ? html`<p class="muted">No open requests.</p>` : html`<ul>${view.requests.map((request) => html`<li><code>${request.purl}</code> asked by ${request.requester} on ${displayDate(request.createdAt)} · ${link(request.source, 'source')} · ${link(`/communities/${view.slug}/reviews/new?purl=${encodeURIComponent(request.purl)}`, html`Review <code>${request.purl}</code>`)}${request.note ? html`<br><span class="muted">${request.note}</span>` : ''}</li>`)}</ul>`}
<h2>Reviews waiting for your vetting</h2>
${view.reviews.length === 0 ? html`<p class="muted">Nothing waits for you.</p>` : html`<ul>${view.reviews.map((review) => html`<li>${link(`/reviews/${review.id}`, html`${review.kind} review of <code>${review.purl}</code>`)} by ${review.reviewer} <span class="muted">(${review.standingReason})</span></li>`)}</ul>`}
<h2>Your reviews</h2>
${view.own.length === 0 ? html`<p class="muted">You have not reviewed anything here yet. ${link(`/communities/${view.slug}/reviews/new`, 'Write a review')}</p>` : html`<ul>${view.own.map((review) => html`<li>${link(`/reviews/${review.id}`, html`<code>${review.purl}</code>`)}: ${review.standing} <span class="muted">(${review.standingReason})</span></li>`)}</ul>`}`;
}

export interface ReviewFormView {
  slug: string;
  communityName: string;
  token: string;
  criteria: Array<{name: string; description: string}>;
  values: {purl: string; kind: string; from: string; range: string; criteria: string[]; thoroughness: string; understanding: string; rating: string; findings: string; notes: string};
  error: string | null;
  problems: FieldProblem[];
}

export function reviewFormPage(view: ReviewFormView): Html {
  const criteriaProblem = view.problems.find((problem) => problem.field.startsWith('/criteria') || problem.field === 'criteria');
  return html`<p class="muted">Review · ${link(`/communities/${view.slug}`, view.communityName)}</p>
<h1>Review a release</h1>
${formError(view.error)}
${postForm(`/communities/${view.slug}/reviews/new`, view.token, html`
${textField({name: 'purl', label: 'Release (package URL with its version)', value: view.values.purl, required: true, maxLength: 1000, hint: 'e.g. pkg:npm/left-pad@1.3.0', problems: view.problems})}
${selectField({name: 'kind', label: 'Kind of review', value: view.values.kind, choices: [{value: 'full', label: 'full: the whole release'}, {value: 'delta', label: 'delta: the changes since an earlier version'}, {value: 'violation', label: 'violation: a problem in a range of versions'}]})}
${textField({name: 'from', label: 'Delta: the earlier version reviewed from (optional)', value: view.values.from, maxLength: 200, problems: view.problems})}
${textField({name: 'range', label: 'Violation: the versions affected, as a vers range (optional)', value: view.values.range, maxLength: 2000, hint: 'e.g. vers:npm/>=1.0.0|<1.2.3', problems: view.problems})}
<fieldset><legend>Criteria the release meets (or, for a violation, breaks)</legend>
${criteriaProblem ? html`<p class="error">Criteria: ${criteriaProblem.problem}</p>` : ''}
${view.criteria.map((criterion) => html`<p class="field checkbox"><input id="criterion-${criterion.name}" type="checkbox" name="criteria" value="${criterion.name}"${view.values.criteria.includes(criterion.name) ? html` checked` : ''}> <label for="criterion-${criterion.name}">${criterion.name}</label> <span class="hint">${criterion.description}</span></p>`)}
</fieldset>
${REVIEW_SCALES.map((scale) => html`<fieldset><legend>${scale.label}: ${scale.question}</legend>
${problemOf(view.problems, scale.field)}
${scale.values.map((entry) => html`<p class="field checkbox"><input id="${scale.field}-${entry.value}" type="radio" name="${scale.field}" value="${entry.value}"${view.values[scale.field] === entry.value ? html` checked` : ''} required> <label for="${scale.field}-${entry.value}"><strong>${entry.value}</strong>: ${entry.meaning}</label></p>`)}
</fieldset>`)}
${textArea('findings', 'Findings (optional): one per line, an id and a severity', view.values.findings, 20000, view.problems, 'e.g. CVE-2024-12345 low; severities: none, low, medium, high, critical')}
${textArea('notes', 'Notes (optional)', view.values.notes, 20000, view.problems)}
<button type="submit">Submit the review</button>`, {label: 'Review a release'})}`;
}

/** The vetting form under a review: shows the digest it vouches for. */
export function vettingForm(reviewId: string, digest: string, token: string, canReject: boolean): Html {
  return html`<h2 id="vet">Vet this review</h2>
<p>You vouch for the review exactly as it reads now, whose digest is <code>${digest}</code>.</p>
${postForm(`/reviews/${reviewId}/vettings`, token, html`<input type="hidden" name="reviewDigest" value="${digest}">
<fieldset><legend>Your verdict</legend>
<p class="field checkbox"><input id="verdict-endorse" type="radio" name="verdict" value="endorse" required> <label for="verdict-endorse"><strong>endorse</strong>: the review is sound and its findings hold</label></p>
<p class="field checkbox"><input id="verdict-dispute" type="radio" name="verdict" value="dispute"> <label for="verdict-dispute"><strong>dispute</strong>: something is wrong with it; a steward will decide (its credential is suspended meanwhile)</label></p>
${canReject ? html`<p class="field checkbox"><input id="verdict-reject" type="radio" name="verdict" value="reject"> <label for="verdict-reject"><strong>reject</strong> (stewards): it never counts</label></p>` : ''}
</fieldset>
${textArea('comment', 'Comment (optional)', '', 5000, [])}
<button type="submit">Record my vetting</button>`, {label: 'Vet this review'})}`;
}

/** A labelled textarea with its hint and its problem tied to it (aria-describedby). */
export function textArea(name: string, label: string, value: string, maxLength: number, problems: FieldProblem[], hint?: string, rows = 4): Html {
  const id = `field-${name}`;
  const problem = problems.find((item) => item.field === name || item.field === `/${name}` || item.field.startsWith(`/${name}/`));
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<p class="field"><label for="${id}">${label}</label>${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}${problem ? html`<span class="error" id="${id}-error">${label}: ${problem.problem}</span>` : ''}
<textarea id="${id}" name="${name}" rows="${rows}" maxlength="${maxLength}"${described ? html` aria-describedby="${described}"` : ''}${problem ? html` aria-invalid="true"` : ''}>${value}</textarea></p>`;
}

/** A refused group's problem, shown at the top of its fieldset. */
function problemOf(problems: FieldProblem[], field: string): Html {
  const problem = problems.find((item) => item.field === `/${field}` || item.field === field);
  return problem ? html`<p class="error">${field}: ${problem.problem}</p>` : html``;
}
