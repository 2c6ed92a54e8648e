import type {Request, RequestHandler} from 'express';
import {HallmarkError} from '../errors.ts';
import type {Limiter} from '../limits/index.ts';
import {slugParam} from './params.ts';
import {clientKey} from './rate-limit.ts';
import {requireAdmin, requireIssuerOrAdmin, type TokenScope, type TokenService} from '../auth/tokens.ts';

/**
 * Reads `Authorization: Bearer …` into res.locals.scope (null when absent).
 * Wrong tokens count against the client's address (`failures`); once it has
 * spent its allowance every token from it is refused with 429 until the
 * window ends, so guessing costs the guesser time, not us work.
 */
export function bearerAuth(tokens: TokenService, failures: Limiter): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      res.locals.scope = null;
      return next();
    }
    const client = clientKey(req);
    await failures.check(client);
    const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header);
    const scope = match ? await tokens.authenticate(match[1]) : null;
    if (!scope) {
      await failures.fail(client);
      return next(new HallmarkError('unauthorized', 'the bearer token is missing, malformed, unknown or revoked'));
    }
    res.locals.scope = scope;
    next();
  };
}

export function scopeOf(res: {locals: Record<string, unknown>}): TokenScope | null {
  return (res.locals.scope as TokenScope | null | undefined) ?? null;
}

export const adminOnly: RequestHandler = (_req, res, next) => {
  requireAdmin(scopeOf(res));
  next();
};

/** The admin token or a token scoped to the issuer in the path. */
export const issuerOrAdmin: RequestHandler = (req: Request, res, next) => {
  requireIssuerOrAdmin(scopeOf(res), slugParam(req));
  next();
};
