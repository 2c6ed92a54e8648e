import type {Request, RequestHandler} from 'express';
import {HallmarkError} from '../errors.ts';
import {slugParam} from './params.ts';
import {requireAdmin, requireIssuerOrAdmin, type TokenScope, type TokenService} from '../auth/tokens.ts';

/** Reads `Authorization: Bearer …` into res.locals.scope (null when absent). */
export function bearerAuth(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      res.locals.scope = null;
      return next();
    }
    const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header);
    const scope = match ? await tokens.authenticate(match[1]) : null;
    if (!scope) return next(new HallmarkError('unauthorized', 'the bearer token is missing, malformed, unknown or revoked'));
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
