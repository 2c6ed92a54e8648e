import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {createHash, randomUUID} from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import {validateAgainstOfficialSchema} from '../../src/credentials/schemas.ts';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

describe('POST /issuers/{slug}/credentials/issue', () => {
  let t: TestHallmark;
  let issuerId: string;
  before(async () => {
    t = await startHallmark();
    issuerId = String((await createIssuer(t, 'acme')).id);
    await createIssuer(t, 'other');
  });
  after(() => t.close());

  it('completes and signs an OpenBadgeCredential with eddsa-rdfc-2022 that verifies', async () => {
    const credential = await issueBadge(t);
    assert.deepEqual(credential['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    assert.match(String(credential.id), /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal((credential.issuer as {id: string}).id, issuerId);
    assert.deepEqual((credential.issuer as {type: string[]}).type, ['Profile']);
    assert.match(String(credential.validFrom), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const status = credential.credentialStatus as Record<string, string>;
    assert.equal(status.type, 'BitstringStatusListEntry');
    assert.equal(status.statusPurpose, 'revocation');
    assert.ok(Array.isArray(credential.proof));
    const [proof] = credential.proof as Array<Record<string, string>>;
    assert.equal(proof.type, 'DataIntegrityProof');
    assert.equal(proof.cryptosuite, 'eddsa-rdfc-2022');
    assert.equal(proof.verificationMethod.split('#')[0], issuerId);
    assert.equal(validateAgainstOfficialSchema(credential).valid, true);

    const verified = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.verified, true);
    assert.equal(verified.body.status, 'valid');
  });

  it('signs with Ed25519Signature2020 when asked, adding its context', async () => {
    const credential = await issueBadge(t, 'acme', {proofType: 'Ed25519Signature2020'});
    assert.ok((credential['@context'] as string[]).includes('https://w3id.org/security/suites/ed25519-2020/v1'));
    assert.equal((credential.proof as Array<{type: string}>)[0].type, 'Ed25519Signature2020');
    const verified = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(verified.body.status, 'valid', JSON.stringify(verified.body.checks));
  });

  it('uses the issuer\'s default proof type when the request names none', async () => {
    await createIssuer(t, 'legacy', {proofType: 'Ed25519Signature2020'});
    const credential = await issueBadge(t, 'legacy');
    assert.equal((credential.proof as Array<{type: string}>)[0].type, 'Ed25519Signature2020');
    const modern = await issueBadge(t, 'legacy', {proofType: 'DataIntegrityProof'});
    assert.equal((modern.proof as Array<{type: string}>)[0].type, 'DataIntegrityProof');
  });

  it('issues an EndorsementCredential', async () => {
    const endorsement = {
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Acme endorses the guild',
      credentialSubject: {id: 'did:web:guild.example', type: ['EndorsementSubject'], endorsementComment: 'Careful auditors.'},
    };
    const credential = await issueBadge(t, 'acme', {}, endorsement);
    assert.equal(validateAgainstOfficialSchema(credential).schema, 'endorsementcredential');
    const verified = await t.http.post('/credentials/verify').send({verifiableCredential: credential});
    assert.equal(verified.body.status, 'valid', JSON.stringify(verified.body.checks));
  });

  it('serves the stored credential as application/ld+json by urn or bare uuid', async () => {
    const credential = await issueBadge(t);
    const uuid = String(credential.id).slice('urn:uuid:'.length);
    for (const path of [`/credentials/${uuid}`, `/credentials/${encodeURIComponent(String(credential.id))}`]) {
      const response = await t.http.get(path);
      assert.equal(response.status, 200);
      assert.match(response.headers['content-type'], /application\/ld\+json/);
      assert.deepEqual(JSON.parse(response.text), credential);
    }
    assert.equal((await t.http.get('/credentials/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await t.http.get('/credentials/not-an-id')).status, 400);
  });

  it('replays the same credential for a repeated Idempotency-Key and refuses a different body under it', async () => {
    const send = (body: object) => t.http.post('/issuers/acme/credentials/issue').set(t.admin).set('Idempotency-Key', 'order-42').send(body);
    const [first, second] = await Promise.all([send({credential: BADGE}), send({credential: BADGE})]);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(first.body.verifiableCredential, second.body.verifiableCredential);
    const third = await send({credential: BADGE});
    assert.equal(third.status, 201);
    assert.equal(third.headers['idempotent-replayed'], 'true');
    const uuid = String(first.body.verifiableCredential.id).replace(/^.*[:/]/, '');
    assert.equal(first.headers.location, `/credentials/${uuid}`);
    assert.equal(third.headers.location, first.headers.location, 'a replay points at the same credential');
    assert.equal((await t.http.get(first.headers.location).set('Accept', 'application/json')).body.id, first.body.verifiableCredential.id);
    assert.deepEqual(third.body.verifiableCredential, first.body.verifiableCredential);
    const different = await send({credential: {...BADGE, name: 'Something else'}});
    assert.equal(different.status, 409);
  });

  it('completes at once, without a 409, the request under an Idempotency-Key whose first attempt died before issuing', async () => {
    const claims = await t.hallmark.services.store.collection({name: 'idempotency_keys', indexes: []});
    const body = {credential: BADGE};
    const digest = createHash('sha256').update(canonicalize(body) ?? '').digest('hex');
    await claims.insert({id: 'acme:crashed-order', credentialUuid: randomUUID(), requestDigest: digest, claimedAt: new Date().toISOString()});
    const response = await t.http.post('/issuers/acme/credentials/issue').set(t.admin).set('Idempotency-Key', 'crashed-order').send(body);
    assert.equal(response.status, 201);
    assert.equal(response.headers['idempotent-replayed'], undefined);
    const again = await t.http.post('/issuers/acme/credentials/issue').set(t.admin).set('Idempotency-Key', 'crashed-order').send(body);
    assert.deepEqual(again.body.verifiableCredential, response.body.verifiableCredential);
  });

  it('lets an issuer token issue for its own issuer only', async () => {
    const token = (await t.http.post('/api/v1/issuers/acme/tokens').set(t.admin).send({})).body.token;
    const own = await t.http.post('/issuers/acme/credentials/issue').set('Authorization', `Bearer ${token}`).send({credential: BADGE});
    assert.equal(own.status, 201);
    const foreign = await t.http.post('/issuers/other/credentials/issue').set('Authorization', `Bearer ${token}`).send({credential: BADGE});
    assert.equal(foreign.status, 403);
    const anonymous = await t.http.post('/issuers/acme/credentials/issue').send({credential: BADGE});
    assert.equal(anonymous.status, 401);
    assert.equal((await t.http.post('/issuers/missing/credentials/issue').set(t.admin).send({credential: BADGE})).status, 404);
  });

  const subject = BADGE.credentialSubject;
  const badRequests: Array<[string, unknown, string]> = [
    ['no credential', {}, '/credential'],
    ['a credential without credentialSubject', {credential: {type: BADGE.type}}, '/credential/credentialSubject'],
    ['a type that is not Open Badges', {credential: {type: ['VerifiableCredential'], credentialSubject: subject}}, '/credential/type'],
    ['a proof already present', {credential: {...BADGE, proof: {type: 'DataIntegrityProof'}}}, '/credential/proof'],
    ['a credentialStatus already present', {credential: {...BADGE, credentialStatus: {type: 'X'}}}, '/credential/credentialStatus'],
    ['a caller-chosen id that is a URL', {credential: {...BADGE, id: 'https://evil.example/credentials/1'}}, '/credential/id'],
    ['a caller-chosen urn:uuid: in capitals', {credential: {...BADGE, id: 'urn:uuid:0A000000-0000-4000-8000-000000000000'}}, '/credential/id'],
    ['a caller-chosen id that is not a string', {credential: {...BADGE, id: 42}}, '/credential/id'],
    ['another issuer', {credential: {...BADGE, issuer: 'did:web:evil.example'}}, '/credential/issuer'],
    ['an unknown context', {credential: {...BADGE, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/context.json']}}, '/credential/@context'],
    ['the VC 1.1 context', {credential: {...BADGE, '@context': ['https://www.w3.org/2018/credentials/v1']}}, '/credential/@context'],
    ['an achievement without criteria', {credential: {...BADGE, credentialSubject: {...subject, achievement: {id: 'urn:x:1', type: ['Achievement'], name: 'x', description: 'y'}}}}, '/credential/credentialSubject/achievement'],
    ['a term no context defines', {credential: {...BADGE, favouriteColour: 'blue'}}, '/credential'],
    ['a key spelled as an IRI', {credential: {...BADGE, 'https://schema.org/name': 'Hidden name'}}, '/credential'],
    ['the DID context (its vocabulary would let a badge pass for a key document)', {credential: {...BADGE, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/did/v1']}}, '/credential/@context'],
    ['a context that clashes with VC 2.0 protected terms', {credential: {...BADGE, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/data-integrity/v1']}}, '/credential/@context'],
    ['an embedded endorsement', {credential: {...BADGE, endorsement: [{type: ['VerifiableCredential', 'EndorsementCredential']}]}}, '/credential/endorsement'],
    ['a third-party credentialSchema', {credential: {...BADGE, credentialSchema: [{id: 'https://tracker.example/schema.json', type: '1EdTechJsonSchemaValidator2019'}]}}, '/credential/credentialSchema/0'],
    ['validUntil before validFrom', {credential: {...BADGE, validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-01-01T00:00:00Z'}}, '/credential/validUntil'],
    ['validUntil in the past', {credential: {...BADGE, validUntil: '2001-01-01T00:00:00Z'}}, '/credential/validUntil'],
    ['a javascript: evidence link', {credential: {...BADGE, evidence: [{id: 'javascript:alert(document.domain)', type: ['Evidence']}]}}, '/credential/evidence/0/id'],
    ['a javascript: image', {credential: {...BADGE, credentialSubject: {...subject, achievement: {...subject.achievement, image: {id: 'javascript:alert(1)', type: 'Image'}}}}}, '/credential/credentialSubject/achievement/image/id'],
    ['an inline context', {credential: {...BADGE, '@context': ['https://www.w3.org/ns/credentials/v2', {alias: 'https://schema.org/name'}]}}, '/credential'],
    ['an unknown option', {credential: BADGE, options: {proofType: 'RsaSignature2018'}}, '/options/proofType'],
    ['a malformed validFrom', {credential: {...BADGE, validFrom: 'yesterday'}}, '/credential/validFrom'],
  ];
  for (const [what, body, field] of badRequests) {
    it(`refuses ${what} with a 400 naming ${field}, and writes nothing`, async () => {
      const before_ = await t.hallmark.services.store.collection({name: 'credentials', indexes: [{fields: ['issuerSlug', 'createdAt']}]}).then((c) => c.count({issuerSlug: 'other'}));
      const slotsBefore = await countSlots(t);
      const response = await t.http.post('/issuers/other/credentials/issue').set(t.admin).send(body as object);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.ok(response.body.error.problems.some((problem: {field: string}) => problem.field.startsWith(field)), `${field} in ${JSON.stringify(response.body.error.problems)}`);
      const after_ = await t.hallmark.services.store.collection({name: 'credentials', indexes: [{fields: ['issuerSlug', 'createdAt']}]}).then((c) => c.count({issuerSlug: 'other'}));
      assert.equal(after_, before_);
      assert.deepEqual(await countSlots(t), slotsBefore);
    });
  }

  it('keeps a caller\'s unused urn:uuid: id (as the W3C suites issue), and answers 409 to its reuse, writing nothing', async () => {
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const issued = await issueBadge(t, 'acme', {}, {...BADGE, id});
    assert.equal(issued.id, id);
    assert.equal((await t.http.post('/credentials/verify').send({verifiableCredential: issued})).body.status, 'valid');
    const slotsBefore = await countSlots(t);
    for (const slug of ['acme', 'other']) {
      const again = await t.http.post(`/issuers/${slug}/credentials/issue`).set(t.admin).send({credential: {...BADGE, id}});
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error.problems[0].field, '/credential/id');
    }
    assert.deepEqual(await countSlots(t), slotsBefore, 'a refused reuse allocates nothing');
    const racing = `urn:uuid:${crypto.randomUUID()}`;
    const raced = await Promise.all([0, 1, 2].map(() => t.http.post('/issuers/other/credentials/issue').set(t.admin).send({credential: {...BADGE, id: racing}})));
    assert.deepEqual(raced.map((response) => response.status).sort(), [201, 409, 409]);
    const after_ = await countSlots(t);
    assert.deepEqual(after_, {slots: slotsBefore.slots + 1, allocated: slotsBefore.allocated + 1}, 'the losers of the race gave their status slots back');
    assert.equal((await t.hallmark.services.records.get(racing)).credentialId, racing);
  });

  it('accepts an image inlined as a data: URI and an official credentialSchema', async () => {
    const credential = await issueBadge(t, 'acme', {}, {
      ...BADGE,
      credentialSchema: [{id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019'}],
      credentialSubject: {...subject, achievement: {...subject.achievement, image: {id: 'data:image/png;base64,iVBORw0KGgo=', type: 'Image'}}},
    });
    assert.ok((credential['@context'] as string[]).includes('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'));
    const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body;
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const response = await t.http.post('/issuers/acme/credentials/issue').set(t.admin).set('Idempotency-Key', 'x'.repeat(300)).send({credential: BADGE});
    assert.equal(response.status, 400);
  });
});

/** Status slots held and the lists' own allocation counters: a refused request must move neither. */
async function countSlots(t: TestHallmark): Promise<{slots: number; allocated: number}> {
  const store = t.hallmark.services.store;
  const slots = await store.collection({name: 'status_slots', indexes: [{fields: ['listId', 'set']}]});
  const lists = await store.collection<{id: string; allocated: number}>({name: 'status_lists', indexes: [{fields: ['issuerSlug', 'purpose', 'open']}, {fields: ['issuerSlug', 'purpose', 'sequence'], unique: true}]});
  const counts = {slots: 0, allocated: 0};
  for (const list of await lists.find({issuerSlug: 'other', purpose: 'revocation', open: true})) {
    counts.slots += await slots.count({listId: list.doc.id, set: false});
    counts.allocated += list.doc.allocated;
  }
  return counts;
}
