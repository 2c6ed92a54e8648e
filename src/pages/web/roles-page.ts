import {html, type Html} from '../html.ts';
import {formError, postForm, selectField, textField} from '../forms.ts';
import {link} from '../listings.ts';
import {displayDate} from '../verdict.ts';
import {ROLES} from '../../vetting/model.ts';
import type {FieldProblem} from '../../errors.ts';

/** A steward grants and withdraws roles in their community. */
export interface RolesView {
  slug: string;
  communityName: string;
  token: () => string;
  holders: Array<{handle: string; role: string}>;
  history: Array<{handle: string; role: string | null; by: string; at: string; reason?: string}>;
  values: {handle: string; role: string; reason: string};
  error: string | null;
  problems: FieldProblem[];
}

const ROLE_CHOICES = ROLES.map((role) => ({value: role, label: role.replace('-', ' ')}));

export function rolesPage(view: RolesView): Html {
  const problems = view.problems.map((problem) => ({...problem, field: problem.field.replace(/^\//, '')}));
  return html`<p class="muted">Steward · ${link(`/communities/${view.slug}`, view.communityName)}</p>
<h1>Roles in ${view.communityName}</h1>
${formError(view.error)}
<h2>Grant or change a role</h2>
${postForm(`/communities/${view.slug}/roles`, view.token(), html`
${textField({name: 'handle', label: 'Handle of the person', value: view.values.handle, required: true, maxLength: 63, hint: 'Their account must exist; invite people who have none.', problems})}
${selectField({name: 'role', label: 'Role', value: view.values.role || 'auditor', choices: ROLE_CHOICES, hint: 'members follow the community; auditors review and vet; senior auditors endorse where the acceptance rule asks for them; stewards run the community'})}
${textField({name: 'reason', label: 'Reason (optional, kept in the history)', value: view.values.reason, maxLength: 500, problems})}
<p><button type="submit">Grant the role</button></p>`, {label: 'Grant a role'})}
<h2>Who holds a role</h2>
${view.holders.length === 0 ? html`<p class="muted">Nobody yet.</p>` : html`<table class="list"><caption class="visually-hidden">Role holders</caption><thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${view.holders.map((holder) => html`<tr><td>${link(`/reviewers/${holder.handle}`, holder.handle)}</td><td>${holder.role}</td><td>${postForm(`/communities/${view.slug}/roles/${holder.handle}/withdraw`, view.token(), html`<button type="submit" aria-label="Withdraw the ${holder.role} role of ${holder.handle}">Withdraw</button>`, {class: 'inline'})}</td></tr>`)}
</tbody></table>`}
<h2>History</h2>
${view.history.length === 0 ? html`<p class="muted">No changes yet.</p>` : html`<ul>${view.history.slice(-50).reverse().map((grant) => html`<li>${displayDate(grant.at)}: ${grant.by} ${grant.role ? html`made ${grant.handle} ${grant.role}` : html`withdrew the role of ${grant.handle}`}${grant.reason ? html` <span class="muted">(${grant.reason})</span>` : ''}</li>`)}</ul>`}`;
}
