import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {join, resolve} from 'node:path';
import {hallmark} from './helpers/cli.ts';

/**
 * `hallmark verify --documents <urlmap.json>` answers every Open Badges 2.0
 * fetch from the map — hosted assertions, badge classes, issuers, keys,
 * revocation lists — so the OB 2.0 corpus verifies with nothing fetched.
 * A few cases of each kind through the real CLI (the whole corpus is
 * verified in-process, offline, by test/credentials/ob2/*corpus.test.ts).
 */
const CORPUS = resolve(import.meta.dirname, '../../shared/interop/ob2-validator');
const MAP = join(CORPUS, 'urlmap.json');
// No fetch may leave the machine: nothing is allowed, and the map answers everything the cases need.
const offline = {isolated: true, env: {}};

describe('hallmark verify --documents with Open Badges 2.0', () => {
  it('verifies a hosted assertion from the map and names its version (exit 0)', async () => {
    const run = await hallmark(['verify', join(CORPUS, 'components/2_0_basic_assertion.json'), '--documents', MAP], offline);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^VALID: Assertion https:\/\/example\.org\/beths-robotics-badge\.json \(Open Badges 2\.0\)/);
    assert.match(run.stdout, /Hosted verification: the issuer's copy was fetched from/);
  });

  it('reports an assertion whose hosted copy is revoked as REVOKED (exit 1)', async () => {
    const run = await hallmark(['verify', join(CORPUS, 'inputs/revoked-stub.json'), '--documents', MAP, '--json'], offline);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'revoked');
    assert.equal(report.openBadgesVersion, '2.0');
  });

  it('verifies a signed assertion with its key and the issuer from the map (exit 0)', async () => {
    const run = await hallmark(['verify', join(CORPUS, 'signed/valid.jws'), '--documents', MAP], offline);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /RS256 signature verifies with the issuer's key "http:\/\/example\.org\/key1"/);
  });

  it('verifies a PNG baked with an assertion URL, and an OB 1.0 assertion, through the inspector (exit 0)', async () => {
    const png = await hallmark(['verify', join(CORPUS, 'baked/heart-itxt-url.png'), '--documents', MAP], offline);
    assert.equal(png.code, 0, png.stdout + png.stderr);
    assert.match(png.stdout, /^VALID: Assertion https:\/\/example\.org\/beths-robotics-badge\.json \(Open Badges 2\.0\)/m);
    const legacy = await hallmark(['verify', join(CORPUS, 'components/1_0_basic_assertion.json'), '--documents', MAP], offline);
    assert.equal(legacy.code, 0, legacy.stdout + legacy.stderr);
    assert.match(legacy.stdout, /VALID: Assertion http:\/\/a\.com\/instance \(Open Badges 1\.0\)/);
  });

  it('says a URL missing from the map could not be obtained (SVG baked with an unhosted URL: exit 3)', async () => {
    const run = await hallmark(['verify', join(CORPUS, 'baked/bakery-baked_example.svg'), '--documents', MAP], offline);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /INDETERMINATE/);
    assert.match(run.stdout, /https:\/\/example\.org\/assertion\.json/);
  });
});
