import {html, type Html} from './html.ts';
import {badgeList, link, type BadgeListing} from './listings.ts';
import {narrative} from './policy-page.ts';

/** A community's public page: who it is, what it requires, who audits, what it has awarded. */
export interface CommunityPageModel {
  name: string;
  description: string | null;
  homepage: string | null;
  /** `criteria` is the policy Achievement's criteria.narrative: a lead sentence, then one "- " line per rule. */
  policies: Array<{name: string; description: string | null; criteria: string; path: string}>;
  auditors: Array<{name: string; path: string | null}>;
  endorsements: Array<{endorser: string; comment: string | null}>;
  latestBadges: BadgeListing[];
}

/** `actions`: what the signed-in reader may do here (join, invite), rendered under the heading. */
export function communityPage(model: CommunityPageModel, actions: Html = html``): Html {
  return html`<p class="muted">Community</p>
<h1>${model.name}</h1>
${actions}
${model.description ? html`<p>${model.description}</p>` : ''}
${model.homepage ? html`<p>${link(model.homepage, model.homepage)}</p>` : ''}
${model.endorsements.length > 0 ? html`<h2>Endorsed by</h2><ul>${model.endorsements.map((item) => html`<li><strong>${item.endorser}</strong>${item.comment ? html`: ${item.comment}` : ''}</li>`)}</ul>` : ''}
<h2>Policies</h2>
${model.policies.length === 0 ? html`<p class="muted">This community has not published a policy yet.</p>` : model.policies.map((policy) => html`<article class="card"><h3>${link(policy.path, policy.name)}</h3>${policy.description ? html`<p>${policy.description}</p>` : ''}${narrative(policy.criteria)}</article>`)}
<h2>Auditors</h2>
${model.auditors.length === 0 ? html`<p class="muted">No auditors admitted yet.</p>` : html`<ul>${model.auditors.map((auditor) => html`<li>${link(auditor.path, auditor.name)}</li>`)}</ul>`}
<h2>Latest badges</h2>
${badgeList(model.latestBadges, 'No badges awarded yet.')}`;
}

