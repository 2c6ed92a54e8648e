import {html, type Html} from '../html.ts';
import {checkboxField, formError, postForm, selectField, textField} from '../forms.ts';
import {link} from '../listings.ts';
import {narrative} from '../policy-page.ts';
import {ROLES} from '../../vetting/model.ts';
import type {FieldProblem} from '../../errors.ts';
import {textArea} from './role-forms.ts';

const area = (name: string, label: string, value: string, maxLength: number, problems: FieldProblem[], hint?: string) => textArea(name, label, value, maxLength, problems, hint, 8);

export interface EditCommunityView {
  slug: string;
  name: string;
  token: string;
  values: {description: string; guidanceUrl: string; guidanceText: string; membership: string; endorsements: string; minRole: string; otherOrganisation: boolean; milestones: string};
  error: string | null;
  problems: FieldProblem[];
}

const ROLE_CHOICES = ROLES.map((role) => ({value: role, label: role.replace('-', ' ')}));

export function editCommunityPage(view: EditCommunityView): Html {
  const problems = view.problems.map((problem) => ({...problem, field: problem.field.replace(/^\/guidance\/url$/, 'guidanceUrl').replace(/^\/guidance\/text$/, 'guidanceText').replace(/^\/acceptance\/endorsements$/, 'endorsements').replace(/^\/milestones.*/, 'milestones')}));
  return html`<p class="muted">Steward · ${link(`/communities/${view.slug}`, view.name)}</p>
<h1>Edit ${view.name}</h1>
${formError(view.error)}
${postForm(`/communities/${view.slug}/edit`, view.token, html`
${area('description', 'Description', view.values.description, 5000, problems)}
${textField({name: 'guidanceUrl', label: 'Guidance for auditors: a link (optional)', type: 'url', value: view.values.guidanceUrl, maxLength: 2000, problems})}
${area('guidanceText', 'Guidance for auditors: the text (optional)', view.values.guidanceText, 20000, problems)}
${selectField({name: 'membership', label: 'Who may join as a member', value: view.values.membership, choices: [{value: 'invite', label: 'by invitation'}, {value: 'open', label: 'anyone signed in'}]})}
<fieldset><legend>When a review is accepted</legend>
${textField({name: 'endorsements', label: 'Endorsements it needs', type: 'number', value: view.values.endorsements, required: true, hint: '0 accepts reviews on submission; at most 20', problems})}
${selectField({name: 'minRole', label: 'Least role of an endorser', value: view.values.minRole, choices: ROLE_CHOICES})}
${checkboxField({name: 'otherOrganisation', label: 'Endorsers must be of another organisation than the reviewer', checked: view.values.otherOrganisation})}
</fieldset>
${area('milestones', 'Milestones (one per line: id | name | description | a number of accepted reviews, or a role)', view.values.milestones, 20000, problems, 'e.g. first-review | First accepted review | A first review accepted | 1')}
<button type="submit">Save</button>`, {label: 'Edit the community'})}`;
}

export interface PolicyFormView {
  slug: string;
  name: string;
  token: string;
  text: string;
  error: string | null;
  problems: FieldProblem[];
  preview: {narrative: string; version: number; published: boolean} | null;
}

export function policyFormPage(view: PolicyFormView): Html {
  return html`<p class="muted">Steward · ${link(`/communities/${view.slug}`, view.name)}</p>
<h1>Write a policy</h1>
<p>Write the policy in YAML (see the README for its rules). Preview shows what its badges will say; nothing is published until you publish.</p>
${formError(view.error)}
${view.problems.length > 0 ? html`<ul class="problems" aria-label="problems">${view.problems.map((problem) => html`<li>${problem.field ? html`<code>${problem.field}</code>: ` : ''}${problem.problem}</li>`)}</ul>` : ''}
${view.preview ? html`<section class="card" aria-label="preview"><h2>Preview: ${view.preview.published ? `already published as version ${view.preview.version}` : `would be version ${view.preview.version}`}</h2>${narrative(view.preview.narrative)}</section>` : ''}
${postForm(`/communities/${view.slug}/policies/new`, view.token, html`
${area('policy', 'Policy (YAML)', view.text, 64 * 1024 + 1, [], 'name, title, criteria and rules')}
<button type="submit" name="action" value="preview">Preview</button> <button type="submit" name="action" value="publish">Publish</button>`, {label: 'Write a policy'})}`;
}

/** A steward settles an open dispute under the review it is about. */
export function resolveForms(disputes: Array<{id: string; by: string}>, token: () => string): Html {
  if (disputes.length === 0) return html``;
  return html`<h2 id="resolve">Resolve disputes</h2>${disputes.map((dispute) => html`<p>The dispute from ${dispute.by}: ${postForm(`/vettings/${dispute.id}/resolve`, token(), html`<input type="hidden" name="outcome" value="upheld"><button type="submit">Uphold it (reject the review)</button>`, {class: 'inline'})} ${postForm(`/vettings/${dispute.id}/resolve`, token(), html`<input type="hidden" name="outcome" value="dismissed"><button type="submit">Dismiss it (the review counts again)</button>`, {class: 'inline'})}</p>`)}`;
}
