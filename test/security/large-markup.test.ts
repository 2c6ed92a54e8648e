import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {extract} from '../../src/inspect/extract/index.ts';
import {extractFromMarkdown, MAX_MARKDOWN_CHARACTERS} from '../../src/inspect/extract/markdown.ts';
import {MAX_HTML_CHARACTERS} from '../../src/inspect/extract/html.ts';
import {assertNoDearerThan} from '../helpers/timing.ts';

/**
 * markdown-it costs seconds per MiB of hostile text (a run of "["), all on
 * the event loop: a 10 MiB upload must not hold the public server that long.
 */
describe('oversized Markdown and HTML', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(() => t.close());

  const problemsOf = (body: {problems: {reason: string}[]}): string[] => body.problems.map((problem) => problem.reason);

  const upload = (bytes: number) => t.http.post('/api/v1/verify').attach('file', Buffer.alloc(bytes, '['), {filename: 'README.md', contentType: 'text/markdown'});

  it('a 10 MiB Markdown upload of "[" is answered in about the time its readable start takes, saying only the start was read', async () => {
    // Just under the 10 MiB upload limit, which the multipart envelope counts towards.
    const large = 10 * 1024 * 1024 - 1024;
    const response = await upload(large);
    assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 500));
    assert.ok(problemsOf(response.body).some((reason) => /too large to read whole/.test(reason)), JSON.stringify(response.body.problems));
    // Unbounded, the whole upload was rendered: forty times the start's cost (~15 s on an idle machine).
    // Bounded, it costs what the readable start does, plus receiving the rest.
    await assertNoDearerThan(() => upload(large), () => upload(MAX_MARKDOWN_CHARACTERS), {ratio: 4, slackMs: 300, runs: 1, warmUp: false});
  });

  it('rendering 10 MiB of "[" holds the event loop only as long as rendering the start that is read', async () => {
    const huge = '['.repeat(10 * 1024 * 1024);
    const start = '['.repeat(MAX_MARKDOWN_CHARACTERS);
    await assertNoDearerThan(() => {
      const extraction = extractFromMarkdown(huge, null, 'README');
      assert.ok(extraction.problems.some((problem) => /Markdown is too large/.test(problem.reason)), JSON.stringify(extraction.problems));
    }, () => extractFromMarkdown(start, null, 'README'), {ratio: 2, runs: 2, warmUp: false});
  });

  it('a large README still yields the badges at its top and reports the rest as unread', async () => {
    const readme = `[![badge](https://example.org/badge.svg)](https://example.org/top)\n\n${'lorem ipsum '.repeat(MAX_MARKDOWN_CHARACTERS / 6)}\n\n[late](https://example.org/late)\n`;
    const extraction = await extract({bytes: Buffer.from(readme), source: 'README', base: null, declaredType: 'text/markdown', expectCredential: false});
    const urls = extraction.links.map((link) => link.url);
    assert.ok(urls.includes('https://example.org/top'), JSON.stringify(urls));
    assert.ok(!urls.includes('https://example.org/late'), JSON.stringify(urls));
    assert.ok(extraction.problems.some((problem) => /Markdown is too large/.test(problem.reason)), JSON.stringify(extraction.problems));
  });

  it('an oversized HTML page is read up to the limit, with a problem saying so', async () => {
    const page = `<a href="https://example.org/top">top</a>${'<p>x</p>'.repeat(MAX_HTML_CHARACTERS / 8)}<a href="https://example.org/late">late</a>`;
    const extraction = await extract({bytes: Buffer.from(page), source: 'page', base: null, declaredType: 'text/html', expectCredential: false});
    const urls = extraction.links.map((link) => link.url);
    assert.deepEqual(urls, ['https://example.org/top']);
    assert.ok(extraction.problems.some((problem) => /page is too large/.test(problem.reason)), JSON.stringify(extraction.problems));
  });

  it('an ordinary README is read whole without such a problem', async () => {
    const extraction = await extract({bytes: Buffer.from('# x\n\n[a](https://example.org/a)\n'), source: 'README', base: null, declaredType: 'text/markdown', expectCredential: false});
    assert.deepEqual(extraction.links.map((link) => link.url), ['https://example.org/a']);
    assert.deepEqual(extraction.problems, []);
  });
});
