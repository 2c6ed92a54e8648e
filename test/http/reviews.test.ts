import {test} from 'node:test';
import {createHash} from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, accountAuth, createAccount, createCommunity, grantRole, vettingCast} from '../helpers/vetting.ts';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

async function reviewCount(t: TestHallmark, pkg = 'pkg:npm/left-pad'): Promise<number> {
  return (await t.hallmark.services.vetting.reviews.reviewsForPackage(null, pkg)).length;
}

test('an auditor submits a review; it waits for an endorsement from another organisation, then the community signs it', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const submitted = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW);
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const review = submitted.body.review;
    assert.equal(review.standing, 'pending');
    assert.equal(review.reviewer, 'alice');
    assert.equal(review.package, 'pkg:npm/left-pad');
    assert.match(review.digest, /^sha256-[A-Za-z0-9_-]{43}$/);
    // The digest is sha256 over the JCS form of the review's content: anyone can recompute it.
    const {digest: _digest, standing: _standing, credentialId: _credentialId, ...content} = review;
    const expected = `sha256-${createHash('sha256').update(canonicalize(content) ?? '').digest('base64url')}`;
    assert.equal(review.digest, expected);
    assert.equal(submitted.body.credential, null);

    // A senior auditor of the reviewer's own organisation does not count.
    const sameOrg = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.anna).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(sameOrg.status, 201);
    assert.equal(sameOrg.body.review.standing, 'pending');
    assert.match((await t.http.get(`/api/v1/reviews/${review.id}`)).body.standingReason, /^needs an endorsement from a senior auditor \(or above\) of another organisation; anna's endorsement does not count/);
    // An auditor (below senior) of another organisation does not count either.
    const junior = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(junior.body.review.standing, 'pending');

    const accepted = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', comment: 'checked', reviewDigest: review.digest});
    assert.equal(accepted.status, 201);
    assert.equal(accepted.body.review.standing, 'accepted');
    assert.equal(accepted.headers.location, `/api/v1/vettings/${accepted.body.vetting.id}`);
    const vetting = await t.http.get(accepted.headers.location);
    assert.equal(vetting.status, 200);
    assert.equal(vetting.body.vetting.verdict, 'endorse');
    assert.equal(vetting.body.vetting.review, review.id);
    const read = await t.http.get(`/api/v1/reviews/${review.id}`);
    const credential = read.body.credential;
    assert.deepEqual(credential.type, ['VerifiableCredential', 'EndorsementCredential']);
    assert.equal(credential.credentialSubject.id, 'pkg:npm/left-pad@1.3.0');
    assert.match(credential.evidence[0].description, new RegExp(review.digest));
    const report = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(report.body.verified, true, JSON.stringify(report.body));
    assert.match(report.body.checks.find((entry: {check: string}) => entry.check === 'schema').message, /endorsementcredential/);
  } finally {
    await t.close();
  }
});

test('review submission refuses bad input with a clear 4xx and stores nothing', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    await createAccount(t, 'mona');
    await grantRole(t, 'npm-vet', 'mona', 'member');
    const mona = await accountAuth(t, 'mona');
    await createAccount(t, 'carl');
    await createCommunity(t, 'cargo-vet', {ecosystems: ['cargo'], stewards: ['carl']});
    const carl = await accountAuth(t, 'carl');
    const cases: Array<[Record<string, unknown>, number, RegExp, {Authorization: string}?]> = [
      [{...REVIEW, purl: 'left-pad@1.3.0'}, 400, /purl/],
      [{...REVIEW, purl: 'pkg:npm/'}, 400, /purl/],
      [{...REVIEW, purl: 'pkg:npm/left-pad'}, 400, /version/],
      [{...REVIEW, purl: 'pkg:pypi/requests@2.0.0'}, 400, /npm/],
      [{...REVIEW, criteria: ['safe-to-dance']}, 400, /safe-to-dance/],
      [{...REVIEW, criteria: []}, 400, /criteria/],
      [{...REVIEW, thoroughness: 'extreme'}, 400, /thoroughness/],
      [{...REVIEW, rating: 'meh'}, 400, /rating/],
      [{...REVIEW, findings: [{id: 'not an id', severity: 'low'}]}, 400, /findings/],
      [{...REVIEW, findings: [{id: 'CVE-2024-1234', severity: 'apocalyptic'}]}, 400, /severity/],
      [{...REVIEW, notes: 'x'.repeat(20001)}, 400, /notes/],
      [{...REVIEW, standing: 'accepted'}, 400, /standing|additional/],
      [{...REVIEW, kind: 'delta'}, 400, /from/],
      [{...REVIEW, kind: 'delta', from: '2.0.0'}, 400, /before/],
      [{...REVIEW, from: '1.0.0'}, 400, /from/],
      [{...REVIEW, kind: 'violation'}, 400, /range/],
      [{...REVIEW, kind: 'violation', range: 'vers:cargo/<2.0.0'}, 400, /scheme|npm/],
      [{...REVIEW, kind: 'violation', range: 'vers:npm/>=1.0.0|>=1.2.0'}, 400, /lower/],
      [{...REVIEW, kind: 'violation', range: 'vers:npm/<1.0.0'}, 400, /contain/],
      [REVIEW, 403, /auditor/, mona],
      [REVIEW, 403, /auditor/, carl],
      [REVIEW, 403, /account token/, t.admin],
      [REVIEW, 401, /token/, {Authorization: 'Bearer hm_unknowntoken000000000000'}],
    ];
    for (const [body, status, mention, auth] of cases) {
      const response = await t.http.post('/api/v1/communities/npm-vet/reviews').set(auth ?? cast.alice).send(body);
      assert.equal(response.status, status, `${JSON.stringify(body).slice(0, 200)} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.match(JSON.stringify(response.body.error), mention);
    }
    const hostile = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).set('Content-Type', 'application/json').send(`{"purl":"pkg:npm/a@1.0.0","__proto__":{"x":1}}`);
    assert.equal(hostile.status, 400);
    const deep = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).set('Content-Type', 'application/json').send('['.repeat(100) + ']'.repeat(100));
    assert.equal(deep.status, 400);
    const huge = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, notes: 'x'.repeat(2 * 1024 * 1024)});
    assert.equal(huge.status, 413);
    assert.equal((await t.http.post('/api/v1/communities/nowhere/reviews').set(cast.alice).send(REVIEW)).status, 404);
    assert.equal(await reviewCount(t), 0);
    assert.equal(await reviewCount(t, 'pkg:pypi/requests'), 0);
  } finally {
    await t.close();
  }
});

async function submit(t: TestHallmark, auth: {Authorization: string}, body: Record<string, unknown> = REVIEW, community = 'npm-vet') {
  const response = await t.http.post(`/api/v1/communities/${community}/reviews`).set(auth).send(body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.review as {id: string; digest: string; standing: string};
}

async function verified(t: TestHallmark, credential: unknown): Promise<boolean> {
  return (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body.verified as boolean;
}

async function status(t: TestHallmark, credential: unknown): Promise<string> {
  return (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body.status as string;
}

test('vettings: never on one\'s own review, pinned to the digest, one per account, auditor or above; refusals store nothing', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    await createAccount(t, 'mona');
    await grantRole(t, 'npm-vet', 'mona', 'member');
    const mona = await accountAuth(t, 'mona');
    const review = await submit(t, cast.alice);
    const url = `/api/v1/reviews/${review.id}/vettings`;

    const own = await t.http.post(url).set(cast.alice).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(own.status, 403);
    assert.match(own.body.error.message, /own review/);
    const stale = await t.http.post(url).set(cast.sam).send({verdict: 'endorse', reviewDigest: `sha256-${'A'.repeat(43)}`});
    assert.equal(stale.status, 409);
    assert.match(stale.body.error.message, /digest/);
    assert.equal((await t.http.post(url).set(mona).send({verdict: 'endorse', reviewDigest: review.digest})).status, 403);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'reject', reviewDigest: review.digest})).status, 403);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'like', reviewDigest: review.digest})).status, 400);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'endorse'})).status, 400);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest, comment: 'x'.repeat(10001)})).status, 400);
    assert.equal((await t.http.post(url).set(t.admin).send({verdict: 'endorse', reviewDigest: review.digest})).status, 403);
    assert.equal((await t.http.post('/api/v1/reviews/no-such-review/vettings').set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest})).status, 400);
    assert.equal((await t.http.post('/api/v1/reviews/00000000-0000-4000-8000-000000000000/vettings').set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest})).status, 404);
    // Tenancy: a senior auditor of another community has no say here.
    await createAccount(t, 'olga', {organisation: 'org-b'});
    await createCommunity(t, 'other', {stewards: ['olga']});
    const olga = await accountAuth(t, 'olga');
    assert.equal((await t.http.post(url).set(olga).send({verdict: 'endorse', reviewDigest: review.digest})).status, 403);
    assert.equal((await t.http.post(url).set(olga).send({verdict: 'reject', reviewDigest: review.digest})).status, 403);
    assert.equal((await t.http.post(url).set(cast.sam).set('Content-Type', 'application/json').send(`{"verdict":"endorse","reviewDigest":"${review.digest}","__proto__":{}}`)).status, 400);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest, comment: 'x'.repeat(2 * 1024 * 1024)})).status, 413);
    assert.deepEqual(await t.hallmark.services.vetting.vettings.forReview(review.id), []);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'pending');

    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest})).status, 201);
    assert.equal((await t.http.post(url).set(cast.sam).send({verdict: 'dispute', reviewDigest: review.digest})).status, 409);
    assert.equal((await t.hallmark.services.vetting.vettings.forReview(review.id)).length, 1);
  } finally {
    await t.close();
  }
});

test('a dispute suspends a review until a steward of its community resolves it; dismissed reinstates, upheld rejects and revokes', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    await createAccount(t, 'ursula');
    await createCommunity(t, 'other', {stewards: ['ursula']});
    const ursula = await accountAuth(t, 'ursula');
    const review = await submit(t, cast.alice);
    const accepted = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal(accepted.body.review.standing, 'accepted');
    const firstCredential = (await t.http.get(`/api/v1/reviews/${review.id}`)).body.credential;
    assert.equal(await verified(t, firstCredential), true);

    const dispute = await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'dispute', comment: 'missed the postinstall script', reviewDigest: review.digest});
    assert.equal(dispute.body.review.standing, 'disputed');
    assert.equal(await status(t, firstCredential), 'suspended', 'one auditor\'s dispute suspends, it does not revoke');

    const resolveUrl = `/api/v1/vettings/${dispute.body.vetting.id}/resolve`;
    assert.equal((await t.http.post(resolveUrl).set(cast.sam).send({outcome: 'dismissed'})).status, 403);
    assert.equal((await t.http.post(resolveUrl).set(ursula).send({outcome: 'dismissed'})).status, 403);
    assert.equal((await t.http.post(resolveUrl).set(cast.stella).send({outcome: 'maybe'})).status, 400);
    assert.equal((await t.http.post(`/api/v1/vettings/${accepted.body.vetting.id}/resolve`).set(cast.stella).send({outcome: 'upheld'})).status, 409);
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'disputed');

    const dismissed = await t.http.post(resolveUrl).set(cast.stella).send({outcome: 'dismissed'});
    assert.equal(dismissed.status, 200);
    assert.equal(dismissed.body.review.standing, 'accepted');
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.credential.id, firstCredential.id, 'the same credential, reinstated');
    assert.equal(await status(t, firstCredential), 'valid');
    assert.equal((await t.http.post(resolveUrl).set(cast.stella).send({outcome: 'upheld'})).status, 409);

    // A second review, disputed and upheld: rejected for good.
    const other = await submit(t, cast.bob, {...REVIEW, purl: 'pkg:npm/left-pad@1.2.0'});
    const second = await t.http.post(`/api/v1/reviews/${other.id}/vettings`).set(cast.alice).send({verdict: 'dispute', reviewDigest: other.digest});
    const commented = await t.http.post(`/api/v1/vettings/${second.body.vetting.id}/resolve`).set(cast.stella).send({outcome: 'upheld', comment: 'would not be kept'});
    assert.equal(commented.status, 400, 'a resolution comment would not be stored, so it is refused');
    const upheld = await t.http.post(`/api/v1/vettings/${second.body.vetting.id}/resolve`).set(cast.stella).send({outcome: 'upheld'});
    assert.equal(upheld.body.review.standing, 'rejected');
    assert.equal((await t.http.post(`/api/v1/reviews/${other.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: other.digest})).status, 409);
  } finally {
    await t.close();
  }
});

test('a steward rejects a review outright; the reviewer retracts theirs; both revoke its credential for good', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet', {acceptance: {endorsements: 0}});
    const first = await submit(t, cast.alice);
    assert.equal(first.standing, 'accepted');
    const credential = (await t.http.get(`/api/v1/reviews/${first.id}`)).body.credential;
    assert.equal(await verified(t, credential), true);
    const rejected = await t.http.post(`/api/v1/reviews/${first.id}/vettings`).set(cast.stella).send({verdict: 'reject', reviewDigest: first.digest});
    assert.equal(rejected.body.review.standing, 'rejected');
    assert.equal(await verified(t, credential), false);
    assert.equal((await t.http.post(`/api/v1/reviews/${first.id}/retract`).set(cast.alice).send({})).status, 409);

    const second = await submit(t, cast.bob);
    const secondCredential = (await t.http.get(`/api/v1/reviews/${second.id}`)).body.credential;
    assert.equal((await t.http.post(`/api/v1/reviews/${second.id}/retract`).set(cast.alice).send({})).status, 403);
    assert.equal((await t.http.post(`/api/v1/reviews/${second.id}/retract`).set(t.admin).send({})).status, 403);
    // A reason would not be kept, so the API refuses it rather than drop it silently.
    const withReason = await t.http.post(`/api/v1/reviews/${second.id}/retract`).set(cast.bob).send({reason: 'wrong tarball'});
    assert.equal(withReason.status, 400);
    assert.equal(withReason.body.error.kind, 'invalid-input');
    assert.equal(await verified(t, secondCredential), true);
    assert.equal((await t.http.get(`/api/v1/reviews/${second.id}`)).body.review.standing, 'accepted');
    const retracted = await t.http.post(`/api/v1/reviews/${second.id}/retract`).set(cast.bob).send({});
    assert.equal(retracted.status, 200);
    assert.equal(retracted.body.review.standing, 'retracted');
    assert.equal(await verified(t, secondCredential), false);
    // Retracting again is a client's retry: it answers as the first did (and finishes what a crash may have left).
    const again = await t.http.post(`/api/v1/reviews/${second.id}/retract`).set(cast.bob).send({});
    assert.equal(again.status, 200);
    assert.equal(again.body.review.standing, 'retracted');
    assert.equal(await verified(t, secondCredential), false);
  } finally {
    await t.close();
  }
});

test('withdrawing the endorser\'s role re-decides the review and every change is an event', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const events: string[] = [];
    t.hallmark.services.vetting.events.on(async (event) => {
      events.push(event.type === 'review-standing-changed' ? `standing:${event.review.standing}` : event.type);
    });
    const review = await submit(t, cast.alice);
    await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.sam).send({verdict: 'endorse', reviewDigest: review.digest});
    assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'accepted');
    const withdrawn = await t.http.delete('/api/v1/communities/npm-vet/roles/sam').set(cast.stella).send({reason: 'inactive'});
    assert.equal(withdrawn.status, 200);
    const after = (await t.http.get(`/api/v1/reviews/${review.id}`)).body;
    assert.equal(after.review.standing, 'pending');
    assert.equal(await status(t, after.credential), 'suspended', 'kept, suspended until the review is accepted again');
    // The re-decision is emitted from within the role change's delivery, so the two may reach a handler in either order.
    assert.deepEqual(events.slice(0, 3), ['review-submitted', 'vetting-recorded', 'standing:accepted']);
    assert.deepEqual(events.slice(3).sort(), ['role-changed', 'standing:pending']);
  } finally {
    await t.close();
  }
});

test('GET /packages/{purl} shows each community\'s reviews that apply to the release, with extension sections', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet', {acceptance: {endorsements: 0}});
    await createCommunity(t, 'second', {stewards: ['stella'], acceptance: {endorsements: 0}});
    await grantRole(t, 'second', 'bob', 'auditor');
    await submit(t, cast.alice, {...REVIEW, purl: 'pkg:npm/%40scope/Thing@1.0.0'});
    await submit(t, cast.bob, {...REVIEW, purl: 'pkg:npm/@scope/thing@1.0.0'}, 'second');
    await submit(t, cast.alice, {...REVIEW, purl: 'pkg:npm/@scope/thing@2.0.0'});
    await submit(t, cast.alice, {...REVIEW, kind: 'violation', purl: 'pkg:npm/@scope/thing', range: 'vers:npm/>=0.9.0|<1.5.0', rating: 'negative', findings: [{id: 'GHSA-jfh8-c2jp-5v3q', severity: 'critical'}]});
    assert.throws(() => t.hallmark.services.vetting.packages.addSection({name: 'badges', build: async () => []}), /taken/, 'a section has one provider');

    const view = await t.http.get('/api/v1/packages/pkg:npm/%40scope/thing@1.0.0');
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.equal(view.body.purl, 'pkg:npm/%40scope/thing@1.0.0');
    const seen = view.body.reviews.map((entry: {review: {community: string; kind: string}}) => `${entry.review.community}:${entry.review.kind}`).sort();
    assert.deepEqual(seen, ['npm-vet:full', 'npm-vet:violation', 'second:full']);
    assert.ok(view.body.reviews.every((entry: {credential: {type: string[]}}) => entry.credential.type.includes('EndorsementCredential')));
    assert.deepEqual(view.body.badges, [], 'the policy badges section is there too');
    assert.deepEqual(view.body.evaluations, []);
    assert.deepEqual(view.body.evidence, []);

    const whole = await t.http.get('/api/v1/packages/pkg:npm/@scope/thing');
    assert.equal(whole.body.reviews.length, 4);
    const later = await t.http.get(`/api/v1/packages/${encodeURIComponent('pkg:npm/@scope/thing@2.0.0')}`);
    assert.equal(later.body.reviews.length, 1);

    // The package page for people applies the same version filter as the JSON view.
    const countReviews = (text: string) => (text.match(/ review, (positive|negative)/g) ?? []).length;
    const laterPage = await t.http.get('/packages/pkg:npm/@scope/thing@2.0.0').set('Accept', 'text/html');
    assert.equal(laterPage.status, 200);
    assert.equal(countReviews(laterPage.text), 1);
    assert.doesNotMatch(laterPage.text, /violation review/, 'a violation whose range misses 2.0.0 is not listed for 2.0.0');
    const earlierPage = await t.http.get('/packages/pkg:npm/@scope/thing@1.0.0').set('Accept', 'text/html');
    assert.equal(countReviews(earlierPage.text), 3);
    assert.match(earlierPage.text, /violation review, negative/);
    assert.equal(countReviews((await t.http.get('/packages/pkg:npm/@scope/thing').set('Accept', 'text/html')).text), 4);

    const malformed = await t.http.get('/api/v1/packages/not-a-purl');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.error.message, /purl/);
    assert.equal((await t.http.get('/api/v1/packages/pkg:npm/%E0%A4%A')).status, 400);
  } finally {
    await t.close();
  }
});

test('a reviewer with their own did:key co-signs: the credential carries a proof set that our verifier accepts', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t, 'npm-vet', {acceptance: {endorsements: 0}});
    const alice = (await t.http.get('/api/v1/accounts/alice')).body;
    const review = await submit(t, cast.alice, {...REVIEW, cosign: true});
    const credential = (await t.http.get(`/api/v1/reviews/${review.id}`)).body.credential;
    assert.equal(credential.proof.length, 2);
    assert.ok(credential.proof[1].verificationMethod.startsWith(alice.did));
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
    assert.equal(report.verified, true, JSON.stringify(report));
    const issuerCheck = report.checks.find((entry: {check: string}) => entry.check === 'issuer');
    assert.match(issuerCheck.message, /Also signed by did:key/);

    // The co-signature is checked too: a tampered one fails the whole credential.
    const tampered = structuredClone(credential);
    tampered.proof[1].proofValue = credential.proof[0].proofValue;
    assert.equal((await t.http.post('/credentials/verify').send({verifiableCredential: tampered})).body.verified, false);
    // A proof by the reviewer alone does not make the reviewer the issuer.
    const alone = {...structuredClone(credential), proof: [credential.proof[1]]};
    const aloneReport = (await t.http.post('/credentials/verify').send({verifiableCredential: alone})).body;
    assert.equal(aloneReport.verified, false);
    assert.match(aloneReport.checks.find((entry: {check: string}) => entry.check === 'issuer').message, /controlled by did:key/);

    // Bob has no did:key: asking to co-sign is refused and stores nothing.
    const refused = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob).send({...REVIEW, cosign: true});
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /did:key/);
    assert.equal((await t.hallmark.services.vetting.reviews.reviewsByReviewer('bob')).length, 0);
  } finally {
    await t.close();
  }
});
