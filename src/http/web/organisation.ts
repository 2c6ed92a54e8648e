import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {organisationPage, type OrganisationView} from '../../pages/web/organisation-page.ts';
import {checkDisplayText, checkProse} from '../../auth/index.ts';
import {HallmarkError, invalidInput} from '../../errors.ts';
import type {Account} from '../../vetting/model.ts';
import type {EndorsementRequest} from '../../credentials/endorsements.ts';
import {formFields} from '../forms.ts';
import {formToken, viewerOf} from '../web-auth.ts';
import {needsSignIn} from './sign-in-gate.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {validateEndorsement, validateOrganisationIssuer} from '../requests.ts';
import {handleParam} from '../params.ts';
import {credentialLocation} from '../locations.ts';
import {refusal, seeOther} from './pages.ts';

type Outcome = Partial<Pick<OrganisationView, 'issuerValues' | 'endorseValues' | 'endorsed' | 'error'>>;

/**
 * An organisation's work in the browser, signed in as the organisation: confirm
 * or withdraw members, get an issuer of its own, endorse. The same services
 * (and checks) as `/api/v1/accounts/{org}/…` and the endorsement API.
 */
export function organisationRouter(services: Services): Router {
  const router = Router();
  const {accounts} = services.vetting;

  /** The signed-in organisation's account; a person is told this page is not theirs. */
  const organisation = async (res: Response): Promise<Account> => {
    const account = await accounts.get(viewerOf(res)?.handle ?? '');
    if (account.kind !== 'organisation') throw new HallmarkError('forbidden', 'this page is for organisation accounts; your organisation confirms you on its own page');
    return account;
  };

  const render = async (res: Response, status: number, outcome: Outcome = {}) => {
    const account = await organisation(res);
    const people = (await accounts.people(account.handle)).sort((a, b) => a.handle.localeCompare(b.handle));
    const issuer = account.issuer ? await services.issuers.get(account.issuer) : null;
    sendPage(res, status, {title: account.name, description: `What ${account.name} does on Hallmark.`}, organisationPage({
      handle: account.handle, name: account.name, token: () => formToken(res),
      people: people.map((person) => ({handle: person.handle, name: person.name, confirmed: person.organisationConfirmed === true})),
      issuer: issuer ? {slug: issuer.id, name: issuer.name} : null,
      issuerValues: {slug: '', name: '', url: '', description: ''}, endorseValues: {target: '', comment: ''}, endorsed: null, error: null, ...outcome,
    }));
  };

  router.get('/account/organisation', async (req, res) => {
    if (needsSignIn(req, res)) return;
    await render(res, 200);
  });

  const membership = (confirmed: boolean) => async (req: Request, res: Response) => {
    if (needsSignIn(req, res)) return;
    formFields(req, {});
    const account = await organisation(res);
    try {
      await accounts.setMembership(actorOf(res), account.handle, handleParam(req), confirmed);
      seeOther(res, '/account/organisation#members');
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(res, status, {error: {form: 'members', message, problems}});
    }
  };
  router.post('/account/organisation/members/:handle/confirm', membership(true));
  router.post('/account/organisation/members/:handle/withdraw', membership(false));

  router.post('/account/organisation/issuer', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {slug: 100, name: 500, url: 2000, description: 1000});
    const values = {slug: fields.slug.trim(), name: fields.name.trim(), url: fields.url.trim(), description: fields.description.trim()};
    const account = await organisation(res);
    try {
      checkDisplayText(values.name, 'name', 120, true);
      checkDisplayText(values.description, 'description', 500);
      const input = validateOrganisationIssuer({...(values.slug ? {slug: values.slug} : {}), name: values.name, ...(values.url ? {url: values.url} : {}), ...(values.description ? {description: values.description} : {})});
      await accounts.obtainIssuer(actorOf(res), account.handle, input, {tokens: services.tokens, sessions: services.auth.sessions});
      seeOther(res, '/account/organisation#endorse');
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(res, status, {issuerValues: values, error: {form: 'issuer', message, problems}});
    }
  });

  router.post('/account/organisation/endorsements', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {target: 2000, comment: 5000});
    const values = {target: fields.target.trim(), comment: fields.comment.trim()};
    const account = await organisation(res);
    try {
      if (!account.issuer) throw new HallmarkError('conflict', `${account.name} has no issuer yet: get one first`);
      checkProse(values.comment, 'comment', 5000);
      if (!values.comment) throw invalidInput('say what you vouch for', [{field: 'comment', problem: 'is empty'}]);
      const target = await endorsementTarget(services, values.target);
      const issued = await services.endorsements.issueAs(actorOf(res), account.issuer, validateEndorsement({target: target.request, comment: values.comment}));
      await render(res, 201, {endorsed: {credentialPage: credentialLocation(services, issued.verifiableCredential), target: target.page}});
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await render(res, status, {endorseValues: values, error: {form: 'endorse', message, problems}});
    }
  });

  return router;
}

/** The community, policy version or reviewer an address of ours names, as an endorsement's target. */
async function endorsementTarget(services: Services, address: string): Promise<{request: EndorsementRequest['target']; page: string}> {
  const {urls} = services;
  const refused = () => invalidInput('give the address of a community, a policy version or a reviewer on this instance', [{field: 'target', problem: 'names no community, policy version or reviewer here'}]);
  const url = address.startsWith('/') ? `${urls.base}${address}` : address;
  if (!url.startsWith(`${urls.base}/`)) throw refused();
  const path = url.slice(urls.base.length).split(/[?#]/)[0].replace(/\/$/, '');
  const community = /^\/communities\/([a-z0-9-]+)$/.exec(path);
  if (community) {
    const found = await services.vetting.communities.find(community[1]);
    if (!found) throw refused();
    return {request: {kind: 'issuer', id: urls.issuerProfile(found.slug)}, page: `/communities/${found.slug}`};
  }
  const policy = /^\/communities\/([a-z0-9-]+)\/policies\/([a-z0-9-]+)\/versions\/(\d{1,6})$/.exec(path);
  if (policy) {
    const version = await services.policies.policies.get(policy[1], policy[2], Number(policy[3])).catch((error: unknown) => {
      if (error instanceof HallmarkError && error.kind === 'not-found') throw refused();
      throw error;
    });
    return {request: {kind: 'achievement', id: urls.policyVersion(version.community, version.name, version.version)}, page: `/communities/${version.community}/policies/${version.name}/versions/${version.version}`};
  }
  const handle = urls.reviewerHandleOfPage(`${urls.base}${path}`);
  if (handle && (await services.vetting.accounts.find(handle))?.kind === 'person') return {request: {kind: 'reviewer', id: urls.reviewerPage(handle)}, page: `/reviewers/${handle}`};
  throw refused();
}
