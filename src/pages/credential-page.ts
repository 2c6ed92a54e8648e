import {html, type Html} from './html.ts';
import type {CredentialView, EvidenceView, SubjectView} from './credential-view.ts';
import {CHECK_MARKS, checkName, displayDate} from './verdict.ts';
import {link} from './listings.ts';
import {narrative} from './policy-page.ts';

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
${view.statusReason ? html`<p class="reason">${view.statusReason.text}${view.statusReason.path ? html` ${link(view.statusReason.path, view.statusReason.label)}` : ''}</p>` : ''}
${view.errors.length > 0 ? html`<ul>${view.errors.map((error) => html`<li>${error}</li>`)}</ul>` : ''}
</section>
<h2>Issued by</h2>
<p>${issuerName(view)}</p>
${view.endorsements.length > 0 ? html`<h3>Endorsements</h3><ul>${view.endorsements.map((endorsement) => html`<li><strong>${endorsement.endorser}</strong> endorses ${endorsement.about}${endorsement.comment ? html`: ${endorsement.comment}` : ''} <span class="muted">(${endorsement.verified ? (endorsement.trusted ? 'verified, trusted endorser' : 'verified') : 'could not be verified'})</span></li>`)}</ul>` : ''}
<h2>Awarded to</h2>
${subject(view.subject)}
<h2>Achievement</h2>
<dl class="facts">
<dt>Name</dt><dd>${view.achievement.name ?? '—'}</dd>
${view.achievement.description ? html`<dt>Description</dt><dd>${view.achievement.description}</dd>` : ''}
<dt>Criteria</dt><dd>${view.achievement.criteria ? narrative(view.achievement.criteria) : '—'}${view.achievement.criteriaUrl ? html`<p><a href="${view.achievement.criteriaUrl}" rel="nofollow">The criteria in full</a></p>` : ''}</dd>
</dl>
${view.evidence.length > 0 ? html`<h2>Evidence</h2><ul>${view.evidence.map(evidence)}</ul>` : ''}
<h2>Dates and status</h2>
<dl class="facts">
<dt>Issued</dt><dd>${displayDate(view.validFrom)}</dd>
<dt>Expires</dt><dd>${view.validUntil ? displayDate(view.validUntil) : 'never'}</dd>
<dt>Status</dt><dd>${STATUS_WORDS[view.status] ?? view.status}</dd>
</dl>
<h2>Checks</h2>
<ul class="checks">${view.checks.map((check) => html`<li class="${check.result}"><span class="mark" aria-hidden="true">${CHECK_MARKS[check.result]}</span>${checkName(check.check)} <span class="muted">(${check.result})</span></li>`)}</ul>
<details class="technical"><summary>Technical details</summary>
<dl class="facts">
${view.credentialId ? html`<dt>Credential id</dt><dd><code>${view.credentialId}</code></dd>` : ''}
<dt>Issuer id</dt><dd>${view.issuer.url ? html`<a href="${view.issuer.url}" rel="nofollow">${view.issuer.id}</a>` : html`<code>${view.issuer.id ?? '—'}</code>`}</dd>
${view.subject.kind === 'package' ? html`<dt>Package URL</dt><dd><code>${view.subject.purl}</code></dd>` : html`<dt>Subject id</dt><dd><code>${view.subject.id ?? 'not named'}</code></dd>`}
${view.statusEntry ? html`<dt>Status entry</dt><dd>${view.statusEntry.purpose ?? '—'} · index <code>${view.statusEntry.index ?? '—'}</code> of <code>${view.statusEntry.list ?? '—'}</code></dd>` : ''}
</dl>
<ul class="checks">${view.checks.map((check) => html`<li class="${check.result}">${checkName(check.check)}: <span class="muted">${check.message}</span></li>`)}</ul>
${view.warnings.length > 0 ? html`<p class="muted">Notes: ${view.warnings.join('; ')}</p>` : ''}
</details>`;
}

const STATUS_WORDS: Record<string, string> = {
  valid: 'valid', revoked: 'revoked by its issuer', suspended: 'suspended by its issuer', expired: 'expired', 'not-yet-valid': 'not valid yet', invalid: 'could not be verified',
};

function issuerName(view: CredentialView): Html {
  const name = view.issuer.name ?? 'an unnamed issuer';
  if (view.issuer.path) return link(view.issuer.path, name);
  return view.issuer.url ? html`<a href="${view.issuer.url}" rel="nofollow">${name}</a>` : html`${name}`;
}

function subject(view: SubjectView): Html {
  if (view.kind === 'package') {
    return html`<dl class="facts"><dt>Package</dt><dd>${view.path ? link(view.path, view.name) : view.name}</dd><dt>Version</dt><dd>${view.version ?? 'any'}</dd><dt>Ecosystem</dt><dd>${view.ecosystem}</dd></dl>`;
  }
  return html`<dl class="facts"><dt>Name</dt><dd>${view.path ? link(view.path, view.name ?? 'their page') : view.name ?? 'not named'}</dd></dl>`;
}

function evidence(item: EvidenceView): Html {
  const title = item.name ?? item.url ?? 'Evidence';
  const target = item.path ?? item.url;
  return html`<li>${target ? link(target, title) : html`<strong>${title}</strong>`}${item.description ? html` — ${item.description}` : ''}${item.narrative ? html`<br><span class="muted">${item.narrative}</span>` : ''}</li>`;
}
