import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {PNG} from 'pngjs';
import {sniff} from '../../src/inspect/extract/sniff.ts';
import {extract} from '../../src/inspect/extract/index.ts';
import {extractFromHtml} from '../../src/inspect/extract/html.ts';
import {extractFromMarkdown} from '../../src/inspect/extract/markdown.ts';
import {extractFromJson} from '../../src/inspect/extract/json.ts';
import {extractFromPdf} from '../../src/inspect/extract/pdf.ts';
import {bakePng, bakeSvg} from '../../src/credentials/baking/index.ts';
import {resumePdf} from './pdf-fixtures.ts';

const CREDENTIAL = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'OpenBadgeCredential'], id: 'urn:uuid:1'};
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';

function png(): Buffer {
  return PNG.sync.write(new PNG({width: 1, height: 1}));
}

describe('sniffing content by its bytes', () => {
  const cases: Array<[string, Uint8Array, string | null, string]> = [
    ['a PNG named .json', png(), 'application/json', 'png'],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), null, 'pdf'],
    ['JSON with a BOM', Buffer.from('\uFEFF  {"a": 1}'), null, 'json'],
    ['a JSON array', Buffer.from('[1]'), 'text/html', 'json'],
    ['a compact JWT', Buffer.from(`${JWT}\n`), null, 'jwt'],
    ['an SVG with an XML declaration', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), null, 'svg'],
    ['HTML', Buffer.from('<!doctype html><html><body></body></html>'), null, 'html'],
    ['Markdown', Buffer.from('# Title\n[link](https://example.org)'), null, 'markdown'],
    ['Markdown opening with a badge', Buffer.from('[![b](https://x.example/b.svg)](https://x.example/)\n'), 'application/json', 'markdown'],
  ];
  for (const [what, bytes, declared, kind] of cases) {
    it(`recognises ${what}`, () => assert.equal(sniff(bytes, declared), kind));
  }

  it('says so when a file claims to be a PDF but is not one', async () => {
    const result = await extract({bytes: Buffer.from('<html>not a pdf</html>'), source: 'cv.pdf', base: null, declaredType: null, filename: 'cv.pdf', expectCredential: true});
    assert.deepEqual(result.credentials, []);
    assert.match(result.problems[0].reason, /claims to be a PDF but is not one/);
  });
});

describe('HTML pages', () => {
  it('finds links, images with the link around them (GitHub camo originals too), JSON alternates and embedded credentials', () => {
    const html = `<html><head><link rel="alternate" type="application/ld+json" href="/credentials/1.json">
      <script type="application/ld+json">${JSON.stringify(CREDENTIAL)}</script></head><body>
      <a href="https://hallmark.example/credentials/abc"><img src="https://camo.githubusercontent.com/x" data-canonical-src="https://hallmark.example/badges/abc.svg"></a>
      <img src="standalone.png"><a href="mailto:me@example.org">mail</a><a href="#top">top</a></body></html>`;
    const result = extractFromHtml(html, 'https://site.example/page', 'page');
    assert.deepEqual(result.credentials.map((found) => found.value), [CREDENTIAL]);
    assert.deepEqual(result.links, [
      {url: 'https://site.example/credentials/1.json', kind: 'alternate'},
      {url: 'https://hallmark.example/credentials/abc', kind: 'link'},
      {url: 'https://hallmark.example/badges/abc.svg', kind: 'image', href: 'https://hallmark.example/credentials/abc'},
      {url: 'https://site.example/standalone.png', kind: 'image', href: null},
      {url: 'https://site.example/page', kind: 'link'},
    ]);
  });

  it('drops relative links when there is no base to resolve them against', () => {
    assert.deepEqual(extractFromHtml('<a href="/x">x</a><a href="https://a.example/">a</a>', null, 'text').links, [{url: 'https://a.example/', kind: 'link'}]);
  });
});

describe('Markdown', () => {
  it('reads the badge snippet, raw HTML badges and bare URLs', () => {
    const md = [
      '# my-package',
      '[![Hallmark](https://hallmark.example/badges/abc.svg)](https://hallmark.example/credentials/abc)',
      '<a href="https://hallmark.example/credentials/def"><img src="https://hallmark.example/badges/def.svg"></a>',
      'See https://example.org/docs for more.',
    ].join('\n\n');
    const links = extractFromMarkdown(md, null, 'README').links;
    assert.deepEqual(links.filter((link) => link.kind === 'image'), [
      {url: 'https://hallmark.example/badges/abc.svg', kind: 'image', href: 'https://hallmark.example/credentials/abc'},
      {url: 'https://hallmark.example/badges/def.svg', kind: 'image', href: 'https://hallmark.example/credentials/def'},
    ]);
    assert.ok(links.some((link) => link.url === 'https://example.org/docs'));
  });
});

describe('JSON documents', () => {
  it('takes a credential as it is', () => {
    assert.deepEqual(extractFromJson(JSON.stringify(CREDENTIAL), 'x').credentials, [{source: 'x', value: CREDENTIAL}]);
  });

  it('takes every credential of a presentation, JWTs included', () => {
    const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [CREDENTIAL, JWT]};
    const found = extractFromJson(JSON.stringify(presentation), 'vp').credentials;
    assert.deepEqual(found.map((item) => item.value), [CREDENTIAL, JWT]);
    assert.match(found[1].source, /credential 2 of 2/);
  });

  it('follows the URLs of a JSON Resume', () => {
    const resume = {basics: {name: 'Ada', url: 'https://ada.example', profiles: [{network: 'GitHub', url: 'https://github.com/ada'}]}, certificates: [{name: 'Reviewer', url: 'https://hallmark.example/credentials/abc'}], note: 'not a url'};
    assert.deepEqual(extractFromJson(JSON.stringify(resume), 'resume').links.map((link) => link.url), ['https://ada.example/', 'https://github.com/ada', 'https://hallmark.example/credentials/abc']);
  });

  it('reports malformed JSON', () => {
    assert.match(extractFromJson('{"a":', 'x').problems[0].reason, /not valid JSON/);
  });
});

describe('PDF résumés', () => {
  it('finds link annotations and URLs in the text', async () => {
    const bytes = await resumePdf('https://hallmark.example/credentials/in-text', 'https://hallmark.example/credentials/annotated');
    const result = await extractFromPdf(bytes, 'cv.pdf');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.links.map((link) => link.url).sort(), ['https://hallmark.example/credentials/annotated', 'https://hallmark.example/credentials/in-text']);
  });

  it('reports a broken PDF as a problem, not a crash', async () => {
    const result = await extractFromPdf(Buffer.from('%PDF-1.7\nthis is not really a pdf'), 'broken.pdf');
    assert.equal(result.links.length, 0);
    assert.match(result.problems[0].reason, /not a readable PDF/);
  });
});

describe('baked images', () => {
  it('unbakes PNG and SVG files whatever they are named', async () => {
    const fromPng = await extract({bytes: bakePng(png(), JWT), source: 'badge.json', base: null, declaredType: 'application/json', expectCredential: true});
    assert.deepEqual(fromPng.credentials, [{source: 'badge.json', value: JWT}]);
    const fromSvg = await extract({bytes: Buffer.from(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"></svg>', JWT)), source: 'b.svg', base: null, declaredType: null, expectCredential: true});
    assert.deepEqual(fromSvg.credentials, [{source: 'b.svg', value: JWT}]);
  });

  it('says when a given image carries no credential', async () => {
    const result = await extract({bytes: png(), source: 'plain.png', base: null, declaredType: null, expectCredential: true});
    assert.match(result.problems[0].reason, /carries no baked credential/);
  });
});
