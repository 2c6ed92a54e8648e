import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {DocumentResolver} from '../../src/credentials/documents.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {MAX_ENDORSEMENTS, type EndorsementSource} from '../../src/credentials/verify/endorsement-check.ts';
import {badge, controllerDocument, createIssuer, resolverOf, sign, type Json, type TestIssuer} from './helpers/signing.ts';

const resolver = new DocumentResolver([]);

function endorsement(endorser: TestIssuer, target: string, comment: string, id = `urn:uuid:${crypto.randomUUID()}`): Json {
  return {
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.ob],
    id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: {id: endorser.id, type: ['Profile'], name: 'Endorsing Org'},
    validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {id: target, type: ['EndorsementSubject'], endorsementComment: comment},
  };
}

describe('the endorsement stage', () => {
  it('verifies an endorsement embedded in the achievement and marks it trusted only for a trusted endorser', async () => {
    // The achievement lives on its issuer's own domain, so its endorsements are about this issuer's achievement.
    const issuer = await createIssuer('https://example.org');
    const resolver = resolverOf({'https://example.org': controllerDocument(issuer)});
    const endorser = await createIssuer();
    const embedded = await sign(endorsement(endorser, 'https://example.org/policies/baseline', 'Sound policy.'), endorser);
    const unsigned = badge(issuer);
    (unsigned.credentialSubject as {achievement: Json}).achievement.endorsement = [embedded];
    const credential = await sign(unsigned, issuer);

    const plain = await verify(credential, {resolver});
    assert.equal(plain.verified, true, JSON.stringify(plain.errors));
    assert.equal(plain.endorsements.length, 1);
    const [finding] = plain.endorsements;
    assert.deepEqual(
      {verified: finding.verified, trusted: finding.trusted, about: finding.about, source: finding.source, comment: finding.comment, endorser: finding.endorser.id, problems: finding.problems},
      {verified: true, trusted: false, about: 'achievement', source: 'embedded', comment: 'Sound policy.', endorser: endorser.id, problems: []},
    );
    const trusting = await verify(credential, {resolver, endorsements: {trusted: [endorser.id]}});
    assert.equal(trusting.endorsements[0].trusted, true);
    const off = await verify(credential, {resolver, endorsements: false});
    assert.deepEqual(off.endorsements, []);
  });

  it('never trusts an endorsement borrowed by another issuer that claims the endorsed achievement', async () => {
    const endorser = await createIssuer();
    const genuine = await sign(endorsement(endorser, 'https://example.org/policies/baseline', 'Sound policy.'), endorser);
    for (const borrower of [await createIssuer(), await createIssuer('https://forger.example')]) {
      const unsigned = badge(borrower);
      (unsigned.credentialSubject as {achievement: Json}).achievement.endorsement = [genuine];
      const documents = borrower.id.startsWith('https:') ? {[borrower.id]: controllerDocument(borrower)} : {};
      const report = await verify(await sign(unsigned, borrower), {resolver: resolverOf(documents), endorsements: {trusted: [endorser.id]}});
      assert.equal(report.verified, true, JSON.stringify(report.errors));
      const [finding] = report.endorsements;
      assert.equal(finding.verified, true, 'the endorsement itself is genuine');
      assert.equal(finding.trusted, false, borrower.id);
      assert.ok(finding.problems.some((problem) => /not on the domain of this credential's issuer/.test(problem)), JSON.stringify(finding.problems));
    }
  });

  it('reports a forged embedded endorsement as unverified and untrusted, without failing the credential', async () => {
    const issuer = await createIssuer();
    const endorser = await createIssuer();
    const embedded = await sign(endorsement(endorser, 'https://example.org/policies/baseline', 'Meh.'), endorser);
    (embedded.credentialSubject as Json).endorsementComment = 'Outstanding!';
    const unsigned = badge(issuer);
    (unsigned.credentialSubject as {achievement: Json}).achievement.endorsement = [embedded];
    const report = await verify(await sign(unsigned, issuer), {resolver, endorsements: {trusted: [endorser.id]}});
    assert.equal(report.verified, true);
    assert.equal(report.endorsements[0].verified, false);
    assert.equal(report.endorsements[0].trusted, false);
    assert.ok(report.endorsements[0].problems.some((problem) => /proof/.test(problem)));
  });

  it('does not trust a valid endorsement about something else', async () => {
    const issuer = await createIssuer();
    const endorser = await createIssuer();
    const source: EndorsementSource = {endorsementsAbout: async () => [await sign(endorsement(endorser, 'https://example.org/other', 'Elsewhere.'), endorser)]};
    const report = await verify(await sign(badge(issuer), issuer), {resolver, endorsements: {source, trusted: [endorser.id]}});
    assert.equal(report.endorsements[0].about, 'other');
    assert.equal(report.endorsements[0].trusted, false);
  });

  it('asks the source for the issuer, achievement and credential ids, and verifies at most MAX_ENDORSEMENTS', async () => {
    const issuer = await createIssuer();
    const endorser = await createIssuer();
    const one = await sign(endorsement(endorser, issuer.id, 'Good issuer.'), endorser);
    const asked: string[][] = [];
    const source: EndorsementSource = {
      endorsementsAbout: async (targets, limit) => {
        asked.push(targets);
        return Array.from({length: limit + 10}, (_, index) => ({...one, id: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}`}));
      },
    };
    const credential = await sign(badge(issuer), issuer);
    const report = await verify(credential, {resolver, endorsements: {source}});
    assert.deepEqual(new Set(asked[0]), new Set([issuer.id, 'https://example.org/policies/baseline', 'https://example.org/packages/left-pad', credential.id]));
    assert.equal(report.endorsements.length, MAX_ENDORSEMENTS);
    assert.ok(report.warnings.some((warning) => /Only the first/.test(warning)));
    // The copies carry a changed id under the original signature: each is refused on its proof.
    assert.ok(report.endorsements.every((finding) => !finding.verified));
  });

  it('turns a source failure and junk from the source into warnings and findings, not errors', async () => {
    const issuer = await createIssuer();
    const credential = await sign(badge(issuer), issuer);
    const failing: EndorsementSource = {endorsementsAbout: async () => { throw new Error('store down'); }};
    const failed = await verify(credential, {resolver, endorsements: {source: failing}});
    assert.equal(failed.verified, true);
    assert.deepEqual(failed.endorsements, []);
    assert.ok(failed.warnings.some((warning) => /store down/.test(warning)));
    const junk: EndorsementSource = {endorsementsAbout: async () => ['not.a.jwt', 42, {hello: 'world'}]};
    const report = await verify(credential, {resolver, endorsements: {source: junk}});
    assert.equal(report.verified, true);
    assert.equal(report.endorsements.length, 3);
    assert.ok(report.endorsements.every((finding) => !finding.verified && !finding.trusted && finding.problems.length > 0));
  });
});
