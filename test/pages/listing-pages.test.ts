import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {communityPage} from '../../src/pages/community-page.ts';
import {packagePage} from '../../src/pages/package-page.ts';
import {reviewerPage} from '../../src/pages/reviewer-page.ts';
import {link, type BadgeListing, type ReviewListing} from '../../src/pages/listings.ts';

const HOSTILE = '<script>alert(1)</script>';
const badge: BadgeListing = {title: HOSTILE, subject: 'pkg:npm/left-pad@1.3.0', community: 'Assay <b>', status: 'valid', issuedAt: '2026-11-25T15:00:00Z', credentialPath: '/credentials/x', badgePath: '/badges/x.svg'};
const review: ReviewListing = {reviewer: 'Mallory', reviewerPath: 'javascript:alert(1)', subject: 'pkg:npm/left-pad@1.3.0', subjectPath: '/packages/npm/left-pad', community: null, verdict: 'safe-to-run', summary: HOSTILE, date: null};

describe('community, package and reviewer pages', () => {
  it('render hostile text inert and never link to javascript:', () => {
    const pages = [
      communityPage({name: HOSTILE, description: HOSTILE, homepage: 'javascript:alert(1)', policies: [{name: HOSTILE, description: null, criteria: `A release earns this badge when:\n- ${HOSTILE}`, path: '//evil.example'}], auditors: [{name: 'Alice', path: '/\\evil.example'}], endorsements: [{endorser: HOSTILE, comment: null}], latestBadges: [badge]}),
      packagePage({purl: 'pkg:npm/left-pad', ecosystem: 'npm', name: HOSTILE, badges: [badge], reviews: [review]}),
      reviewerPage({name: HOSTILE, bio: HOSTILE, standing: null, reviews: [review], credentials: [badge]}),
    ];
    for (const page of pages) {
      assert.doesNotMatch(page.value, /<script|<b>/);
      assert.doesNotMatch(page.value, /href="(javascript:|\/\/|\/\\)/);
      assert.match(page.value, /&#60;script&#62;/);
    }
    assert.match(pages[1].value, /<a href="\/credentials\/x"><img src="\/badges\/x\.svg"/);
  });

  it('say plainly when there is nothing yet', () => {
    const page = communityPage({name: 'Assay', description: null, homepage: null, policies: [], auditors: [], endorsements: [], latestBadges: []});
    assert.match(page.value, /has not published a policy yet/);
    assert.match(page.value, /No auditors admitted yet/);
    assert.match(page.value, /No badges awarded yet/);
  });

  it('links internal paths and http(s) URLs only', () => {
    assert.equal(link('/packages/npm/x', 'x').value, '<a href="/packages/npm/x">x</a>');
    assert.equal(link('https://example.org/a?b=1&c=2', 'x').value, '<a href="https://example.org/a?b=1&#38;c=2">x</a>');
    assert.equal(link('data:text/html,hi', 'x').value, 'x');
    assert.equal(link(null, 'x').value, 'x');
  });
});
