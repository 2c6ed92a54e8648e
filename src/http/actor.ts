import {HallmarkError} from '../errors.ts';
import type {Actor} from '../vetting/model.ts';
import {scopeOf} from './auth.ts';

/** Who acts in the vetting API: the admin or an account. Issuer tokens speak for an issuer, not a person. */
export function actorOf(res: {locals: Record<string, unknown>}): Actor {
  const scope = scopeOf(res);
  if (scope === null) throw new HallmarkError('unauthorized', 'a bearer token is required');
  if (scope.kind === 'admin') return {kind: 'admin'};
  if (scope.kind === 'account') return {kind: 'account', handle: scope.handle};
  throw new HallmarkError('forbidden', 'issuer tokens cannot act in communities; use an account token');
}
