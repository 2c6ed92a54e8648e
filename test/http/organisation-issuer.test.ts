import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark} from '../helpers/hallmark.ts';
import {accountAuth, createAccount, vettingCast} from '../helpers/vetting.ts';

test('an organisation gets an issuer of its own without the admin, and endorses with the token it already had', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    await createAccount(t, 'fsfe', {kind: 'organisation', name: 'FSFE'});
    const fsfe = await accountAuth(t, 'fsfe');
    const orgB = await accountAuth(t, 'org-b');
    const issuerNamed = async (slug: string) => (await t.http.get(`/issuers/${slug}`)).status;

    const refused: Array<[Record<string, string> | null, string, unknown, number, RegExp]> = [
      [null, 'fsfe', {}, 401, /bearer token/],
      [cast.alice, 'fsfe', {}, 403, /\\"fsfe\\" itself/],
      [cast.alice, 'alice', {}, 404, /no organisation/],
      [fsfe, 'fsfe', {slug: 'Not A Slug'}, 400, /slug/],
      [fsfe, 'fsfe', {name: ''}, 400, /name/],
      [fsfe, 'fsfe', {url: 'javascript:alert(1)'}, 400, /url/],
      [fsfe, 'fsfe', {owner: 'admin'}, 400, /owner/],
      [fsfe, 'fsfe', {slug: 'npm-vet'}, 409, /already exists/],
    ];
    for (const [auth, org, body, status, message] of refused) {
      const request = t.http.post(`/api/v1/accounts/${org}/issuer`);
      const response = await (auth ? request.set(auth) : request).send(body as object);
      assert.equal(response.status, status, `${org} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.match(JSON.stringify(response.body.error), message);
    }
    assert.equal(await issuerNamed('fsfe'), 404, 'nothing was created');
    assert.equal((await t.http.get('/api/v1/accounts/fsfe')).body.issuer, null);

    const created = await t.http.post('/api/v1/accounts/fsfe/issuer').set(fsfe).send({url: 'https://fsfe.example'});
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.location, '/issuers/fsfe');
    assert.equal(created.body.account.issuer, 'fsfe');
    assert.equal(created.body.issuer.name, 'FSFE');
    assert.equal(await issuerNamed('fsfe'), 200);
    assert.equal((await t.http.post('/api/v1/accounts/fsfe/issuer').set(fsfe).send({})).status, 409);
    // The slug is taken now: another organisation is told so and is left free to choose another.
    const taken = await t.http.post('/api/v1/accounts/org-b/issuer').set(orgB).send({slug: 'fsfe'});
    assert.equal(taken.status, 409);
    assert.equal((await t.http.get('/api/v1/accounts/org-b')).body.issuer, null);
    assert.equal((await t.http.post('/api/v1/accounts/org-b/issuer').set(t.admin).send({slug: 'org-b-badges'})).status, 201);

    const community = JSON.parse((await t.http.get('/issuers/npm-vet')).text) as {id: string};
    const endorsement = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(fsfe).send({target: {kind: 'issuer', id: community.id}, comment: 'Vets carefully.'});
    assert.equal(endorsement.status, 201, JSON.stringify(endorsement.body));
    assert.equal((await t.http.post('/api/v1/issuers/org-b-badges/endorsements').set(fsfe).send({target: {kind: 'issuer', id: 'did:example:x'}, comment: 'x'})).status, 403);
  } finally {
    await t.close();
  }
});

test('an organisation issuer a crash left half-made is finished, and one someone else holds is never taken', async () => {
  const t = await startHallmark();
  try {
    const {vetting, issuers, store, tokens} = t.hallmark.services;
    await vetting.accounts.create({handle: 'org-c', kind: 'organisation', name: 'Org C'});
    await vetting.accounts.create({handle: 'org-d', kind: 'organisation', name: 'Org D'});
    const orgC = await accountAuth(t, 'org-c');
    const accounts = await store.collection<{id: string; [key: string]: unknown}>({name: 'vetting_accounts', indexes: []});
    const pend = async (handle: string, slug: string) => {
      const found = await accounts.get(handle);
      assert.ok(found && await accounts.update(handle, found.version, {...found.doc, pendingIssuer: {slug, name: `${handle} issuer`}, issuerPending: true}));
    };
    // org-c crashed after its issuer was made; org-d recorded a slug that, meanwhile, the admin gave to an issuer of its own.
    await pend('org-c', 'org-c-badges');
    await issuers.create({slug: 'org-c-badges', name: 'org-c issuer'}, new Date(), 'account:org-c');
    await pend('org-d', 'admins');
    await issuers.create({slug: 'admins', name: 'The admin\'s'});
    assert.equal(await vetting.accounts.resumeIssuers({tokens}), 2);
    assert.equal((await vetting.accounts.get('org-c')).issuer, 'org-c-badges');
    assert.equal((await vetting.accounts.get('org-d')).issuer, null);
    assert.equal((await accounts.get('org-d'))?.doc.pendingIssuer, undefined);
    const endorsed = await t.http.post('/api/v1/issuers/org-c-badges/endorsements').set(orgC).send({target: {kind: 'issuer', id: 'did:example:x'}, comment: 'ok'});
    assert.equal(endorsed.status, 201, JSON.stringify(endorsed.body));
    assert.equal(await vetting.accounts.resumeIssuers({tokens}), 0);
  } finally {
    await t.close();
  }
});
