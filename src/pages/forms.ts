/**
 * Building blocks of every form: each field has a visible label tied to it,
 * hints and errors are tied with aria-describedby, and every form carries its
 * one-time security token. Forms post application/x-www-form-urlencoded.
 */
import {html, type Html} from './html.ts';
import type {FieldProblem} from '../errors.ts';

/** The field that carries a form's one-time security token (web-auth.ts checks it). */
export const FORM_TOKEN_FIELD = '_csrf';

export function tokenInput(token: string): Html {
  return html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">`;
}

/** A form that posts to `action` with its token; `body` holds the fields and the button. */
export function postForm(action: string, token: string, body: Html, attributes: {class?: string; label?: string} = {}): Html {
  return html`<form method="post" action="${action}"${attributes.class ? html` class="${attributes.class}"` : ''}${attributes.label ? html` aria-label="${attributes.label}"` : ''}>${tokenInput(token)}${body}</form>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'url' | 'search' | 'number';
  value?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  /** Problems from a refused submission; those naming this field are shown beside it. */
  problems?: FieldProblem[];
}

export function textField(options: FieldOptions): Html {
  const id = `field-${options.name}`;
  const problem = options.problems?.find((item) => item.field === options.name || item.field === `/${options.name}`);
  const described = [options.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<p class="field"><label for="${id}">${options.label}</label>
${options.hint ? html`<span class="hint" id="${id}-hint">${options.hint}</span>` : ''}${problem ? html`<span class="error" id="${id}-error">${options.label}: ${problem.problem}</span>` : ''}
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}"${options.value !== undefined && options.type !== 'password' ? html` value="${options.value}"` : ''}${options.required ? html` required` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.maxLength ? html` maxlength="${options.maxLength}"` : ''}${options.minLength ? html` minlength="${options.minLength}"` : ''}${options.pattern ? html` pattern="${options.pattern}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${problem ? html` aria-invalid="true"` : ''}></p>`;
}

export function checkboxField(options: {name: string; label: string; checked?: boolean; hint?: string}): Html {
  const id = `field-${options.name}`;
  return html`<p class="field checkbox"><input id="${id}" name="${options.name}" type="checkbox" value="yes"${options.checked ? html` checked` : ''}${options.hint ? html` aria-describedby="${id}-hint"` : ''}> <label for="${id}">${options.label}</label>${options.hint ? html` <span class="hint" id="${id}-hint">${options.hint}</span>` : ''}</p>`;
}

export function selectField(options: {name: string; label: string; choices: Array<{value: string; label: string}>; value?: string; hint?: string}): Html {
  const id = `field-${options.name}`;
  return html`<p class="field"><label for="${id}">${options.label}</label>${options.hint ? html`<span class="hint" id="${id}-hint">${options.hint}</span>` : ''}
<select id="${id}" name="${options.name}"${options.hint ? html` aria-describedby="${id}-hint"` : ''}>${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === options.value ? html` selected` : ''}>${choice.label}</option>`)}</select></p>`;
}

/** A refused submission's message at the top of the form, announced to screen readers. */
export function formError(message: string | null): Html {
  return message ? html`<div class="verdict bad" role="alert"><p>${message}</p></div>` : html``;
}

/** A one-button form (sign out, revoke, join). */
export function buttonForm(action: string, token: string, label: string, attributes: {class?: string} = {}): Html {
  return html`<form method="post" action="${action}" class="${attributes.class ?? 'inline'}">${tokenInput(token)}<button type="submit">${label}</button></form>`;
}
