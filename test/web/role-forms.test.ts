import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, alertText, browserAgent, invite, submit, tokenFrom, type Agent} from '../helpers/web.ts';
import {createCommunity} from '../helpers/vetting.ts';

const SCRIPT = '<script>alert(1)</script>';
const RELEASE = 'pkg:npm/left-pad@1.3.0';
const STANDING = `/communities/js-vet/packages/${RELEASE}`;

describe('a maintainer asks for a review and two auditors review and vet it, in the browser', () => {
  let t: TestHallmark;
  let mia: Agent;
  let ada: Agent;
  let ben: Agent;
  before(async () => {
    t = await startHallmark();
    await createCommunity(t, 'js-vet', {name: 'JS vetting', acceptance: {endorsements: 1, minRole: 'auditor', otherOrganisation: false}});
    mia = browserAgent(t);
    ada = browserAgent(t);
    ben = browserAgent(t);
    await acceptInvitation(mia, await invite(t), 'mia');
    await acceptInvitation(ada, await invite(t, {community: 'js-vet', role: 'auditor'}), 'ada');
    await acceptInvitation(ben, await invite(t, {community: 'js-vet', role: 'auditor'}), 'ben');
  });
  after(() => t.close());

  const openRequests = async () => (await t.http.get('/api/v1/communities/js-vet/review-requests')).body.requests as Array<{purl: string; note: string}>;

  it('the maintainer requests a review from the package page; bad input is refused with a clear message and stores nothing', async () => {
    const page = await mia.get(STANDING);
    assert.match(page.text, /<label for="field-source">Where auditors read its source<\/label>/);
    const noToken = await mia.post('/communities/js-vet/review-requests').type('form').send({purl: RELEASE, source: 'https://example.org/src'});
    assert.equal(noToken.status, 403);
    const bad = await submit(mia, STANDING, '/communities/js-vet/review-requests', {purl: RELEASE, source: 'javascript:alert(1)', note: SCRIPT});
    assert.equal(bad.status, 400);
    assert.match(alertText(bad.text), /does not match/);
    assert.match(bad.text, /id="field-source-error"/);
    assert.doesNotMatch(bad.text, /<script>alert/);
    assert.deepEqual(await openRequests(), []);

    const token = await tokenFrom(mia, STANDING);
    const made = await mia.post('/communities/js-vet/review-requests').type('form').send({_csrf: token, purl: RELEASE, source: 'https://example.org/left-pad/1.3.0', note: SCRIPT});
    assert.equal(made.status, 303);
    assert.equal(made.headers.location, STANDING);
    const replayed = await mia.post('/communities/js-vet/review-requests').type('form').send({_csrf: token, purl: 'pkg:npm/left-pad@9.9.9', source: 'https://example.org/x'});
    assert.equal(replayed.status, 403);
    assert.deepEqual((await openRequests()).map((request) => [request.purl, request.note]), [[RELEASE, SCRIPT]]);
    const after = (await mia.get(STANDING)).text;
    assert.match(after, /Review requested/);
    assert.match(after, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  });

  it('an auditor reviews it from the queue; the other vets it from the review page, which shows the digest', async () => {
    const queue = await ada.get('/communities/js-vet/queue');
    assert.equal(queue.status, 200);
    const reviewLink = /href="(\/communities\/js-vet\/reviews\/new\?purl=[^"]+)"/.exec(queue.text)?.[1];
    assert.ok(reviewLink, queue.text);
    const form = await ada.get(reviewLink.replaceAll('&#38;', '&'));
    assert.match(form.text, /value="pkg:npm\/left-pad@1\.3\.0"/);
    assert.match(form.text, /<label for="thoroughness-high"><strong>high<\/strong>: read every line of the release/);
    const wrong = await submit(ada, reviewLink, '/communities/js-vet/reviews/new', {purl: RELEASE, kind: 'full', criteria: 'safe-to-run', thoroughness: 'total', understanding: 'high', rating: 'positive'});
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /must be one of: none \(did not read the code/);
    assert.equal((await t.hallmark.services.vetting.reviews.reviewsInCommunity('js-vet')).length, 0);

    const submitted = await submit(ada, reviewLink, '/communities/js-vet/reviews/new', {purl: RELEASE, kind: 'full', criteria: 'safe-to-run', thoroughness: 'high', understanding: 'medium', rating: 'positive', findings: 'CVE-2024-12345 low', notes: SCRIPT});
    assert.equal(submitted.status, 303, submitted.text.slice(0, 500));
    const reviewPath = submitted.headers.location as string;
    assert.match(reviewPath, /^\/reviews\/[0-9a-f-]{36}$/);
    assert.deepEqual(await openRequests(), [], 'the review closed the request');
    const review = (await t.http.get(`/api/v1${reviewPath}`)).body.review;
    assert.equal(review.notes, SCRIPT);

    const own = (await ada.get(reviewPath)).text;
    assert.doesNotMatch(own, /Vet this review/, 'no vetting form for one\'s own review');
    const other = (await ben.get(reviewPath)).text;
    assert.ok(other.includes(`<input type="hidden" name="reviewDigest" value="${review.digest}">`));
    assert.ok(other.includes(`whose digest is <code>${review.digest}</code>`));
    assert.doesNotMatch(other, /<script>alert/);
    const stale = await submit(ben, reviewPath, `${reviewPath}/vettings`, {verdict: 'endorse', reviewDigest: `sha256-${'A'.repeat(43)}`});
    assert.equal(stale.status, 409);
    assert.match(stale.text, /digest differs/);
    const endorsed = await submit(ben, reviewPath, `${reviewPath}/vettings`, {verdict: 'endorse', reviewDigest: review.digest, comment: 'Checked the loop.'});
    assert.equal(endorsed.status, 303);
    assert.equal((await t.http.get(`/api/v1${reviewPath}`)).body.review.standing, 'accepted');
    assert.match((await ada.get('/communities/js-vet/queue')).text, /Your reviews[\s\S]*accepted/);
  });

  it('sends people who are not signed in to sign in, and refuses the queue to non-auditors', async () => {
    const stranger = browserAgent(t);
    const page = await stranger.get('/communities/js-vet/queue');
    assert.equal(page.status, 303);
    assert.match(page.headers.location, /^\/sign-in\?next=/);
    assert.equal((await mia.get('/communities/js-vet/queue')).status, 403);
  });
  it('a member awards the badge a reviewed release now earns; strangers and bad input are refused and nothing is issued', async () => {
    const published = await t.http.post('/api/v1/communities/js-vet/policies').set(t.admin).send({name: 'one-review', title: 'One review', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const badge = async () => (await t.http.get(`/api/v1/communities/js-vet/packages/${RELEASE}`)).body.badge ?? null;
    assert.doesNotMatch((await mia.get(STANDING)).text, /Award the/, 'no award form for a non-member');
    const stranger = await mia.post('/communities/js-vet/policies/one-review/evaluate').type('form').send({_csrf: await tokenFrom(mia, '/account'), purl: RELEASE});
    assert.equal(stranger.status, 403);
    const noToken = await ada.post('/communities/js-vet/policies/one-review/evaluate').type('form').send({purl: RELEASE});
    assert.equal(noToken.status, 403);
    const badPurl = await ada.post('/communities/js-vet/policies/one-review/evaluate').type('form').send({_csrf: await tokenFrom(ada, '/account'), purl: SCRIPT});
    assert.equal(badPurl.status, 400);
    assert.equal(await badge(), null);
    const page = await ada.get(STANDING);
    assert.match(page.text, /Award the “One review” badge/);
    const awarded = await submit(ada, STANDING, '/communities/js-vet/policies/one-review/evaluate', {purl: RELEASE}, 0);
    assert.equal(awarded.status, 303, awarded.text.slice(0, 300));
    assert.equal(awarded.headers.location, '/communities/js-vet/packages/pkg:npm/left-pad');
    assert.ok(await badge(), 'the release holds its badge');
    assert.doesNotMatch((await ada.get(STANDING)).text, /Award the “One review” badge/, 'a badge held is not offered again');
  });
});
