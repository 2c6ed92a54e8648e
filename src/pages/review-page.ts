import {html, type Html} from './html.ts';
import {link} from './listings.ts';
import {displayDate} from './verdict.ts';

/** One review as people read it: what was reviewed and found, where it stands and why, and its vettings. */
export interface ReviewPageModel {
  id: string;
  reviewerHandle: string;
  communitySlug: string;
  purl: string;
  packagePath: string;
  kind: string;
  range: string | null;
  from: string | null;
  reviewer: {name: string; path: string};
  community: {name: string; path: string};
  criteria: string[];
  scales: Array<{label: string; value: string; meaning: string}>;
  findings: Array<{id: string; severity: string}>;
  notes: string;
  standing: string;
  standingReason: string;
  createdAt: string;
  credentialPath: string | null;
  digest: string;
  vettings: Array<{id: string; by: {name: string; path: string}; verdict: string; comment: string; at: string; resolved: string | null}>;
}

const VERDICT_WORDS: Record<string, string> = {endorse: 'endorses it', dispute: 'disputes it', reject: 'rejects it'};

export function reviewPage(model: ReviewPageModel): Html {
  return html`<p class="muted">Review · ${link(model.community.path, model.community.name)}</p>
<h1>${model.kind === 'violation' ? 'Violation report' : 'Review'} of ${link(model.packagePath, model.purl)}</h1>
<section class="verdict ${model.standing === 'accepted' ? 'good' : model.standing === 'pending' ? 'warn' : 'bad'}" aria-label="standing">
<p class="headline">${model.standing[0].toUpperCase()}${model.standing.slice(1)}</p>
<p>${model.standingReason[0].toUpperCase()}${model.standingReason.slice(1)}.</p>
</section>
<dl class="facts">
<dt>Reviewer</dt><dd>${link(model.reviewer.path, model.reviewer.name)}</dd>
<dt>Submitted</dt><dd>${displayDate(model.createdAt)}</dd>
<dt>Kind</dt><dd>${model.kind}${model.from ? ` from ${model.from}` : ''}${model.range ? html` covering <code>${model.range}</code>` : ''}</dd>
<dt>Criteria</dt><dd>${model.criteria.join(', ')}</dd>
${model.scales.map((scale) => html`<dt>${scale.label}</dt><dd>${scale.value}: ${scale.meaning}</dd>`)}
</dl>
${model.findings.length > 0 ? html`<h2>Findings</h2><ul>${model.findings.map((finding) => html`<li><code>${finding.id}</code> (${finding.severity})</li>`)}</ul>` : ''}
${model.notes ? html`<h2>Notes</h2><p>${model.notes}</p>` : ''}
${model.credentialPath ? html`<p>${link(model.credentialPath, 'The community\'s signed credential for this review')}</p>` : ''}
<h2>Vettings</h2>
${model.vettings.length === 0 ? html`<p class="muted">No one has vetted this review yet.</p>` : html`<ul>${model.vettings.map((vetting) => html`<li id="vetting-${vetting.id}">${link(vetting.by.path, vetting.by.name)} ${VERDICT_WORDS[vetting.verdict] ?? vetting.verdict} <span class="muted">${displayDate(vetting.at)}</span>${vetting.comment ? html`: ${vetting.comment}` : ''}${vetting.resolved ? html` <strong>(${vetting.resolved})</strong>` : ''}</li>`)}</ul>`}
<details class="technical"><summary>Technical details</summary>
<dl class="facts"><dt>Review id</dt><dd><code>${model.id}</code></dd><dt>Digest</dt><dd><code>${model.digest}</code></dd><dt>Package URL</dt><dd><code>${model.purl}</code></dd></dl>
<p>${link(`/api/v1/reviews/${model.id}`, 'The review as JSON')}</p>
</details>`;
}
