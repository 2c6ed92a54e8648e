import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {signInPage} from '../../pages/web/sign-in-page.ts';
import {formFields} from '../forms.ts';
import {endSession, formToken, sessionSecretOf, startSession, viewerOf} from '../web-auth.ts';
import {sendPage} from '../html-response.ts';
import {refusal, safeNext, seeOther} from './pages.ts';

/** Password sign-in and sign-out. */
export function signInRouter(services: Services): Router {
  const router = Router();
  const {auth} = services;

  const render = (req: Request, res: Response, status: number, values: {handle: string; next: string}, error: string | null = null, problems: Array<{field: string; problem: string}> = []) => {
    sendPage(res, status, {title: 'Sign in', description: 'Sign in to Hallmark.'}, signInPage({token: formToken(res), handle: values.handle, next: values.next, error, problems}));
  };

  router.get('/sign-in', (req, res) => {
    const next = safeNext(req.query.next);
    if (viewerOf(res)) return seeOther(res, next);
    render(req, res, 200, {handle: '', next});
  });

  router.post('/sign-in', async (req, res) => {
    const fields = formFields(req, {handle: 100, password: 1024, next: 600});
    const next = safeNext(fields.next);
    const handle = fields.handle.trim().toLowerCase();
    try {
      const who = await auth.passwords.check(handle, fields.password);
      const previous = sessionSecretOf(req);
      if (previous) await auth.sessions.end(previous);
      const {session, secret} = await auth.sessions.create({handle: who.handle, issuerSlug: who.issuerSlug, userAgent: req.get('user-agent') ?? null, method: 'password'});
      startSession(res, session, secret);
      seeOther(res, next);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      render(req, res, status, {handle: handle.slice(0, 63), next}, message, problems);
    }
  });

  router.post('/sign-out', async (req, res) => {
    const secret = sessionSecretOf(req);
    if (secret) await auth.sessions.end(secret);
    endSession(res);
    seeOther(res, '/');
  });

  return router;
}
