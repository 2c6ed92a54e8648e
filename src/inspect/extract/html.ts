import {Parser} from 'htmlparser2';
import {extractFromJson} from './json.ts';
import {absoluteHttpUrl, emptyExtraction, type Extraction, type FoundLink} from './extraction.ts';

const JSON_TYPES = new Set(['application/ld+json', 'application/json', 'application/vc+ld+json', 'application/vc']);
const MAX_LINKS = 5000;
/**
 * htmlparser2 keeps open elements with Array#unshift: each unclosed element
 * costs time in proportion to the depth so far, so deep nesting is quadratic
 * (120,000 "<div>"s: seconds of a blocked event loop). Real pages nest a few
 * dozen deep; reading stops at this depth.
 */
export const MAX_ELEMENT_DEPTH = 1000;

/**
 * htmlparser2 is linear (about 50 ms per MiB), but the page is read on the
 * event loop; beyond this only the beginning is read, which is where pages
 * put their JSON alternates and READMEs their badges.
 */
export const MAX_HTML_CHARACTERS = 2 * 1024 * 1024;

class TooDeep extends Error {}

/**
 * Links, images (with the link around each, for the look-alike check) and
 * JSON alternates of an HTML page, plus credentials embedded in
 * `<script type="application/ld+json">`. GitHub's rendered READMEs proxy
 * images through camo and keep the original in data-canonical-src.
 */
export function extractFromHtml(html: string, base: string | null, source: string): Extraction {
  const extraction = emptyExtraction();
  const seen = new Set<string>();
  const anchors: (string | null)[] = [];
  let script: string[] | null = null;
  let scriptCount = 0;
  let depth = 0;
  const add = (link: FoundLink): void => {
    const key = `${link.kind} ${link.url} ${link.href ?? ''}`;
    if (seen.has(key) || extraction.links.length >= MAX_LINKS) return;
    seen.add(key);
    extraction.links.push(link);
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      if (++depth > MAX_ELEMENT_DEPTH) throw new TooDeep();
      if (name === 'a') {
        const href = attributes.href === undefined ? null : absoluteHttpUrl(attributes.href, base);
        anchors.push(href);
        if (href) add({url: href, kind: 'link'});
      } else if (name === 'img') {
        const reference = attributes['data-canonical-src'] ?? attributes.src;
        const url = reference === undefined ? null : absoluteHttpUrl(reference, base);
        if (url) add({url, kind: 'image', href: anchors.findLast((href) => href !== null) ?? null});
      } else if (name === 'link' && /\balternate\b/i.test(attributes.rel ?? '') && JSON_TYPES.has((attributes.type ?? '').toLowerCase())) {
        const url = attributes.href === undefined ? null : absoluteHttpUrl(attributes.href, base);
        if (url) add({url, kind: 'alternate'});
      } else if (name === 'script' && JSON_TYPES.has((attributes.type ?? '').toLowerCase())) {
        script = [];
      }
    },
    ontext(text) {
      script?.push(text);
    },
    onclosetag(name) {
      depth -= 1;
      if (name === 'a') anchors.pop();
      if (name === 'script' && script !== null) {
        scriptCount += 1;
        const found = extractFromJson(script.join(''), `${source} (embedded JSON ${scriptCount})`);
        extraction.credentials.push(...found.credentials);
        script = null;
      }
    },
  }, {decodeEntities: true});
  const truncated = html.length > MAX_HTML_CHARACTERS;
  try {
    parser.write(truncated ? html.slice(0, MAX_HTML_CHARACTERS) : html);
    parser.end();
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    extraction.problems.push({source, reason: `read only up to an element nested more than ${MAX_ELEMENT_DEPTH} deep`});
  }
  if (truncated) {
    extraction.problems.push({source, reason: `this page is too large to read whole: only its first ${MAX_HTML_CHARACTERS / 1024 / 1024} MiB (of ${(html.length / 1024 / 1024).toFixed(1)} MiB) were read`});
  }
  return extraction;
}
