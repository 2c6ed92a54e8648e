import {invalidInput} from '../errors.ts';

/**
 * Names, labels and notes people type are shown on pages. They are always
 * escaped there; on top of that we refuse what no name needs — markup
 * characters and control characters — so a script pasted into a form is
 * refused with a message instead of being kept.
 */
const MARKUP = /[<>]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function checkDisplayText(text: string, field: string, maxLength: number, required = false): void {
  const trimmed = text.trim();
  if (required && trimmed === '') throw invalidInput(`the ${field} is required`, [{field, problem: 'is empty'}]);
  if ([...trimmed].length > maxLength) throw invalidInput(`the ${field} may have at most ${maxLength} characters`, [{field, problem: `is longer than ${maxLength} characters`}]);
  if (MARKUP.test(trimmed)) throw invalidInput(`the ${field} may not contain < or >`, [{field, problem: 'contains markup characters'}]);
  if (CONTROL.test(trimmed)) throw invalidInput(`the ${field} may not contain control or text-direction characters`, [{field, problem: 'contains control characters'}]);
}

/** Markup that a browser would read as a tag: `<` followed by a letter, `/`, `!` or `?`. A lone "a < b" is fine. */
const TAG = /<\s*[A-Za-z!/?]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Longer prose people type (a description, a note): lines are fine, tags and control characters are refused. */
export function checkProse(text: string, field: string, maxLength: number): void {
  if ([...text].length > maxLength) throw invalidInput(`the ${field} may have at most ${maxLength} characters`, [{field, problem: `is longer than ${maxLength} characters`}]);
  if (TAG.test(text)) throw invalidInput(`the ${field} may not contain HTML tags (write plain text)`, [{field, problem: 'contains an HTML tag'}]);
  if (CONTROL_BUT_LINES.test(text)) throw invalidInput(`the ${field} may not contain control or text-direction characters`, [{field, problem: 'contains control characters'}]);
}
