import type {Request} from 'express';
import {HallmarkError, invalidInput} from '../errors.ts';

/**
 * The fields of a url-encoded form post (web-auth.ts has already checked its
 * form token). Each named field is one string of at most `maxLength`
 * characters; an absent field reads as ''; a repeated or oversized one is
 * refused with a 400 naming it. Fields not named are ignored.
 */
export function formFields<K extends string>(req: Request, limits: Record<K, number>): Record<K, string> {
  if (!req.is('application/x-www-form-urlencoded')) throw new HallmarkError('invalid-input', 'send this form as application/x-www-form-urlencoded (as a browser does)');
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const [name, maxLength] of Object.entries(limits) as Array<[K, number]>) {
    const value = Object.hasOwn(body, name) ? body[name] : '';
    if (typeof value !== 'string') throw invalidInput(`the form field "${name}" was sent more than once`, [{field: name, problem: 'must be sent once'}]);
    if (value.length > maxLength) throw invalidInput(`the form field "${name}" may have at most ${maxLength} characters`, [{field: name, problem: `is longer than ${maxLength} characters`}]);
    out[name] = value;
  }
  return out;
}

/** A checkbox: present (any value) means checked. */
export function checked(value: string): boolean {
  return value !== '';
}
