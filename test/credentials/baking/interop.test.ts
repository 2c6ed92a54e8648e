import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {loadDocumentMap} from '../../../src/credentials/document-map.ts';
import {DocumentResolver} from '../../../src/credentials/documents.ts';
import {verify} from '../../../src/credentials/verify/index.ts';
import {unbakePng, unbakeSvg} from '../../../src/credentials/baking/index.ts';

/**
 * The baked images of the interop corpus (../shared/interop): other
 * issuers' PNG and SVG badges unbake, and verify as expected.json says.
 * The 1EdTech samples' keys are named only by the credentials themselves
 * (header jwk, verification method URL), so their expectation holds with
 * trustEmbeddedKeys, as in test/credentials/interop.test.ts; by default the
 * issuer check refuses them, and that is asserted too. The DCC images are
 * QR codes, not baked badges: nothing must unbake from them.
 */
const INTEROP = resolve(import.meta.dirname, '../../../../shared/interop');

interface Entry {
  file: string;
  format: string;
  role: string;
  expect: string;
}

function entries(folder: string): Entry[] {
  return (JSON.parse(readFileSync(join(INTEROP, folder, 'expected.json'), 'utf8')) as Entry[]).filter((entry) => entry.format === 'png' || entry.format === 'svg');
}

function unbake(folder: string, entry: Entry): string | null {
  const bytes = readFileSync(join(INTEROP, folder, entry.file));
  return entry.format === 'png' ? unbakePng(bytes) : unbakeSvg(bytes.toString('utf8'));
}

describe('interop corpus: baked badges of other issuers', () => {
  let resolver: DocumentResolver;
  before(async () => {
    resolver = new DocumentResolver([await loadDocumentMap(join(INTEROP, '1edtech-validator')), await loadDocumentMap(join(INTEROP, 'ob3-spec'))]);
  });

  const baked = entries('1edtech-validator').filter((entry) => entry.role === 'credential');
  it('the corpus holds baked PNG and SVG credentials', () => {
    assert.ok(baked.some((entry) => entry.format === 'png') && baked.some((entry) => entry.format === 'svg'));
  });

  for (const entry of baked) {
    it(`1edtech-validator/${entry.file} unbakes and verifies: ${entry.expect}`, async () => {
      const text = unbake('1edtech-validator', entry);
      assert.ok(text, 'a credential unbakes');
      const trusting = await verify(text, {resolver, trustEmbeddedKeys: true});
      assert.equal(trusting.verified, true, trusting.errors.join(' | '));
      if (entry.expect === 'valid-with-warning') assert.ok(trusting.warnings.length > 0);
      const strict = await verify(text, {resolver});
      assert.equal(strict.verified, false);
      assert.match(strict.checks.find((check) => check.check === 'issuer')?.message ?? '', /named only by the credential itself/);
    });
  }

  const qrCodes = entries('dcc-fixtures').filter((entry) => entry.role === 'qr-code');
  it(`the ${qrCodes.length} DCC QR-code images carry no baked credential`, () => {
    assert.ok(qrCodes.length > 0);
    for (const entry of qrCodes) assert.equal(unbake('dcc-fixtures', entry), null, entry.file);
  });
});
