import {Router, type ErrorRequestHandler} from 'express';
import {errorResponse} from './errors.ts';
import type {Services} from '../services.ts';
import {invalidInput} from '../errors.ts';
import {pathParam, policyNameParam, slugParam} from './params.ts';

/**
 * `{public URL}/registry/npm/{community}/{policy}/`: an npm registry that
 * serves only what the policy passed. npm asks for `/{name}` (a scoped name
 * as `@scope%2fname`) and for the tarball URLs the packument gives,
 * `/{name}/-/{file}.tgz`. Errors are JSON with an `error` text, which npm prints.
 */
export function registryRouter(services: Services): Router {
  const router = Router();

  router.get('/registry/npm/:community/:policy/*rest', async (req, res) => {
    const community = slugParam(req, 'community');
    const policy = policyNameParam(req, 'policy');
    const rest = pathParam(req, 'rest');
    const tarball = /^(.+)\/-\/([^/]+)$/.exec(rest);
    if (tarball) {
      const bytes = await services.registry.tarball(community, policy, tarball[1], tarball[2]);
      res.set('Cache-Control', 'no-cache').type('application/octet-stream').send(bytes);
      return;
    }
    if (rest.includes('/-/') || rest.startsWith('-/')) throw invalidInput(`this registry serves packuments and tarballs only, not ${rest.slice(0, 100)}`);
    const document = await services.registry.packument(community, policy, rest);
    // npm revalidates every time: a revoked version must not live on in a client's cache.
    res.set('Cache-Control', 'no-cache').json(document);
  });

  // npm shows a registry's error only when `error` is a string.
  router.use('/registry/npm', ((error, _req, res, _next) => {
    const {status, body} = errorResponse(error);
    res.status(status).json({error: body.error.message, kind: body.error.kind, problems: body.error.problems});
  }) as ErrorRequestHandler);

  return router;
}
