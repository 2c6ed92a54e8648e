import {html, type Html} from './html.ts';
import {credentialCard} from './credential-page.ts';
import type {CredentialView} from './credential-view.ts';
import {link} from './listings.ts';
import {displayDate} from './verdict.ts';
import {postForm} from './forms.ts';

/** A package under one community: the page its README badge links to. */
export interface PackageStandingPageModel {
  packageName: string;
  packagePath: string;
  community: {name: string; path: string};
  release: string | null;
  /** The current badge credential, verified now; null when the release has none. */
  credential: {view: CredentialView; path: string; badgePath: string} | null;
  policies: Array<{name: string; title: string; path: string; passed: boolean; lacking: string | null}>;
  requests: Array<{requester: string; requesterPath: string; createdAt: string; note: string}>;
  embed: {markdown: string; html: string; restructuredtext: string};
}

/**
 * For the community's members: award the badge of each policy the release now
 * meets (an evaluation, as `POST …/policies/{name}/evaluate` does), so nobody
 * needs the API for a first badge.
 */
export function awardForms(slug: string, release: string, policies: PackageStandingPageModel['policies'], token: () => string): Html {
  const met = policies.filter((policy) => policy.passed);
  if (met.length === 0) return html``;
  return html`<h2 id="award">Award the badge</h2>
<p><code>${release}</code> meets ${met.length === 1 ? 'this policy' : 'these policies'} now; awarding signs its badge credential, which the README badge then shows.</p>
${met.map((policy) => postForm(`/communities/${slug}/policies/${policy.name}/evaluate`, token(), html`<input type="hidden" name="purl" value="${release}"><p><button type="submit">Award the “${policy.title}” badge</button></p>`, {label: `Award the ${policy.title} badge`}))}`;
}

export function packageStandingPage(model: PackageStandingPageModel): Html {
  return html`<p class="muted">Package badge · ${link(model.community.path, model.community.name)}</p>
<h1>${model.packageName} in ${model.community.name}</h1>
${model.credential
    ? html`<p><a href="${model.credential.path}"><img src="${model.credential.badgePath}" alt="${model.credential.view.title} badge: ${model.credential.view.status}"></a></p>
<p>This is the badge ${model.community.name} holds for <code>${model.release ?? ''}</code>, the latest release it has looked at, checked just now.</p>
${credentialCard(model.credential.view)}
<p>${link(model.credential.path, 'The credential on its own page')} · ${link(model.packagePath, `Everything about ${model.packageName}`)}</p>`
    : html`<section class="verdict warn" aria-label="verdict"><p class="headline">Not vetted</p><p>${model.release === null
      ? `${model.community.name} has not looked at any release of ${model.packageName} yet.`
      : html`${model.community.name} holds no badge for <code>${model.release}</code>, the latest release it has looked at.`}</p></section>
<p>${link(model.packagePath, `Everything about ${model.packageName}`)}</p>`}
${model.release !== null && model.policies.length > 0 ? html`<h2>What <code>${model.release}</code> still lacks</h2>
<ul class="checks">${model.policies.map((policy) => html`<li class="${policy.passed ? 'passed' : 'failed'}"><span class="mark" aria-hidden="true">${policy.passed ? '✓' : '✗'}</span>${link(policy.path, policy.title)}: ${policy.passed ? 'nothing, every rule is met' : policy.lacking}</li>`)}</ul>` : ''}
${model.requests.length > 0 ? html`<h2>Review requested</h2><ul>${model.requests.map((request) => html`<li>by ${link(request.requesterPath, request.requester)} on ${displayDate(request.createdAt)}${request.note ? html`: ${request.note}` : ''}</li>`)}</ul>` : ''}
<h2>Put this badge in your README</h2>
<p>The badge always shows the latest release ${model.community.name} has looked at, and links back here.</p>
${snippet('embed-markdown', 'Markdown', model.embed.markdown)}
${snippet('embed-html', 'HTML', model.embed.html)}
${snippet('embed-rst', 'reStructuredText', model.embed.restructuredtext)}`;
}

function snippet(id: string, label: string, text: string): Html {
  return html`<p><label for="${id}">${label}</label><br><textarea id="${id}" class="snippet" readonly rows="3" spellcheck="false">${text}</textarea></p>`;
}
