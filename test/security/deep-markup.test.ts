import {test} from 'node:test';
import assert from 'node:assert/strict';
import {extract} from '../../src/inspect/extract/index.ts';
import {bakeSvg, unbakeSvg} from '../../src/credentials/baking/index.ts';

/**
 * htmlparser2 keeps its open-element stack with Array#unshift, so every
 * unclosed element costs time in proportion to the depth so far: a few
 * hundred KB of "<div>" is seconds of a blocked event loop, quadratic in the
 * size. Pages and SVGs strangers send are read only to a sane depth.
 */
const DEEP = 120_000;

function content(text: string) {
  return {bytes: Buffer.from(text), source: 'upload', base: 'https://example.org/', declaredType: null, expectCredential: true};
}

test('an HTML page nested absurdly deep is read up to a depth limit, keeping what came before', async () => {
  const page = `<a href="https://example.org/first">first</a>${'<div>'.repeat(DEEP)}<a href="https://example.org/deep">deep</a>`;
  const extraction = await extract(content(page));
  assert.ok(extraction.links.some((link) => link.url === 'https://example.org/first'), JSON.stringify(extraction.links));
  assert.ok(extraction.problems.some((problem) => /nest/i.test(problem.reason)), JSON.stringify(extraction.problems));
});

test('Markdown with raw HTML nested absurdly deep is refused the same way', async () => {
  const extraction = await extract(content(`# README\n\n${'<span>'.repeat(DEEP)}`));
  assert.ok(extraction.problems.some((problem) => /nest/i.test(problem.reason)), JSON.stringify(extraction.problems));
});

test('an SVG nested absurdly deep is refused, not scanned', () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(DEEP)}</svg>`;
  assert.throws(() => unbakeSvg(svg), /nest/i);
  assert.throws(() => bakeSvg(svg, '{"a":1}'), /nest/i);
});

test('ordinary nesting is untouched', async () => {
  const page = `${'<div>'.repeat(200)}<a href="https://example.org/x">x</a>${'</div>'.repeat(200)}`;
  const extraction = await extract(content(page));
  assert.deepEqual(extraction.links.map((link) => link.url), ['https://example.org/x']);
  assert.deepEqual(extraction.problems, []);
});
