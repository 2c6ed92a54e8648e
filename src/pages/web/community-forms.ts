import {html, type Html} from '../html.ts';
import {buttonForm, checkboxField, formError, postForm, selectField, textField} from '../forms.ts';
import type {FieldProblem} from '../../errors.ts';
import {displayDate} from '../verdict.ts';

export interface FoundCommunityView {
  token: string;
  values: {slug: string; name: string; description: string; ecosystems: string; open: boolean};
  error: string | null;
  problems: FieldProblem[];
}

export function foundCommunityPage(view: FoundCommunityView): Html {
  const problems = view.problems.map((problem) => ({...problem, field: problem.field.replace(/^\/(\w+).*$/, '$1')}));
  return html`<h1>Found a community</h1>
<p>A community vets package releases: it publishes policies, admits auditors and issues badges in its own name. You will be its first steward.</p>
${formError(view.error)}
${postForm('/communities/new', view.token, html`
${textField({name: 'name', label: 'Name', value: view.values.name, required: true, maxLength: 120, hint: 'e.g. "JavaScript vetting guild".', problems})}
${textField({name: 'slug', label: 'Short name for addresses', value: view.values.slug, required: true, maxLength: 64, hint: 'Lowercase letters, digits and inner hyphens; it appears in links (/communities/<short name>) and cannot change.', problems})}
<p class="field"><label for="field-description">Description</label><span class="hint" id="field-description-hint">What the community vets and how, in plain text.</span>
<textarea id="field-description" name="description" rows="4" maxlength="2000" aria-describedby="field-description-hint">${view.values.description}</textarea></p>
${textField({name: 'ecosystems', label: 'Package types reviewed', value: view.values.ecosystems, maxLength: 400, hint: 'purl types separated by spaces or commas, e.g. "npm cargo"; leave empty for every type.', problems})}
${checkboxField({name: 'open', label: 'Anyone signed in may join as a member', checked: view.values.open})}
<p><button type="submit">Found the community</button></p>`, {label: 'Found a community'})}`;
}

export interface InviteView {
  slug: string;
  communityName: string;
  token: () => string;
  /** A link just made: shown this once. */
  link: {url: string; role: string} | null;
  invitations: Array<{id: string; role: string; note: string | null; state: string; createdAt: string; expiresAt: string; acceptedBy: string | null}>;
  values: {role: string; note: string; days: string};
  error: string | null;
  problems: FieldProblem[];
}

const ROLE_CHOICES = ['member', 'auditor', 'senior-auditor', 'steward'].map((role) => ({value: role, label: role}));

export function inviteToCommunityPage(view: InviteView): Html {
  return html`<p class="muted"><a href="/communities/${view.slug}">${view.communityName}</a></p>
<h1>Invite people</h1>
<p>An invitation is a link that works once: whoever opens it makes an account (or, signed in, uses theirs) and gets the role you choose here.</p>
${view.link ? html`<div class="verdict good" role="status"><p>Send this link to the person you invite (as ${view.link.role}); it is shown this once:</p><p><code class="secret">${view.link.url}</code></p></div>` : ''}
${formError(view.error)}
${postForm(`/communities/${view.slug}/invitations`, view.token(), html`
${selectField({name: 'role', label: 'Role', choices: ROLE_CHOICES, value: view.values.role || 'auditor'})}
${textField({name: 'note', label: 'Who it is for', value: view.values.note, maxLength: 200, hint: 'Shown to them and in the list below, e.g. "Bob from Org B".', problems: view.problems})}
${textField({name: 'days', label: 'Days it stays valid', type: 'number', value: view.values.days || '7', maxLength: 2, hint: '1 to 30.', problems: view.problems})}
<p><button type="submit">Make an invitation link</button></p>`, {label: 'Invite a person'})}
<h2>Invitations</h2>
${view.invitations.length === 0 ? html`<p class="muted">None yet.</p>` : html`<table class="list"><caption class="visually-hidden">Invitations into this community</caption><thead><tr><th scope="col">For</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Made</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${view.invitations.map((item) => html`<tr><td>${item.note ?? '—'}</td><td>${item.role}</td><td>${item.state === 'accepted' ? `accepted by ${item.acceptedBy}` : item.state === 'open' && item.expiresAt <= new Date().toISOString() ? 'expired' : item.state}</td><td>${displayDate(item.createdAt)}</td>
<td>${item.state === 'open' ? buttonForm(`/communities/${view.slug}/invitations/${item.id}/withdraw`, view.token(), 'Withdraw') : ''}</td></tr>`)}
</tbody></table>`}`;
}

/** What a signed-in reader may do on a community's page: join it, or (stewards) invite people. */
export function communityActions(actions: {join: string | null; invite: boolean; slug: string}): Html {
  if (!actions.join && !actions.invite) return html``;
  return html`<p class="actions">${actions.join ? buttonForm(`/communities/${actions.slug}/join`, actions.join, 'Join as a member') : ''}${actions.invite ? html` <a href="/communities/${actions.slug}/invitations">Invite people</a>` : ''}</p>`;
}
