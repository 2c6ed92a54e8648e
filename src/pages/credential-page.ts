import {html, type Html} from './html.ts';
import type {CredentialView, EvidenceView, SubjectView} from './credential-view.ts';
import {CHECK_MARKS, checkName, displayDate} from './verdict.ts';

/** Where a credential page points: every URL is ours, built by InstanceUrls. */
export interface CredentialLinks {
  page: string;
  json: string;
  badge: string;
  bakedPng: string;
  bakedSvg: string;
}

/** The body of a verification page; the card alone is reused on /verify. */
export function credentialPage(view: CredentialView, links: CredentialLinks): Html {
  return html`<p class="muted">Verification of an Open Badge</p>
<h1>${view.title}</h1>
<p><img src="${links.badge}" alt="${view.title} badge: ${view.status}"></p>
${credentialCard(view)}
<h2>Get this credential</h2>
<p class="links"><a href="${links.json}">JSON (the signed credential)</a> <a href="${links.bakedPng}" download>Baked PNG</a> <a href="${links.bakedSvg}" download>Baked SVG</a></p>`;
}

export function credentialCard(view: CredentialView): Html {
  return html`<section class="verdict ${view.verdict.tone}" aria-label="verdict">
<p class="headline">${view.verdict.headline}</p>
<p>${view.verdict.explanation}</p>
${view.errors.length > 0 ? html`<ul>${view.errors.map((error) => html`<li>${error}</li>`)}</ul>` : ''}
</section>
<h2>Issued by</h2>
<dl class="facts">
<dt>Name</dt><dd>${view.issuer.name ?? 'unnamed issuer'}</dd>
<dt>Identifier</dt><dd>${view.issuer.url ? html`<a href="${view.issuer.url}" rel="nofollow">${view.issuer.id}</a>` : html`<code>${view.issuer.id ?? '—'}</code>`}</dd>
</dl>
${view.endorsements.length > 0 ? html`<h3>Endorsements</h3><ul>${view.endorsements.map((endorsement) => html`<li><strong>${endorsement.endorser}</strong> endorses ${endorsement.about}${endorsement.comment ? html`: ${endorsement.comment}` : ''} <span class="muted">(${endorsement.verified ? (endorsement.trusted ? 'verified, trusted endorser' : 'verified') : 'could not be verified'})</span></li>`)}</ul>` : ''}
<h2>Awarded to</h2>
${subject(view.subject)}
<h2>Achievement</h2>
<dl class="facts">
<dt>Name</dt><dd>${view.achievement.name ?? '—'}</dd>
${view.achievement.description ? html`<dt>Description</dt><dd>${view.achievement.description}</dd>` : ''}
<dt>Criteria</dt><dd>${view.achievement.criteria ?? '—'}${view.achievement.criteriaUrl ? html` <a href="${view.achievement.criteriaUrl}" rel="nofollow">(details)</a>` : ''}</dd>
</dl>
${view.evidence.length > 0 ? html`<h2>Evidence</h2><ul>${view.evidence.map(evidence)}</ul>` : ''}
<h2>Dates and status</h2>
<dl class="facts">
<dt>Issued</dt><dd>${displayDate(view.validFrom)}</dd>
<dt>Expires</dt><dd>${view.validUntil ? displayDate(view.validUntil) : 'never'}</dd>
<dt>Status</dt><dd>${view.status}</dd>
${view.credentialId ? html`<dt>Credential id</dt><dd><code>${view.credentialId}</code></dd>` : ''}
</dl>
<h2>Checks</h2>
<ul class="checks">${view.checks.map((check) => html`<li class="${check.result}"><span class="mark" aria-label="${check.result}">${CHECK_MARKS[check.result]}</span>${checkName(check.check)} <span class="muted">— ${check.message}</span></li>`)}</ul>
${view.warnings.length > 0 ? html`<p class="muted">Notes: ${view.warnings.join('; ')}</p>` : ''}`;
}

function subject(view: SubjectView): Html {
  if (view.kind === 'package') {
    return html`<dl class="facts"><dt>Package</dt><dd>${view.name}</dd><dt>Version</dt><dd>${view.version ?? 'any'}</dd><dt>Ecosystem</dt><dd>${view.ecosystem}</dd><dt>Package URL</dt><dd><code>${view.purl}</code></dd></dl>`;
  }
  return html`<dl class="facts">${view.name ? html`<dt>Name</dt><dd>${view.name}</dd>` : ''}<dt>Identifier</dt><dd><code>${view.id ?? 'not named'}</code></dd></dl>`;
}

function evidence(item: EvidenceView): Html {
  const title = item.name ?? item.url ?? 'Evidence';
  return html`<li>${item.url ? html`<a href="${item.url}" rel="nofollow">${title}</a>` : html`<strong>${title}</strong>`}${item.description ? html` — ${item.description}` : ''}${item.narrative ? html`<br><span class="muted">${item.narrative}</span>` : ''}</li>`;
}
