import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {foundCommunityPage, inviteToCommunityPage, type FoundCommunityView, type InviteView} from '../../pages/web/community-forms.ts';
import {checkDisplayText, checkProse} from '../../auth/index.ts';
import {invalidInput} from '../../errors.ts';
import type {Role} from '../../vetting/model.ts';
import {checked, formFields} from '../forms.ts';
import {formToken, viewerOf} from '../web-auth.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {validateCommunity, validateInvitation} from '../requests.ts';
import {invitationIdParam, slugParam} from '../params.ts';
import {refusal, seeOther} from './pages.ts';
import {invitationLink} from './invitations.ts';

/** Founding a community, joining an open one, and stewards' invitations, in the browser. */
export function communityFormsRouter(services: Services): Router {
  const router = Router();
  const {communities, accounts, roles} = services.vetting;
  const {invitations} = services.auth;

  const needsSignIn = (req: Request, res: Response): boolean => {
    if (viewerOf(res)) return false;
    seeOther(res, `/sign-in?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
    return true;
  };

  const renderFound = (res: Response, status: number, values: FoundCommunityView['values'], error: string | null = null, problems: FoundCommunityView['problems'] = []) => {
    sendPage(res, status, {title: 'Found a community', description: 'Found a Hallmark community.'}, foundCommunityPage({token: formToken(res), values, error, problems}));
  };

  router.get('/communities/new', (req, res) => {
    if (needsSignIn(req, res)) return;
    renderFound(res, 200, {slug: '', name: '', description: '', ecosystems: '', open: false});
  });

  router.post('/communities/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {slug: 100, name: 500, description: 5000, ecosystems: 500, open: 10});
    const values = {slug: fields.slug.trim(), name: fields.name.trim(), description: fields.description.trim(), ecosystems: fields.ecosystems.trim(), open: checked(fields.open)};
    try {
      checkDisplayText(values.name, 'name', 120, true);
      checkProse(values.description, 'description', 2000);
      const ecosystems = values.ecosystems.split(/[\s,]+/).filter(Boolean);
      const input = validateCommunity({slug: values.slug, name: values.name, ...(values.description ? {description: values.description} : {}), ...(ecosystems.length ? {ecosystems} : {}), membership: values.open ? 'open' : 'invite'});
      const community = await communities.found(actorOf(res), input, {accounts, roles});
      seeOther(res, `/communities/${community.slug}`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      renderFound(res, status, values, message, problems);
    }
  });

  router.post('/communities/:slug/join', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const slug = slugParam(req);
    const actor = actorOf(res);
    if (actor.kind !== 'account') throw invalidInput('join with a person\'s account');
    await roles.set(actor, slug, actor.handle, 'member', 'joined the open community');
    seeOther(res, `/communities/${slug}`);
  });

  const renderInvite = async (req: Request, res: Response, status: number, extra: Partial<Pick<InviteView, 'link' | 'values' | 'error' | 'problems'>> = {}) => {
    const slug = slugParam(req);
    const community = await communities.get(slug);
    const listed = await invitations.listForCommunity(actorOf(res), slug);
    const view: InviteView = {
      slug, communityName: community.name, token: () => formToken(res), link: null, values: {role: 'auditor', note: '', days: '7'}, error: null, problems: [],
      invitations: listed.map((item) => ({...item, role: item.community?.role ?? '—'})), ...extra,
    };
    sendPage(res, status, {title: `Invite people to ${community.name}`, description: `Invitations into ${community.name}.`}, inviteToCommunityPage(view));
  };

  router.get('/communities/:slug/invitations', async (req, res) => {
    if (needsSignIn(req, res)) return;
    await renderInvite(req, res, 200);
  });

  router.post('/communities/:slug/invitations', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {role: 20, note: 500, days: 10});
    const values = {role: fields.role, note: fields.note.trim(), days: fields.days.trim()};
    try {
      if (!/^\d{1,2}$/.test(values.days || '7')) throw invalidInput('give the number of days as a whole number from 1 to 30', [{field: 'days', problem: 'must be a whole number from 1 to 30'}]);
      const input = validateInvitation({community: slugParam(req), role: values.role, ...(values.note ? {note: values.note} : {}), expiresInDays: Number(values.days || '7')});
      const {invitation, secret} = await invitations.create(actorOf(res), input);
      await renderInvite(req, res, 201, {link: {url: invitationLink(services, secret), role: invitation.community?.role as Role}});
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await renderInvite(req, res, status, {values, error: message, problems: problems.map((problem) => ({...problem, field: problem.field.replace(/^\//, '').replace('expiresInDays', 'days')}))});
    }
  });

  router.post('/communities/:slug/invitations/:id/withdraw', async (req, res) => {
    if (needsSignIn(req, res)) return;
    await invitations.withdraw(actorOf(res), invitationIdParam(req));
    seeOther(res, `/communities/${slugParam(req)}/invitations`);
  });

  return router;
}
