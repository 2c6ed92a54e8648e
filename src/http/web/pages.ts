import type {Response} from 'express';
import {HallmarkError} from '../../errors.ts';
import {errorResponse} from '../errors.ts';

/** A local path to return to after a form: only our own absolute paths, never another origin. */
export function safeNext(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length > 512) return fallback;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : fallback;
}

/** Post/redirect/get: a form that did its work sends the browser on with 303. */
export function seeOther(res: Response, path: string): void {
  res.redirect(303, path);
}

/**
 * A refused form submission, for re-rendering the form: its status, message and
 * the fields it names. Only our own errors are shown; anything else propagates.
 */
export function refusal(error: unknown): {status: number; message: string; problems: Array<{field: string; problem: string}>} {
  if (!(error instanceof HallmarkError)) throw error;
  const {status, body} = errorResponse(error);
  return {status, message: body.error.message, problems: body.error.problems};
}
