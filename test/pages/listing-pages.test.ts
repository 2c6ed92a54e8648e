import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {communityPage} from '../../src/pages/community-page.ts';
import {packagePage} from '../../src/pages/package-page.ts';
import {reviewerPage} from '../../src/pages/reviewer-page.ts';
import {link, type BadgeListing, type ReviewListing} from '../../src/pages/listings.ts';

const HOSTILE = '<script>alert(1)</script>';
const badge: BadgeListing = {title: HOSTILE, subject: 'pkg:npm/left-pad@1.3.0', community: 'Assay <b>', status: 'valid', issuedAt: '2026-11-25T15:00:00Z', credentialPath: '/credentials/x', badgePath: '/badges/x.svg'};
const review: ReviewListing = {reviewer: 'Mallory', reviewerPath: 'javascript:alert(1)', subject: 'pkg:npm/left-pad@1.3.0', subjectPath: '/packages/npm/left-pad', community: null, verdict: 'safe-to-run', summary: HOSTILE, date: null};

const ACTIONS = {bakedPng: '/credentials/x/baked.png', bakedSvg: '/credentials/x/baked.svg', verificationUrl: 'https://h.example/credentials/x"><script>', linkedIn: 'https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=x'};

describe('community, package and reviewer pages', () => {
  it('render hostile text inert and never link to javascript:', () => {
    const pages = [
      communityPage({name: HOSTILE, description: HOSTILE, homepage: 'javascript:alert(1)', policies: [{name: HOSTILE, description: null, criteria: `A release earns this badge when:\n- ${HOSTILE}`, path: '//evil.example'}], auditors: [{name: 'Alice', path: '/\\evil.example'}], endorsements: [{endorser: HOSTILE, comment: null}], latestBadges: [badge]}),
      packagePage({purl: 'pkg:npm/left-pad', ecosystem: 'npm', name: HOSTILE, badges: [badge], reviews: [review]}),
      reviewerPage({name: HOSTILE, bio: HOSTILE, standing: null, endorsements: [{endorser: HOSTILE, comment: HOSTILE}], reviews: [review], credentials: [{...badge, actions: ACTIONS}]}),
    ];
    for (const page of pages) {
      assert.doesNotMatch(page.value, /<script|<b>/);
      assert.doesNotMatch(page.value, /href="(javascript:|\/\/|\/\\)/);
      assert.match(page.value, /&#60;script&#62;/);
    }
    assert.match(pages[1].value, /<a href="\/credentials\/x"><img src="\/badges\/x\.svg"/);
    // Each of a reviewer's credentials: baked downloads, a labelled verification link to copy, and LinkedIn's add form.
    assert.match(pages[2].value, /<a href="\/credentials\/x\/baked\.png" download>Download baked PNG<\/a> <a href="\/credentials\/x\/baked\.svg" download>Download baked SVG<\/a> <a href="https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&#38;name=x" rel="noopener">Add to LinkedIn<\/a>/);
    assert.match(pages[2].value, /<label for="verification-link-1">Verification link \(copy it into a résumé\)<\/label><br><input id="verification-link-1" class="snippet" type="url" readonly value="https:\/\/h\.example\/credentials\/x&#34;&#62;&#60;script&#62;">/);
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
