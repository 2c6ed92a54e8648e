import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {rolesPage, type RolesView} from '../../pages/web/roles-page.ts';
import {checkDisplayText} from '../../auth/index.ts';
import {invalidInput} from '../../errors.ts';
import {HANDLE_PATTERN} from '../../vetting/model.ts';
import {formFields} from '../forms.ts';
import {formToken} from '../web-auth.ts';
import {needsSignIn} from './sign-in-gate.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {authorize} from '../../authz/index.ts';
import {validateRoleSet} from '../requests.ts';
import {handleParam, slugParam} from '../params.ts';
import {refusal, seeOther} from './pages.ts';

type Outcome = Pick<RolesView, 'values' | 'error' | 'problems'>;
const EMPTY: Outcome = {values: {handle: '', role: 'auditor', reason: ''}, error: null, problems: []};

/** Stewards grant and withdraw roles from a form, on the same service (and checks) as the API. */
export function communityRolesRouter(services: Services): Router {
  const router = Router();
  const {communities, roles} = services.vetting;

  const render = async (req: Request, res: Response, status: number, outcome: Outcome = EMPTY) => {
    const community = await communities.get(slugParam(req));
    // The page (and its forms) is shown only to whom roles.set will let grant.
    authorize(actorOf(res), 'roles.grant', {community: community.slug});
    const [holders, history] = await Promise.all([roles.holders(community.slug), roles.history(community.slug)]);
    sendPage(res, status, {title: `Roles in ${community.name}`, description: `Who holds which role in ${community.name}.`}, rolesPage({
      slug: community.slug, communityName: community.name, token: () => formToken(res), holders: holders.sort((a, b) => a.handle.localeCompare(b.handle)), history, ...outcome,
    }));
  };

  router.get('/communities/:slug/roles', async (req, res) => {
    if (needsSignIn(req, res)) return;
    await render(req, res, 200);
  });

  router.post('/communities/:slug/roles', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {handle: 100, role: 20, reason: 2000});
    const values = {handle: fields.handle.trim(), role: fields.role, reason: fields.reason.trim()};
    try {
      if (!HANDLE_PATTERN.test(values.handle)) throw invalidInput('give the handle of an existing account', [{field: 'handle', problem: 'is not a handle (lowercase letters, digits and hyphens, 2 to 63)'}]);
      if (values.reason) checkDisplayText(values.reason, 'reason', 500);
      const {role, reason} = validateRoleSet({role: values.role, ...(values.reason ? {reason: values.reason} : {})});
      await roles.set(actorOf(res), slugParam(req), values.handle, role, reason);
      seeOther(res, `/communities/${slugParam(req)}/roles`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(req, res, status, {values, error: message, problems});
    }
  });

  router.post('/communities/:slug/roles/:handle/withdraw', async (req, res) => {
    if (needsSignIn(req, res)) return;
    formFields(req, {});
    const handle = handleParam(req);
    try {
      await roles.set(actorOf(res), slugParam(req), handle, null, 'withdrawn from the roles page');
      seeOther(res, `/communities/${slugParam(req)}/roles`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(req, res, status, {...EMPTY, error: message, problems});
    }
  });

  return router;
}
