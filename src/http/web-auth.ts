/**
 * Who is asking, for the API and for pages alike. A bearer token
 * (`Authorization: Bearer …`) or a browser session cookie sets
 * res.locals.scope, so actorOf() works the same for both.
 *
 * A session cookie travels with every request the browser makes, even ones
 * another site triggers; so a state-changing request counts as the session's
 * only when it carries a valid one-time form token (the `_csrf` field of a
 * url-encoded form, or an `X-CSRF-Token` header). Every url-encoded form post
 * must carry one, signed in or not; a bad one is refused before any route runs.
 */
import {randomBytes} from 'node:crypto';
import {parse as parseCookies} from 'cookie';
import type {Request, RequestHandler, Response} from 'express';
import {HallmarkError} from '../errors.ts';
import type {TokenScope, TokenService} from '../auth/tokens.ts';
import type {Auth, Session} from '../auth/index.ts';
import {SESSION_LIFETIME_MS} from '../auth/sessions.ts';
import {FORM_TOKEN_FIELD} from '../pages/forms.ts';
import type {Limiter} from '../limits/index.ts';
import {clientKey} from './rate-limit.ts';

export const SESSION_COOKIE = 'hallmark_session';
/** Before sign-in, forms are bound to this random per-browser value (signed double-submit). */
export const FORM_COOKIE = 'hallmark_form';
export const FORM_TOKEN_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The signed-in person, as pages show them. */
export interface Viewer {
  handle: string;
  sessionId: string;
}

interface WebLocals {
  viewer: Viewer | null;
  /** What form tokens are bound to: the session, or this browser's form cookie; null until one exists. */
  binding: string | null;
  /** Set when a state-changing request came with a session but no form token: the session does not count for it. */
  heldBack: TokenScope | null;
  formChecked: boolean;
}

export interface CookieSettings {
  secure: boolean;
  path: string;
}

export function cookieSettings(publicUrl: string): CookieSettings {
  const url = new URL(publicUrl);
  return {secure: url.protocol === 'https:', path: url.pathname === '' ? '/' : url.pathname};
}

function locals(res: Response): WebLocals {
  res.locals.web ??= {viewer: null, binding: null, heldBack: null, formChecked: false} satisfies WebLocals;
  return res.locals.web as WebLocals;
}

/** Reads the bearer token or the session cookie, and checks form tokens on state-changing requests. */
/**
 * Wrong bearer tokens count against the client's address (`tokenFailures`);
 * once it has spent its allowance every token from it is refused with 429
 * until the window ends, so guessing costs the guesser time, not us work.
 */
export function authenticate(tokens: TokenService, auth: Auth, cookies: CookieSettings, tokenFailures: Limiter): RequestHandler {
  return async (req, res, next) => {
    res.locals.scope = null;
    const web = locals(res);
    res.locals.cookieSettings = cookies;
    res.locals.formTokens = auth.formTokens;
    const header = req.get('authorization');
    if (header !== undefined) {
      const client = clientKey(req);
      await tokenFailures.check(client);
      const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header);
      const scope = match ? await tokens.authenticate(match[1]) : null;
      if (!scope) {
        await tokenFailures.fail(client);
        return next(new HallmarkError('unauthorized', 'the bearer token is missing, malformed, unknown or revoked'));
      }
      res.locals.scope = scope;
      return next();
    }
    const jar = readCookies(req);
    const secret = jar[SESSION_COOKIE];
    const session = secret ? await auth.sessions.authenticate(secret) : null;
    if (secret && !session) clearCookie(res, SESSION_COOKIE, cookies);
    const scope: TokenScope | null = session ? {kind: 'account', handle: session.handle, issuerSlug: session.issuerSlug} : null;
    if (session) {
      web.viewer = {handle: session.handle, sessionId: session.id};
      web.binding = sessionBinding(session);
    } else if (FORM_COOKIE_VALUE.test(jar[FORM_COOKIE] ?? '')) {
      web.binding = `browser:${jar[FORM_COOKIE]}`;
    }
    if (SAFE_METHODS.has(req.method)) {
      res.locals.scope = scope;
      return next();
    }
    const given = givenFormToken(req);
    if (req.is('application/x-www-form-urlencoded') || given !== undefined) {
      await auth.formTokens.redeem(web.binding, given);
      web.formChecked = true;
      res.locals.scope = scope;
    } else {
      web.heldBack = scope;
    }
    next();
  };
}

export function sessionBinding(session: Pick<Session, 'id'>): string {
  return `session:${session.id}`;
}

function givenFormToken(req: Request): unknown {
  const body: unknown = req.body;
  if (req.is('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null) return (body as Record<string, unknown>)[FORM_TOKEN_FIELD];
  return req.get(FORM_TOKEN_HEADER);
}

/**
 * For forms that are not url-encoded (a multipart upload): redeem the token the
 * route read from the form, after which the session counts for this request.
 */
export async function redeemFormToken(res: Response, token: unknown): Promise<void> {
  const web = locals(res);
  await (res.locals.formTokens as Auth['formTokens']).redeem(web.binding, token);
  web.formChecked = true;
  if (web.heldBack) res.locals.scope = web.heldBack;
  web.heldBack = null;
}

/** True when a session was present but not used because the request carried no form token. */
export function sessionHeldBack(res: Response | {locals: Record<string, unknown>}): boolean {
  return ((res.locals.web as WebLocals | undefined)?.heldBack ?? null) !== null;
}

export function viewerOf(res: Response): Viewer | null {
  return (res.locals.web as WebLocals | undefined)?.viewer ?? null;
}

/**
 * A fresh one-time token for a form on the page being rendered. Before sign-in
 * it first gives the browser its form cookie, to which the token is bound.
 */
export function formToken(res: Response): string {
  const web = locals(res);
  const settings = res.locals.cookieSettings as CookieSettings;
  // A page with a one-time token is for this reader only, this once.
  res.set('Cache-Control', 'no-store');
  if (web.binding === null) {
    const value = randomBytes(32).toString('base64url');
    res.cookie(FORM_COOKIE, value, {httpOnly: true, secure: settings.secure, sameSite: 'lax', path: settings.path});
    web.binding = `browser:${value}`;
  }
  return (res.locals.formTokens as Auth['formTokens']).issue(web.binding);
}

/** Gives the browser its session; forms rendered from now on in this response are bound to it. */
export function startSession(res: Response, session: Session, secret: string): void {
  const settings = res.locals.cookieSettings as CookieSettings;
  res.cookie(SESSION_COOKIE, secret, {httpOnly: true, secure: settings.secure, sameSite: 'lax', path: settings.path, maxAge: SESSION_LIFETIME_MS});
  const web = locals(res);
  web.viewer = {handle: session.handle, sessionId: session.id};
  web.binding = sessionBinding(session);
}

export function endSession(res: Response): void {
  clearCookie(res, SESSION_COOKIE, res.locals.cookieSettings as CookieSettings);
  const web = locals(res);
  web.viewer = null;
  web.binding = null;
}

export function sessionSecretOf(req: Request): string | undefined {
  return readCookies(req)[SESSION_COOKIE];
}

function readCookies(req: Request): Record<string, string | undefined> {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return {};
  try {
    return parseCookies(header);
  } catch {
    return {};
  }
}

function clearCookie(res: Response, name: string, settings: CookieSettings): void {
  res.clearCookie(name, {httpOnly: true, secure: settings.secure, sameSite: 'lax', path: settings.path});
}
