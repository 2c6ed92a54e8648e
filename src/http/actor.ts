import type {RequestHandler} from 'express';
import {HallmarkError} from '../errors.ts';
import {ANONYMOUS, actorOf as actorOfScope, type Actor, type ActorPorts} from '../authz/index.ts';
import {scopeOf} from './auth.ts';
import {sessionHeldBack} from './web-auth.ts';

/**
 * Builds the request's Actor from its token or session (after `authenticate`),
 * so that every route hands the same Actor to the services, which decide.
 */
export function resolveActor(ports: ActorPorts): RequestHandler {
  return async (_req, res, next) => {
    res.locals.actor = await actorOfScope(scopeOf(res), ports);
    next();
  };
}

/** Who acts in this request; the services authorize it. A session sent without its form token does not count. */
export function actorOf(res: {locals: Record<string, unknown>}): Actor {
  const actor = (res.locals.actor as Actor | undefined) ?? ANONYMOUS;
  if (actor.kind === 'anonymous' && sessionHeldBack(res)) throw new HallmarkError('forbidden', 'a signed-in browser must send its form token (the form\'s _csrf field or an X-CSRF-Token header) with this request; reload the page and send it again');
  return actor;
}
