import {UsageError} from './usage.ts';

/**
 * The CLI's one HTTP client for the Hallmark API. It talks to the server the
 * user names (--server or HALLMARK_SERVER) with the user's token, so it is a
 * client of our own API, not the service fetching untrusted URLs: that is
 * why it does not go through net/Fetcher (which is GET-only and blocks
 * loopback). It still bounds time and response size.
 */
export interface ApiTarget {
  server: string;
  token: string | undefined;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** --server/--token, falling back to HALLMARK_SERVER/HALLMARK_TOKEN. */
export function apiTarget(values: {server?: string; token?: string}, env: Record<string, string | undefined> = process.env): ApiTarget {
  const server = values.server ?? env.HALLMARK_SERVER;
  if (!server) throw new UsageError('name the Hallmark server with --server or HALLMARK_SERVER');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server: "${server}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--server must be an http: or https: URL');
  return {server: url.href.replace(/\/+$/, ''), token: values.token ?? env.HALLMARK_TOKEN ?? undefined};
}

/** Sends one request; the body is JSON unless `contentType` says otherwise and it is text. */
export async function callApi(target: ApiTarget, method: string, path: string, body?: {json: unknown} | {text: string; contentType: string}): Promise<ApiResponse> {
  const headers: Record<string, string> = {accept: 'application/json'};
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  let payload: string | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.text;
  }
  const response = await fetch(`${target.server}${path}`, {method, headers, body: payload, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS)});
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) throw new Error(`the server's response is larger than ${MAX_RESPONSE_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new Error(`the server's response is larger than ${MAX_RESPONSE_BYTES} bytes`);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // Not JSON (a proxy's error page, say): hand it back as text.
  }
  return {status: response.status, body: parsed};
}

/** The message of a Hallmark error body, with its field problems, for stderr. */
export function describeApiError(response: ApiResponse): string {
  const error = (response.body as {error?: {message?: string; problems?: Array<{field: string; problem: string}>}} | null)?.error;
  if (!error) return `HTTP ${response.status}: ${typeof response.body === 'string' ? response.body.slice(0, 500) : JSON.stringify(response.body).slice(0, 500)}`;
  const problems = (error.problems ?? []).map((problem) => `\n  ${problem.field || '(body)'}: ${problem.problem}`).join('');
  return `HTTP ${response.status}: ${error.message ?? 'error'}${problems}`;
}
