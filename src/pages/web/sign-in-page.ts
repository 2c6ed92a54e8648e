import {html, type Html} from '../html.ts';
import {formError, postForm, textField} from '../forms.ts';
import type {FieldProblem} from '../../errors.ts';

export interface SignInView {
  token: string;
  handle: string;
  /** Where to go after signing in (a local path). */
  next: string;
  error: string | null;
  problems: FieldProblem[];
}

export function signInPage(view: SignInView): Html {
  return html`<h1>Sign in</h1>
${formError(view.error)}
${postForm('/sign-in', view.token, html`<input type="hidden" name="next" value="${view.next}">
${textField({name: 'handle', label: 'Handle', value: view.handle, required: true, autocomplete: 'username', maxLength: 63, problems: view.problems})}
${textField({name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', maxLength: 256, problems: view.problems})}
<p><button type="submit">Sign in</button></p>`, {class: 'sign-in', label: 'Sign in with a password'})}
<p class="muted">No account yet? Accounts are made from invitations: ask a community's steward, or the instance's operator.</p>`;
}
