import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {credentialView} from '../../src/pages/credential-view.ts';
import {credentialCard} from '../../src/pages/credential-page.ts';
import type {VerificationReport} from '../../src/credentials/report.ts';

const report: VerificationReport = {
  verified: true,
  status: 'valid',
  checks: [{check: 'proof', result: 'passed', message: 'ok'}],
  credential: null,
  endorsements: [],
  warnings: [],
  errors: [],
};

const credential = (subject: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  issuer: {id: 'did:web:badges.example.org:issuers:acme', name: 'Acme', url: 'javascript:alert(1)'},
  credentialSubject: {type: ['AchievementSubject'], achievement: {name: 'Vetted'}, ...subject},
  ...extra,
});

describe('credential view', () => {
  it('shows a purl subject as a package release', () => {
    const view = credentialView(credential({id: 'pkg:npm/%40scope/left-pad@1.3.0'}), report);
    assert.deepEqual(view.subject, {kind: 'package', purl: 'pkg:npm/%40scope/left-pad@1.3.0', ecosystem: 'npm', name: '@scope/left-pad', version: '1.3.0'});
    assert.match(credentialCard(view).value, /<dt>Package<\/dt><dd>@scope\/left-pad<\/dd><dt>Version<\/dt><dd>1\.3\.0<\/dd>/);
  });

  it('shows any other subject as a person or thing named by its id', () => {
    assert.deepEqual(credentialView(credential({id: 'did:example:alice', name: 'Alice'}), report).subject, {kind: 'person', id: 'did:example:alice', name: 'Alice'});
    assert.deepEqual(credentialView(credential({id: 'pkg:not a purl'}), report).subject, {kind: 'person', id: 'pkg:not a purl', name: null});
  });

  it('never links to a non-http URL from the credential', () => {
    const view = credentialView(credential({id: 'did:example:alice'}, {evidence: [{id: 'javascript:alert(1)', name: 'Audit'}, {id: 'https://example.org/audit', name: 'Review'}]}), report);
    assert.equal(view.issuer.url, null);
    assert.deepEqual(view.evidence.map((item) => item.url), [null, 'https://example.org/audit']);
    assert.doesNotMatch(credentialCard(view).value, /href="javascript/);
  });

  it('renders endorsements when the report carries them', () => {
    const endorsed: VerificationReport = {...report, endorsements: [{id: null, endorser: {id: 'did:web:fsfe.org', name: 'FSFE <script>'}, target: null, about: 'issuer', comment: 'Trustworthy', verified: true, status: 'valid', trusted: true, source: 'embedded', problems: []}]};
    const html = credentialCard(credentialView(credential({id: 'did:example:alice'}), endorsed)).value;
    assert.match(html, /<strong>FSFE &#60;script&#62;<\/strong> endorses the issuer: Trustworthy <span class="muted">\(verified, trusted endorser\)<\/span>/);
  });
});

describe('credential view from a report alone', () => {
  it('takes subject, achievement and issuer from the report summary', () => {
    const view = credentialView(null, {
      ...report,
      credential: {id: 'urn:uuid:1', type: ['VerifiableCredential'], issuer: {id: 'did:example:issuer', name: 'Issuer'}, subject: {id: 'did:example:bob', achievement: {name: 'Reviewer', criteria: {narrative: 'Ten reviews'}}}, achievement: {name: 'Reviewer'}, validFrom: '2026-01-01T00:00:00Z', validUntil: null},
    });
    assert.equal(view.title, 'Reviewer');
    assert.equal(view.achievement.criteria, 'Ten reviews');
    assert.deepEqual(view.issuer, {name: 'Issuer', id: 'did:example:issuer', url: null});
    assert.deepEqual(view.subject, {kind: 'person', id: 'did:example:bob', name: null});
    assert.equal(view.validFrom, '2026-01-01T00:00:00Z');
  });
});
