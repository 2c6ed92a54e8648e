import {HallmarkError} from '../errors.ts';
import type {Actor} from '../vetting/model.ts';
import {scopeOf} from './auth.ts';
import {sessionHeldBack} from './web-auth.ts';

/** Who acts in the vetting API: the admin or an account. Issuer tokens speak for an issuer, not a person. */
export function actorOf(res: {locals: Record<string, unknown>}): Actor {
  const scope = scopeOf(res);
  if (scope === null && sessionHeldBack(res)) throw new HallmarkError('forbidden', 'a signed-in browser must send its form token (the form\'s _csrf field or an X-CSRF-Token header) with this request; reload the page and send it again');
  if (scope === null) throw new HallmarkError('unauthorized', 'a bearer token or a signed-in session is required');
  if (scope.kind === 'admin') return {kind: 'admin'};
  if (scope.kind === 'account') return {kind: 'account', handle: scope.handle};
  throw new HallmarkError('forbidden', 'issuer tokens cannot act in communities; use an account token');
}
