import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {Actor, Role} from '../../src/vetting/model.ts';
import {accountActor} from '../../src/authz/index.ts';
import type {ProofType} from '../../src/credentials/sign.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {digitalBazaar, routeFetchToLoopback, verifierCore, type ThirdPartyVerdict} from '../helpers/third-party-verifiers.ts';

/**
 * Issue 11 §1: what the vetting flows issue (package badges, review
 * credentials, milestone credentials) must read the same to third-party
 * verifiers as to ours at every status transition — valid, suspended,
 * reinstated, revoked — for did:key and did:web issuers and both proof
 * suites. The third parties are the Digital Credentials Consortium's
 * verifier-core and @digitalbazaar/vc with vc-bitstring-status-list, run
 * against a real instance on loopback (did:web's https host is routed to
 * it; nothing leaves the machine).
 */
type Json = Record<string, unknown>;
const admin: Actor = {kind: 'admin'};
const PUBLIC_DID_WEB = 'https://hallmark.test';

interface Verdicts {
  ours: string;
  verifierCore: ThirdPartyVerdict;
  digitalBazaar: ThirdPartyVerdict;
}

async function verdicts(t: TestHallmark, credential: Json): Promise<Verdicts> {
  const report = (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body as {status: string};
  return {ours: report.status, verifierCore: await verifierCore(credential), digitalBazaar: await digitalBazaar(credential)};
}

/** Ours says `expected`; both third parties agree on whether that is valid. */
function assertAgree(what: string, seen: Verdicts, expected: string): void {
  assert.equal(seen.ours, expected, `${what}: our verdict`);
  const valid = expected === 'valid';
  assert.equal(seen.verifierCore.valid, valid, `${what}: verifier-core reads ${seen.verifierCore.valid ? 'valid' : 'not valid'} (${seen.verifierCore.why})`);
  assert.equal(seen.digitalBazaar.valid, valid, `${what}: @digitalbazaar/vc reads ${seen.digitalBazaar.valid ? 'valid' : 'not valid'} (${seen.digitalBazaar.why})`);
}

for (const issuerKind of ['did:key', 'did:web'] as const) {
  describe(`third-party verifiers agree with ours on vetting credentials (${issuerKind} issuers)`, () => {
    let listening: Listening<TestHallmark>;
    let restoreFetch: () => void;
    before(async () => {
      listening = await listeningHallmark(startHallmark, () => ({HALLMARK_SWEEP_INTERVAL: '0', HALLMARK_VERIFY_WORKERS: '0', ...(issuerKind === 'did:web' ? {HALLMARK_PUBLIC_URL: PUBLIC_DID_WEB} : {})}));
      const origin = issuerKind === 'did:web' ? PUBLIC_DID_WEB : listening.base;
      restoreFetch = routeFetchToLoopback(new Map([[origin, listening.base]]));
    });
    after(async () => {
      restoreFetch();
      await listening.close();
    });

    for (const proofType of ['DataIntegrityProof', 'Ed25519Signature2020'] as const) {
      it(`package badge, review and milestone credentials through suspend, reinstate and revoke (${proofType})`, async () => {
        const t = listening.t;
        const {vetting, policies, milestones, records} = t.hallmark.services;
        const slug = proofType === 'DataIntegrityProof' ? 'di-vet' : 'ed-vet';
        await foundCommunity(t, slug, proofType);
        const purl = 'pkg:npm/left-pad@1.3.0';
        const review = await vetting.reviews.submit(await accountActor('alice', vetting), slug, {purl, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
        assert.equal(review.standing, 'accepted');
        const evaluated = await policies.evaluations.evaluate(admin, slug, 'clean', purl);
        assert.ok(evaluated.badge?.credentialId, JSON.stringify(evaluated.evaluation));
        const [award] = await milestones.credentialsOf('alice');
        const credentials: Record<string, Json> = {
          'package badge': (await records.get(evaluated.badge.credentialId)).credential,
          'review credential': (await records.get(String(review.credentialId))).credential,
          'milestone credential': award.verifiableCredential,
        };
        for (const [what, credential] of Object.entries(credentials)) {
          assert.equal((credential.credentialStatus as Json).statusPurpose, 'suspension', `${what} carries a suspension entry`);
          assert.equal(String(credential.issuer && (credential.issuer as Json).id).startsWith(issuerKind), true);
          assert.equal([credential.proof].flat().map((proof) => (proof as Json).type)[0], proofType);
        }
        const expectAll = async (step: string, expected: Record<string, string>) => {
          for (const [what, credential] of Object.entries(credentials)) assertAgree(`${what}, ${step}`, await verdicts(t, credential), expected[what]);
        };
        await expectAll('as issued', {'package badge': 'valid', 'review credential': 'valid', 'milestone credential': 'valid'});

        // A dispute suspends the review's credential; the badge and the milestone lose their basis and are suspended too.
        const {vetting: dispute} = await vetting.vettings.record(await accountActor('bob', vetting), review.id, {verdict: 'dispute', reviewDigest: review.digest});
        await expectAll('suspended', {'package badge': 'suspended', 'review credential': 'suspended', 'milestone credential': 'suspended'});

        // The steward dismisses the dispute: all three are reinstated.
        await vetting.vettings.resolve(await accountActor('stew', vetting), dispute.id, 'dismissed');
        await expectAll('reinstated', {'package badge': 'valid', 'review credential': 'valid', 'milestone credential': 'valid'});

        // Revoked for good: an accepted violation revokes the badge, the steward's rejection the review
        // credential, and the issuer revokes the milestone credential by hand (the flow itself only suspends those).
        await vetting.reviews.submit(await accountActor('bob', vetting), slug, {purl: 'pkg:npm/left-pad', kind: 'violation', range: 'vers:npm/>=1.0.0|<2.0.0', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'negative'});
        await vetting.vettings.record(await accountActor('stew', vetting), review.id, {verdict: 'reject', reviewDigest: review.digest});
        const milestoneId = String(credentials['milestone credential'].id);
        const revoked = await t.http.post(`/issuers/${slug}/credentials/status`).set(t.admin)
          .send({credentialId: milestoneId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
        assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
        await expectAll('revoked', {'package badge': 'revoked', 'review credential': 'revoked', 'milestone credential': 'revoked'});

        // Nothing brings a revoked credential back: a new accepted review restores the milestone's basis, and the badge's policy is re-run.
        await vetting.reviews.submit(await accountActor('alice', vetting), slug, {purl: 'pkg:npm/is-odd@3.0.1', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
        await policies.evaluations.evaluate(admin, slug, 'clean', purl);
        const reinstate = await t.http.post(`/issuers/${slug}/credentials/status`).set(t.admin)
          .send({credentialId: milestoneId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: false}]});
        assert.equal(reinstate.status, 409);
        await expectAll('after attempts to reinstate', {'package badge': 'revoked', 'review credential': 'revoked', 'milestone credential': 'revoked'});
        assert.equal((await milestones.credentialsOf('alice')).find((entry) => entry.credentialId === milestoneId)?.state, 'revoked');
      });
    }

    if (issuerKind === 'did:key') {
      it('shows why vetting credentials no longer use message entries: third parties read a suspended or revoked one as valid (README)', async () => {
        const t = listening.t;
        await t.http.post('/api/v1/issuers').set(t.admin).send({slug: 'messages', name: 'Messages'}).expect(201);
        const credential = (await t.http.post('/issuers/messages/credentials/issue').set(t.admin).send({
          credential: {type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Old style', credentialSubject: {id: 'https://example.org/p', type: ['AchievementSubject'], achievement: {id: 'https://example.org/a', type: ['Achievement'], name: 'A', description: 'A.', criteria: {narrative: 'N.'}}}},
          options: {statusPurpose: 'message'},
        }).expect(201)).body.verifiableCredential as Json;
        for (const [purpose, ours] of [['suspension', 'suspended'], ['revocation', 'revoked']] as const) {
          await t.http.post('/issuers/messages/credentials/status').set(t.admin)
            .send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: purpose, status: true}]}).expect(200);
          const seen = await verdicts(t, credential);
          assert.equal(seen.ours, ours);
          // They ignore statusSize and read bit statusListIndex, which lies in another entry: still "valid".
          assert.equal(seen.verifierCore.valid, true, seen.verifierCore.why);
          assert.equal(seen.digitalBazaar.valid, true, seen.digitalBazaar.why);
        }
      });
    }
  });
}

/**
 * A community whose reviews are accepted on submission, with a milestone
 * at one accepted review and a policy of one review and no violations.
 * `proofType` is the issuer's signing suite (set on its record: a
 * community's issuer is created with the default).
 */
async function foundCommunity(t: TestHallmark, slug: string, proofType: ProofType): Promise<void> {
  const {vetting, store, policies} = t.hallmark.services;
  await vetting.communities.create({
    slug, name: `${slug} community`, ecosystems: ['npm'], acceptance: {endorsements: 0},
    milestones: [{id: 'first-review', name: 'First review', description: 'One accepted review.', acceptedReviews: 1}],
  });
  const issuers = await store.collection<Json & {id: string}>({name: 'issuers', indexes: [{fields: ['did'], unique: true}]});
  const issuer = await issuers.get(slug);
  assert.ok(issuer && (await issuers.update(slug, issuer.version, {...issuer.doc, proofType})));
  for (const [handle, organisation, role] of [['alice', 'org-a', 'auditor'], ['bob', 'org-b', 'auditor'], ['stew', undefined, 'steward']] as Array<[string, string | undefined, Role]>) {
    if (!(await vetting.accounts.find(handle))) {
      if (organisation && !(await vetting.accounts.find(organisation))) await vetting.accounts.create({handle: organisation, kind: 'organisation', name: organisation});
      await vetting.accounts.create({handle, kind: 'person', name: handle, ...(organisation ? {organisation} : {})});
    }
    await vetting.roles.set(admin, slug, handle, role);
  }
  await policies.policies.publish(admin, slug, {name: 'clean', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}, {kind: 'no-violations'}]});
}
