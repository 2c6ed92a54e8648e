import {html, type Html} from '../html.ts';
import {formError, postForm, textField} from '../forms.ts';
import type {FieldProblem} from '../../errors.ts';
import {MIN_PASSWORD_LENGTH} from '../../auth/passwords.ts';

export interface InvitationView {
  /** The form posts back to the link itself. */
  action: string;
  token: string;
  /** What accepting gives, in words. */
  offers: string[];
  invitedBy: string;
  note: string | null;
  expiresAt: string;
  /** Signed in: accept as this account instead of making a new one. */
  viewer: string | null;
  /** The invitation makes an organisation's account (never accepted with an existing one). */
  organisation: boolean;
  values: {handle: string; name: string};
  error: string | null;
  problems: FieldProblem[];
}

export function invitationPage(view: InvitationView): Html {
  const offer = html`<ul>${view.offers.map((item) => html`<li>${item}</li>`)}</ul>`;
  const intro = html`<h1>You are invited to Hallmark</h1>
<p>${view.invitedBy === 'admin' ? 'The operator of this instance' : view.invitedBy} invites you${view.note ? html` (${view.note})` : ''}. Accepting gives you:</p>
${offer}
<p class="muted">This invitation works once and expires ${view.expiresAt.slice(0, 10)}.</p>
${formError(view.error)}`;
  if (view.viewer && view.organisation) return html`${intro}<p>This invitation makes a new organisation account: sign out first, then open the link again.</p>`;
  if (view.viewer) {
    return html`${intro}
${postForm(view.action, view.token, html`<input type="hidden" name="as" value="signed-in"><p><button type="submit">Accept as ${view.viewer}</button></p>`, {label: 'Accept with your account'})}
<p class="muted">To make a new account instead, sign out first and open the link again.</p>`;
  }
  return html`${intro}
<h2>${view.organisation ? 'Make the organisation\'s account' : 'Make your account'}</h2>
${postForm(view.action, view.token, html`
${textField({name: 'handle', label: 'Handle', value: view.values.handle, required: true, autocomplete: 'username', maxLength: 63, hint: 'How you sign in and appear in links: 2 to 63 lowercase letters, digits and hyphens.', problems: view.problems})}
${view.organisation
    ? textField({name: 'name', label: 'The organisation\'s name', value: view.values.name, required: true, autocomplete: 'organization', maxLength: 120, hint: 'Shown on its page and on the endorsements it issues.', problems: view.problems})
    : textField({name: 'name', label: 'Your name', value: view.values.name, required: true, autocomplete: 'name', maxLength: 120, hint: 'Shown on your reviewer page.', problems: view.problems})}
${textField({name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password', minLength: MIN_PASSWORD_LENGTH, maxLength: 256, hint: `At least ${MIN_PASSWORD_LENGTH} characters.`, problems: view.problems})}
${textField({name: 'confirm', label: 'Password again', type: 'password', required: true, autocomplete: 'new-password', maxLength: 256, problems: view.problems})}
<p><button type="submit">${view.organisation ? 'Make the organisation\'s account' : 'Make my account'}</button></p>`, {label: 'Make your account'})}
${view.organisation ? '' : html`<p class="muted">Already have an account? <a href="/sign-in">Sign in</a>, then open this link again to accept it with that account.</p>`}`;
}

export function invitationUnusable(message: string): Html {
  return html`<h1>This invitation cannot be used</h1>
<div class="verdict bad" role="alert"><p>${message}</p></div>
<p><a href="/sign-in">Sign in</a> · <a href="/">Home</a></p>`;
}
