import {html, type Html} from '../html.ts';
import {buttonForm, formError, postForm, textField} from '../forms.ts';
import {link} from '../listings.ts';
import type {FieldProblem} from '../../errors.ts';
import {textArea} from './role-forms.ts';

/** What an organisation does here: confirm its members, get an issuer, endorse. */
export interface OrganisationView {
  handle: string;
  name: string;
  token: () => string;
  /** People who name this organisation as theirs. */
  people: Array<{handle: string; name: string; confirmed: boolean}>;
  issuer: {slug: string; name: string} | null;
  issuerValues: {slug: string; name: string; url: string; description: string};
  endorseValues: {target: string; comment: string};
  /** An endorsement just issued: where to see it. */
  endorsed: {credentialPage: string; target: string} | null;
  /** A refused submission, shown by the form it came from. */
  error: {form: 'issuer' | 'endorse' | 'members'; message: string; problems: FieldProblem[]} | null;
}

function errorFor(view: OrganisationView, form: 'issuer' | 'endorse' | 'members'): {message: string | null; problems: FieldProblem[]} {
  if (view.error?.form !== form) return {message: null, problems: []};
  return {message: view.error.message, problems: view.error.problems.map((problem) => ({...problem, field: problem.field.replace(/^\/(target\/id|target)$/, 'target').replace(/^\//, '')}))};
}

export function organisationPage(view: OrganisationView): Html {
  const members = errorFor(view, 'members');
  const issuer = errorFor(view, 'issuer');
  const endorse = errorFor(view, 'endorse');
  return html`<p class="muted">Organisation · ${link('/account', 'your account')}</p>
<h1>${view.name}</h1>
<h2 id="members">Members</h2>
<p>People who name ${view.name} as their organisation count as its members (for the rules that want reviewers of different organisations) only once you confirm them.</p>
${formError(members.message)}
${view.people.length === 0 ? html`<p class="muted">Nobody names ${view.name} as their organisation yet.</p>` : html`<table class="list"><caption class="visually-hidden">People who name this organisation</caption><thead><tr><th scope="col">Person</th><th scope="col">Membership</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${view.people.map((person) => html`<tr><td>${link(`/reviewers/${person.handle}`, person.name)} <span class="muted">(${person.handle})</span></td><td>${person.confirmed ? 'confirmed' : 'not confirmed'}</td>
<td>${person.confirmed
    ? buttonForm(`/account/organisation/members/${person.handle}/withdraw`, view.token(), `Withdraw ${person.handle}`)
    : buttonForm(`/account/organisation/members/${person.handle}/confirm`, view.token(), `Confirm ${person.handle}`)}</td></tr>`)}
</tbody></table>`}
<h2 id="issuer">Issuer</h2>
${view.issuer ? html`<p>${view.name} issues endorsements as ${link(`/issuers/${view.issuer.slug}`, view.issuer.name)}.</p>` : html`<p>To endorse a community, a policy or a reviewer, ${view.name} needs an issuer of its own: the signing identity its endorsements carry.</p>
${formError(issuer.message)}
${postForm('/account/organisation/issuer', view.token(), html`
${textField({name: 'slug', label: 'Short name of the issuer', value: view.issuerValues.slug || view.handle, required: true, maxLength: 64, hint: 'Lowercase letters, digits and inner hyphens; it appears in its address (/issuers/<short name>).', problems: issuer.problems})}
${textField({name: 'name', label: 'Name endorsements show', value: view.issuerValues.name || view.name, required: true, maxLength: 120, problems: issuer.problems})}
${textField({name: 'url', label: 'Website (optional)', type: 'url', value: view.issuerValues.url, maxLength: 2000, problems: issuer.problems})}
${textField({name: 'description', label: 'Description (optional)', value: view.issuerValues.description, maxLength: 500, problems: issuer.problems})}
<p><button type="submit">Get an issuer</button></p>`, {label: 'Get an issuer'})}`}
<h2 id="endorse">Endorse</h2>
${view.endorsed ? html`<div class="verdict good" role="status"><p>Endorsed ${link(view.endorsed.target, view.endorsed.target)}. ${link(view.endorsed.credentialPage, 'See the endorsement')}.</p></div>` : ''}
${formError(endorse.message)}
${view.issuer ? html`<p>An endorsement is a signed credential in which ${view.name} vouches for a community, a policy or a reviewer; it shows on what it endorses, and verifiers see it.</p>
${postForm('/account/organisation/endorsements', view.token(), html`
${textField({name: 'target', label: 'Address of the page you endorse', value: view.endorseValues.target, required: true, maxLength: 2000, hint: 'A community (/communities/npm-vet), a policy version (/communities/npm-vet/policies/vetted/versions/1) or a reviewer (/reviewers/bob): the full address or the path.', problems: endorse.problems})}
${textArea('comment', 'What you vouch for', view.endorseValues.comment, 5000, endorse.problems, 'Plain text, e.g. "We rely on this community\'s reviews for our releases."')}
<p><button type="submit">Endorse</button></p>`, {label: 'Endorse'})}` : html`<p class="muted">Get an issuer first.</p>`}`;
}

