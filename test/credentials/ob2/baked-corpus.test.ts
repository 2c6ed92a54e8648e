import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {basename, join, resolve} from 'node:path';
import {unbakePng, unbakeSvg} from '../../../src/credentials/baking/index.ts';
import {loadDocumentMap} from '../../../src/credentials/document-map.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource} from '../../../src/credentials/documents.ts';
import {verify} from '../../../src/credentials/verify/index.ts';
import {parseIdentities} from '../../../src/credentials/recipients.ts';
import {Inspector} from '../../../src/inspect/index.ts';
import {Fetcher} from '../../../src/net/fetcher.ts';

/**
 * The baked PNG and SVG cases of the OB 2.0 corpus: what is extracted must
 * be the corpus's `embedded` text, and the inspector (what /verify, the API
 * and the CLI use for images) must reach the expected verdict offline. The
 * fetcher given here reaches nothing: every document comes from urlmap.json.
 */
const CORPUS = resolve(import.meta.dirname, '../../../../shared/interop/ob2-validator');

interface Case {
  id: string;
  file: string;
  kind: string;
  expect: 'valid' | 'invalid';
  reason: string;
  embedded?: string;
  recipient?: {type: string; identity: string | string[]};
}

const cases: Case[] = (JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Case[]).filter((item) => item.kind === 'png' || item.kind === 'svg');
let sources: DocumentSource[];

before(async () => {
  sources = [await loadDocumentMap(join(CORPUS, 'urlmap.json'))];
});

describe('baked Open Badges 2.0 images (corpus, offline)', () => {
  for (const entry of cases) {
    it(`${entry.id}: ${entry.expect} (${entry.reason})`, async () => {
      const bytes = readFileSync(join(CORPUS, entry.file));
      const text = entry.kind === 'png' ? unbakePng(bytes) : unbakeSvg(bytes.toString('utf8'));
      assert.equal(text?.trim() ?? null, entry.embedded?.trim() ?? null, 'the baked text is what the bakery reads');
      const inspector = new Inspector({
        verify: (input, options) => verify(input, {resolver: new DocumentResolver(sources).withBudget(VERIFICATION_BUDGET), now: new Date('2026-12-08T00:00:00Z'), ...options}),
        fetcher: new Fetcher({allowHosts: [], timeoutMs: 1000}),
      });
      const recipient = entry.recipient ? parseIdentities([entry.recipient.identity].flat()) : undefined;
      const result = await inspector.inspect({kind: 'file', bytes, filename: basename(entry.file)}, recipient ? {recipient} : {});
      const verified = result.reports.filter(({report}) => report.verified);
      if (entry.expect === 'valid') {
        assert.equal(verified.length, 1, JSON.stringify(result, null, 1));
        assert.ok(verified[0].report.openBadgesVersion !== '3.0');
        if (recipient) assert.equal(verified[0].report.recipient?.result, 'matched', 'the baked badge is the named person\'s');
      } else {
        assert.equal(verified.length, 0, JSON.stringify(result, null, 1));
        assert.ok(result.reports.length + result.problems.length > 0, 'the inspector says why');
      }
    });
  }
});
