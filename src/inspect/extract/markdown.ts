import MarkdownIt from 'markdown-it';
import {extractFromHtml} from './html.ts';
import type {Extraction} from './extraction.ts';

// html: READMEs embed badges as raw <a><img></a> as often as in Markdown syntax; linkify: bare URLs count too.
const markdown = new MarkdownIt({html: true, linkify: true});

/**
 * markdown-it is synchronous and, on hostile text such as a run of "[",
 * costs about 1.7 s of a blocked event loop per MiB. Real READMEs are far
 * smaller and carry their badges at the top, so only this much is read and
 * the rest is reported as unread (worst case about half a second).
 */
export const MAX_MARKDOWN_CHARACTERS = 256 * 1024;

/** Markdown is read the way a forge shows it: rendered to HTML, then read as a page (never served). */
export function extractFromMarkdown(text: string, base: string | null, source: string): Extraction {
  const truncated = text.length > MAX_MARKDOWN_CHARACTERS;
  const extraction = extractFromHtml(markdown.render(truncated ? text.slice(0, MAX_MARKDOWN_CHARACTERS) : text), base, source);
  if (truncated) {
    extraction.problems.push({source, reason: `this Markdown is too large to read whole: only its first ${MAX_MARKDOWN_CHARACTERS / 1024} KiB (of ${Math.ceil(text.length / 1024)} KiB) were read`});
  }
  return extraction;
}
