import MarkdownIt from 'markdown-it';
import {extractFromHtml} from './html.ts';
import type {Extraction} from './extraction.ts';

// html: READMEs embed badges as raw <a><img></a> as often as in Markdown syntax; linkify: bare URLs count too.
const markdown = new MarkdownIt({html: true, linkify: true});

/** Markdown is read the way a forge shows it: rendered to HTML, then read as a page (never served). */
export function extractFromMarkdown(text: string, base: string | null, source: string): Extraction {
  return extractFromHtml(markdown.render(text), base, source);
}
