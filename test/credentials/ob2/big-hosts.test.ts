import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {MapDocumentSource} from '../../../src/credentials/documents.ts';
import {publishedAssertion} from '../../../src/credentials/ob2/index.ts';
import {DocumentResolver, VERIFICATION_BUDGET} from '../../../src/credentials/documents.ts';
import {verify} from '../../../src/credentials/verify/index.ts';
import {Inspector} from '../../../src/inspect/index.ts';
import {Fetcher} from '../../../src/net/fetcher.ts';

/** Badge pages on the big OB 2.0 hosts lead to the assertions those hosts publish (big-hosts.ts cites each pattern). */
const CREDLY_ID = '54a07c5c-89f9-4c33-9731-e1b0d34f88b9';

describe('big hosts\' badge pages', () => {
  it('maps each host\'s documented page pattern to its assertion URL', () => {
    const cases: [string, string | undefined][] = [
      [`https://www.credly.com/badges/${CREDLY_ID}`, `https://api.credly.com/v1/obi/v2/badge_assertions/${CREDLY_ID}`],
      [`https://www.credly.com/badges/${CREDLY_ID.toUpperCase()}/public_url`, `https://api.credly.com/v1/obi/v2/badge_assertions/${CREDLY_ID}`],
      ['https://badgr.com/public/assertions/ewkha2NyQ8-IAo-788fTUA', 'https://api.badgr.io/public/assertions/ewkha2NyQ8-IAo-788fTUA'],
      ['https://eu.badgr.com/public/assertions/VYyqk62SQfq4Hx1E3CsHHg', 'https://api.eu.badgr.io/public/assertions/VYyqk62SQfq4Hx1E3CsHHg'],
      ['https://api.eu.badgr.io/public/assertions/VYyqk62SQfq4Hx1E3CsHHg?identity__email=a%40b.org', 'https://api.eu.badgr.io/public/assertions/VYyqk62SQfq4Hx1E3CsHHg'],
      ['https://badges.parchment.com/public/assertions/pTuc1mz5TFSfgsVjtfWISQ', 'https://api.badgr.io/public/assertions/pTuc1mz5TFSfgsVjtfWISQ'],
      ['https://openbadgefactory.com/v1/assertion/1ad0ca0b37b55d3def2a09fc01d2167bac8e28dd.html', 'https://openbadgefactory.com/v1/assertion/1ad0ca0b37b55d3def2a09fc01d2167bac8e28dd'],
      ['https://badges.vocalcat.com/view/grant/abc123', 'https://badges.vocalcat.com/openbadge/abc123'],
      // Look-alikes and other pages are left alone.
      [`https://credly.com.evil.example/badges/${CREDLY_ID}`, undefined],
      ['https://www.credly.com/users/someone', undefined],
      ['https://badgr.example/public/assertions/ewkha2NyQ8-IAo-788fTUA', undefined],
      ['https://openbadgefactory.com/v1/badge/1ad0ca0b37b55d3def2a09fc01d2167bac8e28dd', undefined],
      ['ftp://www.credly.com/badges/' + CREDLY_ID, undefined],
      ['not a url', undefined],
    ];
    for (const [page, expected] of cases) assert.equal(publishedAssertion(page)?.url, expected, page);
  });

  it('verifies a Credly badge page through the assertion Credly publishes (documents from a map, nothing fetched)', async () => {
    const assertionUrl = `https://api.credly.com/v1/obi/v2/badge_assertions/${CREDLY_ID}`;
    const badge = 'https://api.credly.com/v1/obi/v2/issuers/12b808a7/badge_classes/670dcefd';
    const issuer = 'https://api.credly.com/v1/obi/v2/issuers/12b808a7';
    const documents = new Map<string, unknown>([
      [assertionUrl, {'@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: assertionUrl, badge, issuedOn: '2024-04-01T14:41:00.000Z', recipient: {type: 'email', identity: 'sha256$b36a83701f1c3191e19722d6f90274bc1b5501fe69ebf33313e440fe4b0fe210', hashed: true}, verification: {type: 'hosted'}}],
      [badge, {'@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: badge, name: 'Kickboxing', description: 'Kicks.', image: 'https://images.credly.com/x.png', criteria: {id: 'https://www.credly.com/org/x/badge/y', narrative: 'Attend.'}, issuer}],
      [issuer, {'@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: issuer, name: 'Example Gym', url: 'https://gym.example', email: 'badges@gym.example'}],
    ]);
    const inspector = new Inspector({
      verify: (input) => verify(input, {resolver: new DocumentResolver([new MapDocumentSource(documents)]).withBudget(VERIFICATION_BUDGET)}),
      fetcher: new Fetcher({allowHosts: [], timeoutMs: 500}),
    });
    const result = await inspector.inspect({kind: 'url', url: `https://www.credly.com/badges/${CREDLY_ID}/public_url`});
    assert.equal(result.reports.length, 1, JSON.stringify(result));
    const {report, source} = result.reports[0];
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
    assert.equal(report.openBadgesVersion, '2.0');
    assert.equal(report.credential?.issuer.name, 'Example Gym');
    assert.match(source, /Credly's assertion/);
  });
});
