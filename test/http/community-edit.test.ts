import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {ADMIN_TOKEN, startHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';

const MILESTONE = {id: 'first-review', name: 'First accepted review', description: 'A first review accepted by the community.', acceptedReviews: 1};

describe('a steward edits a community', () => {
  it('changes description, guidance and milestones; a new acceptance rule decides pending reviews again; every edit is kept', async () => {
    const t = await startHallmark();
    try {
      const cast = await vettingCast(t);
      const review = (await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW)).body.review;
      // bob is an auditor of another organisation: not enough under the default rule (a senior auditor).
      await t.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'endorse', reviewDigest: review.digest});
      assert.equal((await t.http.get(`/api/v1/reviews/${review.id}`)).body.review.standing, 'pending');

      const edited = await t.http.patch('/api/v1/communities/npm-vet').set(cast.stella).send({description: 'We vet npm packages.', guidance: {url: 'https://npm-vet.example/guide', text: 'Read every line.'}, milestones: [MILESTONE]});
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.description, 'We vet npm packages.');
      assert.deepEqual(edited.body.milestones, [MILESTONE]);
      assert.equal(edited.body.pending, undefined);
      assert.equal(edited.body.revision, undefined);

      const rule = await t.http.patch('/api/v1/communities/npm-vet').set(cast.stella).send({acceptance: {minRole: 'auditor'}});
      assert.equal(rule.status, 200);
      assert.deepEqual(rule.body.acceptance, {endorsements: 1, minRole: 'auditor', otherOrganisation: true});
      const accepted = (await t.http.get(`/api/v1/reviews/${review.id}`)).body;
      assert.equal(accepted.review.standing, 'accepted');
      assert.equal(accepted.credential.credentialSubject.id, REVIEW.purl);
      // The milestone added before was awarded as soon as alice's review counted.
      const credentials = (await t.http.get('/api/v1/accounts/alice/credentials')).body.credentials as Array<{milestone: string}>;
      assert.deepEqual(credentials.map((credential) => credential.milestone), ['first-review']);

      // The same values again change nothing and add no history.
      assert.equal((await t.http.patch('/api/v1/communities/npm-vet').set(cast.stella).send({acceptance: {minRole: 'auditor'}})).status, 200);
      const history = (await t.http.get('/api/v1/communities/npm-vet/history')).body.history;
      assert.deepEqual(history.map((entry: {revision: number; by: string; changes: object}) => [entry.revision, entry.by, Object.keys(entry.changes).sort()]),
        [[1, 'stella', ['description', 'guidance', 'milestones']], [2, 'stella', ['acceptance']]]);
      assert.deepEqual(history[1].changes.acceptance, {from: {endorsements: 1, minRole: 'senior-auditor', otherOrganisation: true}, to: {endorsements: 1, minRole: 'auditor', otherOrganisation: true}});
    } finally {
      await t.close();
    }
  });

  it('refuses others and bad input with a clear 4xx, and changes nothing', async () => {
    const t = await startHallmark();
    try {
      const cast = await vettingCast(t);
      const before = (await t.http.get('/api/v1/communities/npm-vet')).body;
      const cases: Array<[Record<string, string> | null, unknown, number, RegExp]> = [
        [null, {description: 'x'}, 401, /bearer token/],
        [cast.alice, {description: 'x'}, 403, /steward/],
        [cast.stella, {}, 400, /fewer than 1|must NOT have fewer/],
        [cast.stella, {slug: 'renamed'}, 400, /slug/],
        [cast.stella, {description: 'x'.repeat(5001)}, 400, /description/],
        [cast.stella, {guidance: {url: 'javascript:alert(1)'}}, 400, /guidance\/url/],
        [cast.stella, {acceptance: {endorsements: 99}}, 400, /endorsements/],
        [cast.stella, {acceptance: {}}, 400, /acceptance/],
        [cast.stella, {milestones: [MILESTONE, {...MILESTONE, name: 'again'}]}, 400, /used twice/],
        [cast.stella, {milestones: [{id: 'vague', name: 'Vague', description: 'Neither reviews nor a role.'}]}, 400, /acceptedReviews|role/],
        [cast.stella, {membership: 'closed'}, 400, /membership/],
      ];
      for (const [auth, body, status, message] of cases) {
        const request = t.http.patch('/api/v1/communities/npm-vet');
        const response = await (auth ? request.set(auth) : request).send(body as object);
        assert.equal(response.status, status, `${JSON.stringify(body).slice(0, 60)} → ${response.status} ${JSON.stringify(response.body)}`);
        assert.match(JSON.stringify(response.body.error), message);
      }
      assert.equal((await t.http.patch('/api/v1/communities/no-such').set(t.admin).send({description: 'x'})).status, 404);
      assert.deepEqual((await t.http.get('/api/v1/communities/npm-vet')).body, before);
      assert.deepEqual((await t.http.get('/api/v1/communities/npm-vet/history')).body.history, []);
      // Markup is kept as text and shown escaped.
      assert.equal((await t.http.patch('/api/v1/communities/npm-vet').set(t.admin).send({description: '<script>alert(1)</script>'})).status, 200);
      const page = await t.http.get('/communities/npm-vet').set('Accept', 'text/html');
      assert.doesNotMatch(page.text, /<script>alert/);
      assert.match(page.text, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    } finally {
      await t.close();
    }
  });

  it('follows through an edit a crash interrupted, at the next start', async () => {
    const first = await startHallmark();
    let second: Awaited<ReturnType<typeof createHallmark>> | null = null;
    let firstOpen = true;
    try {
      const cast = await vettingCast(first);
      const review = (await first.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW)).body.review;
      await first.http.post(`/api/v1/reviews/${review.id}/vettings`).set(cast.bob).send({verdict: 'endorse', reviewDigest: review.digest});
      // The crash: the edit and its intent are stored, and nothing after.
      const communities = await first.hallmark.services.store.collection<{id: string; acceptance: object; [key: string]: unknown}>({name: 'vetting_communities', indexes: []});
      const found = await communities.get('npm-vet');
      assert.ok(found);
      const to = {endorsements: 1, minRole: 'auditor', otherOrganisation: true};
      const change = {community: 'npm-vet', revision: 1, by: 'stella', at: new Date().toISOString(), changes: {acceptance: {from: found.doc.acceptance, to}}};
      assert.ok(await communities.update('npm-vet', found.version, {...found.doc, acceptance: to, revision: 1, pending: change}));
      await first.hallmark.close();
      firstOpen = false;
      second = await createHallmark(loadConfig({HALLMARK_DATA_DIR: first.dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN}));
      const {vetting} = second.services;
      assert.equal((await vetting.reviews.get(review.id)).standing, 'accepted');
      assert.deepEqual((await vetting.communities.history('npm-vet')).map((entry) => entry.revision), [1]);
      assert.equal(await vetting.communities.resumePending(), 0, 'nothing is left pending');
    } finally {
      if (firstOpen) await first.hallmark.close();
      await second?.close();
      await rm(first.dataDir, {recursive: true, force: true});
    }
  });
});
