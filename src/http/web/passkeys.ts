import {Router, type Request} from 'express';
import type {Services} from '../../services.ts';
import {checkDisplayText} from '../../auth/index.ts';
import {HallmarkError, invalidInput} from '../../errors.ts';
import {isObject} from '../../json.ts';
import {formFields} from '../forms.ts';
import {formBinding, formToken, requireFormToken, sessionSecretOf, startSession, viewerOf} from '../web-auth.ts';
import {actorOf} from '../actor.ts';
import {authorize} from '../../authz/index.ts';
import {clientKey} from '../rate-limit.ts';
import {safeNext, seeOther} from './pages.ts';

/** The WebAuthn answer a browser sends, as JSON (@simplewebauthn/server checks the rest). */
function credentialResponse<T>(req: Request): T {
  const body: unknown = req.body;
  const response = isObject(body) ? body.response : undefined;
  if (!isObject(response) || typeof response.id !== 'string' || !isObject(response.response)) throw invalidInput('send {"response": <the PublicKeyCredential as JSON>}', [{field: '/response', problem: 'must be a PublicKeyCredential in JSON form'}]);
  return response as T;
}

/** Registering passkeys on the account page, and signing in with one. The page script (passkeys.js) drives these. */
export function passkeysRouter(services: Services): Router {
  const router = Router();
  const {passkeys, sessions} = services.auth;
  const addressFailures = services.limits.limiter('sign-in-failures');

  const signedInHandle = (res: Parameters<typeof actorOf>[0]): string => {
    const actor = actorOf(res);
    // Passkeys are always the caller's own: the handle comes from the actor, and the table says who may act on their own.
    authorize(actor, 'accounts.own', actor.kind === 'account' ? {owner: actor.handle} : {});
    return actor.handle;
  };

  router.post('/account/passkeys/options', async (_req, res) => {
    requireFormToken(res);
    const handle = signedInHandle(res);
    const options = await passkeys.registrationOptions(handle, formBinding(res));
    res.json({options, token: formToken(res)});
  });

  router.post('/account/passkeys', async (req, res) => {
    requireFormToken(res);
    const handle = signedInHandle(res);
    const label = isObject(req.body) && typeof req.body.label === 'string' ? req.body.label.trim() : '';
    if (label) checkDisplayText(label, 'label', 60);
    const passkey = await passkeys.register(handle, formBinding(res), credentialResponse(req), label);
    res.status(201).json(passkey);
  });

  router.post('/account/passkeys/:id/remove', async (req, res) => {
    formFields(req, {});
    const id = String(req.params.id);
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(id)) throw invalidInput('the passkey id is malformed', [{field: 'id', problem: 'must be base64url'}]);
    await passkeys.remove(signedInHandle(res), id);
    seeOther(res, '/account#passkeys');
  });

  router.post('/sign-in/passkey/options', async (_req, res) => {
    requireFormToken(res);
    const options = await passkeys.signInOptions(formBinding(res));
    res.json({options, token: formToken(res)});
  });

  router.post('/sign-in/passkey', async (req, res) => {
    requireFormToken(res);
    const address = clientKey(req);
    await addressFailures.check(address);
    const next = safeNext(isObject(req.body) ? req.body.next : undefined);
    const who = await passkeys.signIn(formBinding(res), credentialResponse(req)).catch(async (error: unknown) => {
      if (error instanceof HallmarkError && error.kind === 'unauthorized') await addressFailures.fail(address);
      throw error;
    });
    const previous = viewerOf(res) ? sessionSecretOf(req) : undefined;
    if (previous) await sessions.end(previous);
    const {session, secret} = await sessions.create({handle: who.handle, issuerSlug: who.issuerSlug, userAgent: req.get('user-agent') ?? null, method: 'passkey'});
    startSession(res, session, secret);
    res.json({redirect: next});
  });

  return router;
}

