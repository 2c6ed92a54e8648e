import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {ADMIN_TOKEN, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';

describe('home page, directory and search', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    const cast = await vettingCast(t, 'npm-vet', {description: 'Vets npm packages with care.', membership: 'open'});
    await t.http.post('/api/v1/communities').set(t.admin).send({slug: 'crab-guild', name: 'Crab guild', ecosystems: ['cargo']});
    const review = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send(REVIEW);
    assert.equal(review.status, 201, JSON.stringify(review.body));
    const hostile = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob).send({...REVIEW, notes: 'Fine </script><script>alert(1)</script> & <!-- done'});
    assert.equal(hostile.status, 201, JSON.stringify(hostile.body));
  });
  after(async () => t.close());

  const search = (query: Record<string, string>) => t.http.get('/api/v1/search').query(query);

  it('finds communities, packages (by name or purl) and reviewers, kept up to date as they change', async () => {
    const community = await search({q: 'npm-vet'});
    assert.equal(community.status, 200);
    assert.equal(community.body.results[0].type, 'community');
    assert.equal(community.body.results[0].url, `${t.hallmark.services.urls.base}/communities/npm-vet`);
    const byName = await search({q: 'left-pad', type: 'package'});
    assert.equal(byName.body.total, 1);
    assert.equal(byName.body.results[0].purl, 'pkg:npm/left-pad');
    assert.equal(byName.body.results[0].reviews, 2);
    assert.equal((await search({q: 'pkg:npm/left-pad'})).body.results[0].purl, 'pkg:npm/left-pad');
    const reviewer = await search({q: 'alice', type: 'reviewer'});
    assert.deepEqual(reviewer.body.results.map((hit: {handle: string}) => hit.handle), ['alice']);
    assert.match(reviewer.body.results[0].summary, /auditor of npm-vet/);
    // A role change reaches the index at once.
    await t.http.put('/api/v1/communities/crab-guild/roles/alice').set(t.admin).send({role: 'member'});
    assert.match((await search({q: 'alice crab', type: 'reviewer'})).body.results[0].summary, /member of crab-guild/);
  });

  it('pages results and answers hostile queries sanely', async () => {
    const paged = await search({q: 'person', type: 'reviewer', limit: '2', page: '2'});
    assert.equal(paged.status, 200);
    assert.equal(paged.body.total, 5, 'the five people of the cast');
    assert.equal(paged.body.results.length, 2);
    assert.equal(paged.body.page, 2);
    for (const q of ['"', 'left"pad', 'NEAR(left pad)', 'left OR pad', '*', '{"$gt":""}', "'; DROP TABLE s_directory; --", '()']) {
      const hostile = await search({q});
      assert.equal(hostile.status, 200, q);
      assert.ok(Array.isArray(hostile.body.results));
    }
    assert.equal((await search({q: 'left-pad'})).body.total, 1, 'the index is intact');
    const huge = await search({q: 'x'.repeat(10 * 1024)});
    assert.equal(huge.status, 400);
    assert.match(huge.body.error.message, /at most 1000 characters/);
    assert.equal((await search({q: ''})).status, 400);
    assert.equal((await search({q: 'a', type: 'issuer'})).status, 400);
    assert.equal((await search({q: 'a', page: '0'})).status, 400);
    assert.equal((await t.http.get('/api/v1/search?q=a&q=b')).status, 400);
    const page = await t.http.get('/search').query({q: '<script>alert(1)</script>'}).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<script>alert/);
  });

  it('catches up an index write that was lost: the next start rebuilds the index', async () => {
    const index = await t.hallmark.services.store.searchIndex('directory');
    await index.remove('community:npm-vet');
    assert.equal((await search({q: 'npm-vet', type: 'community'})).body.total, 0);
    const restarted = await createHallmark(loadConfig({HALLMARK_DATA_DIR: t.dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN}));
    await restarted.close();
    assert.equal((await search({q: 'npm-vet', type: 'community'})).body.total, 1);
  });

  it('describes a package page as schema.org SoftwareSourceCode linked data that no text can break out of', async () => {
    const page = await t.http.get('/packages/pkg:npm/left-pad').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    const blocks = [...page.text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    assert.equal(blocks.length, 1, 'one data block, and the hostile notes closed nothing');
    assert.doesNotMatch(page.text, /<script>alert/);
    const data = JSON.parse(blocks[0][1]);
    assert.equal(data['@context'], 'https://schema.org');
    assert.equal(data['@type'], 'SoftwareSourceCode');
    assert.equal(data.identifier, 'pkg:npm/left-pad');
    assert.equal(data.url, `${t.hallmark.services.urls.base}/packages/pkg:npm/left-pad`);
    assert.equal(data.review.length, 2);
    assert.ok(data.review.some((review: {reviewBody?: string}) => review.reviewBody === 'Fine </script><script>alert(1)</script> & <!-- done'), 'the text survives exactly, as data');
    assert.equal(data.review[0].author['@type'], 'Person');
    assert.match(page.headers['content-security-policy'], /default-src 'none'/, 'still no script may run');
  });

  it('serves a home page and directory pages for people', async () => {
    const get = (path: string) => t.http.get(path).set('Accept', 'text/html');
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<h1>Hallmark at /);
    assert.match(home.text, /href="\/communities\/npm-vet"/);
    assert.match(home.text, /action="\/search"/);
    assert.match(home.text, /href="\/verify"/);
    const byEcosystem = await get('/communities?ecosystem=cargo');
    assert.match(byEcosystem.text, /Crab guild/);
    assert.doesNotMatch(byEcosystem.text, /npm-vet/);
    const packages = await get('/packages?q=pkg:npm/left-pad');
    assert.match(packages.text, /href="\/packages\/pkg:npm\/left-pad"/);
    const reviewers = await get('/reviewers?community=npm-vet&role=senior-auditor');
    assert.match(reviewers.text, /Person anna/);
    assert.doesNotMatch(reviewers.text, /Person alice/);
    assert.equal((await get('/reviewers?role=emperor')).status, 400);
    const results = await get('/search?q=care&type=community');
    assert.match(results.text, /npm-vet community/);
    const unknown = await get('/no-such-page');
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers['content-type'], /text\/html/);
    assert.equal((await t.http.get('/no-such-page')).body.error.kind, 'not-found', 'programs still get JSON');
  });
});
