import type {Request, RequestHandler} from 'express';
import {slugParam} from './params.ts';
import {requireAdmin, requireIssuerOrAdmin, type TokenScope} from '../auth/tokens.ts';

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
