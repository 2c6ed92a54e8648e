import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {invalidInput} from '../../errors.ts';
import {editCommunityPage, policyFormPage, type EditCommunityView, type PolicyFormView} from '../../pages/web/steward-forms.ts';
import type {Community, Milestone} from '../../vetting/model.ts';
import {MAX_POLICY_BYTES} from '../../vetting/policies/document.ts';
import {checked, formFields} from '../forms.ts';
import {formToken} from '../web-auth.ts';
import {needsSignIn} from './sign-in-gate.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {authorize} from '../../authz/index.ts';
import {validateCommunityPatch, validateVettingResolve} from '../requests.ts';
import {slugParam, uuidParam} from '../params.ts';
import {refusal, seeOther} from './pages.ts';

/** Stewards' work in the browser: edit the community, write and publish a policy after a preview, resolve disputes. */
export function stewardFormsRouter(services: Services): Router {
  const router = Router();
  const {communities, vettings} = services.vetting;
  const {policies} = services.policies;

  const renderEdit = (res: Response, status: number, community: Community, values: EditCommunityView['values'], error: string | null = null, problems: EditCommunityView['problems'] = []) => {
    sendPage(res, status, {title: `Edit ${community.name}`, description: `Edit ${community.name}.`}, editCommunityPage({slug: community.slug, name: community.name, token: formToken(res), values, error, problems}));
  };

  router.get('/communities/:slug/edit', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const community = await communities.get(slugParam(req));
    // The form is shown only to whom the service will let submit it.
    authorize(actorOf(res), 'communities.edit', {community: community.slug});
    renderEdit(res, 200, community, {
      description: community.description, guidanceUrl: community.guidance.url ?? '', guidanceText: community.guidance.text ?? '', membership: community.membership,
      endorsements: String(community.acceptance.endorsements), minRole: community.acceptance.minRole, otherOrganisation: community.acceptance.otherOrganisation,
      milestones: community.milestones.map(milestoneLine).join('\n'),
    });
  });

  router.post('/communities/:slug/edit', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const community = await communities.get(slugParam(req));
    const fields = formFields(req, {description: 5000, guidanceUrl: 2000, guidanceText: 20_000, membership: 10, endorsements: 5, minRole: 20, otherOrganisation: 10, milestones: 20_000});
    const values = {...fields, otherOrganisation: checked(fields.otherOrganisation)};
    try {
      if (!/^\d{1,2}$/.test(values.endorsements.trim())) throw invalidInput('give the number of endorsements as a whole number from 0 to 20', [{field: 'endorsements', problem: 'must be a whole number from 0 to 20'}]);
      const patch = validateCommunityPatch({
        description: values.description.trim(),
        guidance: {...(values.guidanceUrl.trim() ? {url: values.guidanceUrl.trim()} : {}), ...(values.guidanceText.trim() ? {text: values.guidanceText.trim()} : {})},
        membership: values.membership,
        acceptance: {endorsements: Number(values.endorsements.trim()), minRole: values.minRole, otherOrganisation: values.otherOrganisation},
        milestones: milestonesOf(values.milestones),
      });
      await communities.update(actorOf(res), community.slug, patch);
      seeOther(res, `/communities/${community.slug}`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      renderEdit(res, status, community, values, message, problems);
    }
  });

  const renderPolicy = (res: Response, status: number, community: Community, view: Omit<PolicyFormView, 'slug' | 'name' | 'token'>) => {
    sendPage(res, status, {title: 'Write a policy', description: `A policy for ${community.name}.`}, policyFormPage({slug: community.slug, name: community.name, token: formToken(res), ...view}));
  };

  router.get('/communities/:slug/policies/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const community = await communities.get(slugParam(req));
    authorize(actorOf(res), 'policies.publish', {community: community.slug});
    renderPolicy(res, 200, community, {text: '', error: null, problems: [], preview: null});
  });

  router.post('/communities/:slug/policies/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const community = await communities.get(slugParam(req));
    const actor = actorOf(res);
    // Previews on this page are the publishing steward's step; policies.publish decides again when it publishes.
    authorize(actor, 'policies.publish', {community: community.slug});
    const fields = formFields(req, {policy: MAX_POLICY_BYTES, action: 10});
    const text = fields.policy;
    try {
      const preview = await policies.preview(community.slug, text, 'yaml');
      if (!preview.valid) return renderPolicy(res, 400, community, {text, error: `The policy cannot be published: ${preview.message}`, problems: preview.problems, preview: null});
      if (fields.action !== 'publish') return renderPolicy(res, 200, community, {text, error: null, problems: [], preview: {narrative: preview.narrative, version: preview.version, published: preview.published}});
      const {policy} = await policies.publish(actor, community.slug, text, 'yaml');
      seeOther(res, `/communities/${policy.community}/policies/${policy.name}/versions/${policy.version}`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      renderPolicy(res, status, community, {text, error: message, problems, preview: null});
    }
  });

  router.post('/vettings/:id/resolve', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {outcome: 20});
    const {review} = await vettings.resolve(actorOf(res), uuidParam(req), validateVettingResolve({outcome: fields.outcome}).outcome);
    seeOther(res, `/reviews/${review.id}`);
  });

  return router;
}

function milestoneLine(milestone: Milestone): string {
  return [milestone.id, milestone.name, milestone.description, milestone.acceptedReviews ?? milestone.role ?? ''].join(' | ');
}

/** "id | name | description | 3" or "… | senior-auditor", one per line. */
function milestonesOf(text: string): unknown[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.map((line, index) => {
    const parts = line.split('|').map((part) => part.trim());
    if (parts.length !== 4) throw invalidInput(`milestone line ${index + 1} should read "id | name | description | reviews or role"`, [{field: 'milestones', problem: `line ${index + 1} has ${parts.length} parts, not 4`}]);
    const [id, name, description, reach] = parts;
    return {id, name, description, ...(/^\d+$/.test(reach) ? {acceptedReviews: Number(reach)} : {role: reach})};
  });
}
