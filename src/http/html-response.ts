import {createHash} from 'node:crypto';
import type {ErrorRequestHandler, Request, Response} from 'express';
import {layout, type PageChrome, type PageMeta} from '../pages/layout.ts';
import {formToken, viewerOf} from './web-auth.ts';
import type {Html} from '../pages/html.ts';
import {errorPage} from '../pages/error-page.ts';
import {errorResponse} from './errors.ts';

/** Pages run no script at all; styles and images come only from our origin; forms post only to us. */
export const PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A browser asking for HTML gets the page; ?format=json and JSON-preferring clients get the JSON. */
export function wantsPage(req: Request): boolean {
  if (req.query.format === 'json') return false;
  return req.accepts(['application/ld+json', 'application/json', 'text/html']) === 'text/html';
}

/**
 * `formTargets`: origins a form on the page may end up at through redirects
 * (browsers hold a form's whole redirect chain to form-action), e.g. the app
 * a consent page sends its answer to.
 */
export function sendPage(res: Response, status: number, meta: PageMeta, body: Html, options: {formTargets?: string[]} = {}): void {
  // Pages differ by who is signed in and carry one-time form tokens: never cached by anyone.
  if (viewerOf(res) !== null) res.set('Cache-Control', 'no-store');
  const policy = options.formTargets?.length ? PAGE_POLICY.replace("form-action 'self'", `form-action 'self' ${options.formTargets.join(' ')}`) : PAGE_POLICY;
  res.status(status).set({
    // A page with an enhancing script may load it (and let it talk) from our origin only; the rest run none.
    'Content-Security-Policy': meta.script ? `${policy}; script-src 'self'; connect-src 'self'` : policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  res.type('text/html; charset=utf-8').send(layout(meta, body, pageChrome(res)));
}

/** The header's view of who is reading; the sign-out button needs a form token of its own. */
function pageChrome(res: Response): PageChrome {
  const viewer = viewerOf(res);
  const query = res.locals.searchQuery;
  return {viewer, signOutToken: viewer && res.locals.formTokens ? formToken(res) : null, ...(typeof query === 'string' ? {query} : {})};
}

/** Errors on HTML routes answer a person with a page, with the status the JSON API would give. */
export const pageErrorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const {status, body, headers} = errorResponse(error, req);
  res.set(headers);
  sendPage(res, status, {title: 'Error', description: body.error.message}, errorPage(status, body.error.message));
};

/** A static text asset with a strong validator. */
export function staticAsset(text: string, type: string): {text: string; etag: string; type: string} {
  return {text, type, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`};
}
