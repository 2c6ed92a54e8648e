import {isObject, strings, type JsonObject} from '../../json.ts';
import {emptyExtraction, absoluteHttpUrl, type Extraction} from './extraction.ts';
import {looksLikeOb2} from '../../credentials/ob2/index.ts';

const MAX_URLS = 500;
const MAX_ITEMS = 100;

/**
 * Credentials in a JSON document: the document itself, each credential of
 * a VerifiablePresentation or of an array; anything else (a JSON Resume, a
 * profile) is searched for the URLs it mentions, which may lead to some.
 */
export function extractFromJson(text: string, source: string): Extraction {
  const extraction = emptyExtraction();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    extraction.problems.push({source, reason: `not valid JSON: ${(error as Error).message}`});
    return extraction;
  }
  collect(value, source, extraction);
  return extraction;
}

function collect(value: unknown, source: string, extraction: Extraction): void {
  if (Array.isArray(value)) {
    value.slice(0, MAX_ITEMS).forEach((item, index) => collect(item, `${source} [${index}]`, extraction));
    return;
  }
  if (!isObject(value)) return;
  if (isPresentation(value)) {
    const held = value.verifiableCredential;
    const list = Array.isArray(held) ? held : held === undefined ? [] : [held];
    list.slice(0, MAX_ITEMS).forEach((item, index) => {
      extraction.credentials.push({source: list.length > 1 ? `${source} (credential ${index + 1} of ${list.length})` : source, value: item});
    });
    if (list.length === 0) extraction.problems.push({source, reason: 'the presentation holds no credentials'});
    return;
  }
  if (looksLikeCredential(value)) {
    extraction.credentials.push({source, value});
    return;
  }
  for (const url of urlsIn(value)) extraction.links.push({url, kind: 'link'});
}

/** A VerifiablePresentation: its credentials are what count, not the wrapper. */
export function isPresentation(value: JsonObject): boolean {
  return typesOf(value).includes('VerifiablePresentation');
}

function looksLikeCredential(value: JsonObject): boolean {
  if (looksLikeOb2(value)) return true;
  const types = typesOf(value);
  return types.some((type) => type === 'VerifiableCredential' || type === 'EnvelopedVerifiableCredential' || type.endsWith('Credential'))
    && ('@context' in value || types.includes('EnvelopedVerifiableCredential'));
}

function typesOf(value: JsonObject): string[] {
  return strings(value.type);
}

/** Every http(s) URL among the string values, in document order (JSON Resume: profiles, website, awards, certificates). */
function urlsIn(value: unknown): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && found.size < MAX_URLS) {
    const item = stack.pop();
    if (typeof item === 'string') {
      const url = /^https?:\/\//i.test(item) ? absoluteHttpUrl(item, null) : null;
      if (url) found.add(url);
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) stack.push(item[index]);
    } else if (isObject(item)) {
      const values = Object.values(item);
      for (let index = values.length - 1; index >= 0; index -= 1) stack.push(values[index]);
    }
  }
  return [...found];
}
