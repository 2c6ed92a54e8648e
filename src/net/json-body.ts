import { FetchError } from './errors.ts';
import type { FetchedResponse } from './fetcher.ts';

/** What fetchJson asks for: the JSON types documents we resolve are served as. */
export const JSON_ACCEPT =
  'application/ld+json, application/json, application/did+json, application/did+ld+json, application/vc;q=0.9, application/*+json;q=0.9, text/plain;q=0.5';

/** Parses a fetched body as JSON, or says why the response is not a JSON document. */
export function parseJsonResponse(response: FetchedResponse): unknown {
  const { url, status, contentType, body } = response;
  if (status < 200 || status > 299) {
    throw new FetchError('http-status', url, `${url} answered HTTP ${status}`, { status });
  }
  if (!isJsonish(contentType)) {
    throw new FetchError('bad-content', url, `${url} is ${contentType}, not JSON`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (error) {
    throw new FetchError('bad-content', url, `${url} is not valid UTF-8`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FetchError('bad-content', url, `${url} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * JSON media types, their `+json` relatives (ld+json, did+json,
 * activity+json, vc+ld+json, …), VC 2.0's application/vc and application/vp, and the text/plain that static hosts
 * often serve .json files as. A missing Content-Type is given the benefit
 * of the doubt; parsing decides.
 */
function isJsonish(contentType: string | null): boolean {
  if (contentType === null) return true;
  return contentType === 'application/json'
    // VC 2.0's own media types are JSON-LD without a +json suffix.
    || contentType === 'application/vc'
    || contentType === 'application/vp'
    || contentType === 'text/json'
    || contentType === 'text/plain'
    || /^application\/[a-z0-9.+-]+\+json$/.test(contentType);
}
