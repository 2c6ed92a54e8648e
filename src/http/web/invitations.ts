import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import type {Invitation} from '../../auth/index.ts';
import {invitationPage, invitationUnusable} from '../../pages/web/invitation-page.ts';
import {HallmarkError, invalidInput} from '../../errors.ts';
import {formFields} from '../forms.ts';
import {formToken, startSession, viewerOf} from '../web-auth.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {validateInvitation} from '../requests.ts';
import {invitationIdParam, pathParam, slugParam} from '../params.ts';
import {refusal, seeOther} from './pages.ts';

/** What accepting an invitation gives, in words. */
export async function invitationOffers(services: Services, invitation: Invitation): Promise<string[]> {
  if (invitation.organisation) return ['an organisation\'s account on this Hallmark instance: you confirm which people belong to the organisation, get it an issuer of its own, and endorse communities, policies and reviewers in its name'];
  const offers = ['an account on this Hallmark instance'];
  if (invitation.foundCommunities) offers.push('the right to found communities here (you become the steward of each you found)');
  if (invitation.community) {
    const community = await services.vetting.communities.find(invitation.community.slug);
    offers.push(`the ${invitation.community.role} role in ${community?.name ?? invitation.community.slug}`);
  }
  return offers;
}

export function invitationLink(services: Services, secret: string): string {
  return `${services.urls.base}/invitations/${secret}`;
}

/** Invitation links (pages) and the invitation API. */
export function invitationsRouter(services: Services): Router {
  const router = Router();
  const {invitations, sessions} = services.auth;

  const render = async (req: Request, res: Response, status: number, values: {handle: string; name: string}, error: string | null = null, problems: Array<{field: string; problem: string}> = []) => {
    const secret = pathParam(req, 'secret');
    let invitation: Invitation;
    try {
      invitation = await invitations.preview(secret);
    } catch (failure) {
      const refused = refusal(failure);
      sendPage(res, refused.status, {title: 'Invitation', description: 'A Hallmark invitation.'}, invitationUnusable(error ?? refused.message));
      return;
    }
    const view = {
      action: `/invitations/${secret}`, token: formToken(res), offers: await invitationOffers(services, invitation), invitedBy: invitation.invitedBy,
      note: invitation.note, expiresAt: invitation.expiresAt, viewer: viewerOf(res)?.handle ?? null, organisation: invitation.organisation, values, error, problems,
    };
    sendPage(res, status, {title: 'You are invited', description: 'Accept an invitation to Hallmark.'}, invitationPage(view));
  };

  router.get('/invitations/:secret', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    await render(req, res, 200, {handle: '', name: ''});
  });

  router.post('/invitations/:secret', async (req, res) => {
    const fields = formFields(req, {handle: 100, name: 500, password: 1024, confirm: 1024, as: 20});
    const viewer = viewerOf(res);
    const values = {handle: fields.handle.trim(), name: fields.name.trim()};
    try {
      let accepted;
      if (viewer && fields.as === 'signed-in') {
        accepted = await invitations.accept(pathParam(req, 'secret'), {kind: 'existing-account', handle: viewer.handle});
      } else {
        if (viewer) throw new HallmarkError('conflict', 'you are signed in: accept the invitation with your account, or sign out to make a new one');
        if (fields.password !== fields.confirm) throw invalidInput('the two passwords differ; type the same password twice', [{field: 'confirm', problem: 'differs from the password'}]);
        accepted = await invitations.accept(pathParam(req, 'secret'), {kind: 'new-account', handle: values.handle, name: values.name, password: fields.password});
        const {session, secret} = await sessions.create({handle: accepted.handle, issuerSlug: accepted.issuerSlug, userAgent: req.get('user-agent') ?? null, method: 'invitation'});
        startSession(res, session, secret);
      }
      const {invitation} = accepted;
      seeOther(res, invitation.community ? `/communities/${invitation.community.slug}` : invitation.foundCommunities ? '/communities/new' : invitation.organisation ? '/account/organisation' : '/account');
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(req, res, status, values, message, problems);
    }
  });

  // The API: the admin (or a steward, for their community) makes a link to hand over.
  router.post('/api/v1/invitations', async (req, res) => {
    const {invitation, secret} = await invitations.create(actorOf(res), validateInvitation(req.body ?? {}));
    res.status(201).location(`/api/v1/invitations/${invitation.id}`).json({...invitation, url: invitationLink(services, secret)});
  });

  router.get('/api/v1/communities/:slug/invitations', async (req, res) => {
    res.json({invitations: await invitations.listForCommunity(actorOf(res), slugParam(req))});
  });

  router.delete('/api/v1/invitations/:id', async (req, res) => {
    res.json(await invitations.withdraw(actorOf(res), invitationIdParam(req)));
  });

  return router;
}
