import type {Request, Response} from 'express';
import {viewerOf} from '../web-auth.ts';
import {seeOther} from './pages.ts';

/** True (and the browser sent to sign in, then back) when nobody is signed in. */
export function needsSignIn(req: Request, res: Response): boolean {
  if (viewerOf(res)) return false;
  seeOther(res, `/sign-in?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
  return true;
}
