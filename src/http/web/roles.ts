import {Router, type Request, type Response} from 'express';
import type {Services} from '../../services.ts';
import {invalidInput} from '../../errors.ts';
import {queuePage, requestReviewPage, reviewFormPage, type RequestFormView, type ReviewFormView} from '../../pages/web/role-forms.ts';
import {formFields} from '../forms.ts';
import {formToken} from '../web-auth.ts';
import {needsSignIn} from './sign-in-gate.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {authorize} from '../../authz/index.ts';
import {validateReview, validateReviewRequest, validateVetting} from '../requests.ts';
import {policyNameParam, slugParam, uuidParam} from '../params.ts';
import {parseReleasePurl} from '../../purl.ts';
import {refusal, seeOther} from './pages.ts';

const MAX_CRITERIA = 20;
const MAX_FINDINGS = 200;

/** Maintainers' and auditors' work in the browser, on the same services and validators as the API. */
export function roleFormsRouter(services: Services): Router {
  const router = Router();
  const {communities, criteria, reviews, vettings, requests} = services.vetting;

  const renderRequest = async (req: Request, res: Response, status: number, values: RequestFormView['values'], error: string | null = null, problems: RequestFormView['problems'] = []) => {
    const community = await communities.get(slugParam(req));
    sendPage(res, status, {title: 'Request a review', description: `Ask ${community.name} to review a release.`}, requestReviewPage({slug: community.slug, communityName: community.name, token: formToken(res), values, error, problems}));
  };

  router.get('/communities/:slug/review-requests/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    await renderRequest(req, res, 200, {purl: typeof req.query.purl === 'string' ? req.query.purl.slice(0, 1000) : '', source: '', note: ''});
  });

  router.post('/communities/:slug/review-requests', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {purl: 1000, source: 2000, note: 5000});
    const values = {purl: fields.purl.trim(), source: fields.source.trim(), note: fields.note.trim()};
    try {
      const request = await requests.create(actorOf(res), slugParam(req), validateReviewRequest({purl: values.purl, source: values.source, ...(values.note ? {note: values.note} : {})}));
      seeOther(res, `/communities/${request.community}/packages/${request.purl}`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await renderRequest(req, res, status, values, message, problems);
    }
  });

  router.get('/communities/:slug/queue', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const actor = actorOf(res);
    const community = await communities.get(slugParam(req));
    authorize(actor, 'reviews.queue', {community: community.slug});
    const handle = actor.kind === 'account' ? actor.handle : null;
    const all = await reviews.reviewsInCommunity(community.slug);
    const waiting = [];
    for (const review of all) {
      if (review.reviewer === handle || (review.standing !== 'pending' && review.standing !== 'disputed')) continue;
      if ((await vettings.forReview(review.id)).some((vetting) => vetting.by === handle)) continue;
      waiting.push({id: review.id, purl: review.purl, reviewer: review.reviewer, kind: review.kind, standingReason: await vettings.standingReason(review), createdAt: review.createdAt});
    }
    const own = await Promise.all(all.filter((review) => review.reviewer === handle).map(async (review) => ({id: review.id, purl: review.purl, standing: review.standing, standingReason: await vettings.standingReason(review)})));
    const open = await requests.list(community.slug);
    sendPage(res, 200, {title: `Queue of ${community.name}`, description: `Work waiting for auditors of ${community.name}.`}, queuePage({slug: community.slug, communityName: community.name, requests: open, reviews: waiting, own}));
  });

  const renderReview = async (req: Request, res: Response, status: number, values: ReviewFormView['values'], error: string | null = null, problems: ReviewFormView['problems'] = []) => {
    const community = await communities.get(slugParam(req));
    const known = await criteria.list(community.slug);
    sendPage(res, status, {title: 'Review a release', description: `A review for ${community.name}.`}, reviewFormPage({
      slug: community.slug, communityName: community.name, token: formToken(res), criteria: known.map(({name, description}) => ({name, description})), values, error, problems,
    }));
  };

  router.get('/communities/:slug/reviews/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const purl = typeof req.query.purl === 'string' ? req.query.purl.slice(0, 1000) : '';
    await renderReview(req, res, 200, {purl, kind: 'full', from: '', range: '', criteria: [], thoroughness: '', understanding: '', rating: '', findings: '', notes: ''});
  });

  router.post('/communities/:slug/reviews/new', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const fields = formFields(req, {purl: 1000, kind: 20, from: 200, range: 2000, thoroughness: 20, understanding: 20, rating: 20, findings: 20_000, notes: 20_000});
    const chosen = criteriaOf(req);
    const values = {...fields, purl: fields.purl.trim(), from: fields.from.trim(), range: fields.range.trim(), criteria: chosen};
    try {
      const input = validateReview({
        purl: values.purl, kind: values.kind, criteria: chosen, thoroughness: values.thoroughness, understanding: values.understanding, rating: values.rating,
        ...(values.from ? {from: values.from} : {}), ...(values.range ? {range: values.range} : {}),
        findings: findingsOf(values.findings), ...(values.notes.trim() ? {notes: values.notes.trim()} : {}),
      });
      const review = await reviews.submit(actorOf(res), slugParam(req), input);
      seeOther(res, `/reviews/${review.id}`);
    } catch (error) {
      const {status, message, problems} = refusal(error);
      await renderReview(req, res, status, values, message, problems.map((problem) => ({...problem, field: problem.field.replace(/^\/findings\/.*/, '/findings')})));
    }
  });

  // A member awards the badge a release now earns (an evaluation), then sees it on the package's badge page.
  router.post('/communities/:slug/policies/:name/evaluate', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const {purl} = formFields(req, {purl: 1000});
    const release = parseReleasePurl(purl.trim());
    await services.policies.evaluations.evaluate(actorOf(res), slugParam(req), policyNameParam(req), release.purl);
    seeOther(res, new URL(services.urls.packageBadgePage(slugParam(req), release.package)).pathname);
  });

  router.post('/reviews/:id/vettings', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const id = uuidParam(req);
    const fields = formFields(req, {verdict: 20, comment: 5000, reviewDigest: 200});
    await vettings.record(actorOf(res), id, validateVetting({verdict: fields.verdict, reviewDigest: fields.reviewDigest, ...(fields.comment.trim() ? {comment: fields.comment.trim()} : {})}));
    seeOther(res, `/reviews/${id}`);
  });

  return router;
}

/** The checked criteria: a checkbox group arrives as one value or several. */
function criteriaOf(req: Request): string[] {
  const value = (req.body as Record<string, unknown> | undefined)?.criteria;
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (list.length > MAX_CRITERIA || !list.every((item) => typeof item === 'string' && item.length <= 63)) throw invalidInput('too many or malformed criteria', [{field: 'criteria', problem: `at most ${MAX_CRITERIA} names`}]);
  return list as string[];
}

/** "CVE-2024-1234 low" per line. */
function findingsOf(text: string): Array<{id: string; severity: string}> {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (lines.length > MAX_FINDINGS) throw invalidInput(`at most ${MAX_FINDINGS} findings`, [{field: 'findings', problem: `at most ${MAX_FINDINGS} lines`}]);
  return lines.map((line, index) => {
    const [id, severity, ...rest] = line.split(/\s+/);
    if (!severity || rest.length > 0) throw invalidInput(`finding ${index + 1} should be an id and a severity, e.g. "CVE-2024-12345 low"`, [{field: 'findings', problem: `line ${index + 1} is not "<id> <severity>"`}]);
    return {id, severity};
  });
}
