import {isObject} from '../json.ts';
import {UsageError} from './usage.ts';
import {readInput} from './input.ts';

/**
 * The CLI's calls to its own configured Hallmark server. This is the one
 * place the CLI uses Node's fetch: the server is the operator's own, named by
 * --server or HALLMARK_SERVER, not untrusted content to retrieve.
 */

const TIMEOUT_MS = 30_000;
const MAX_BODY_FILE_BYTES = 1024 * 1024;

export interface ServerOptions {
  server?: string;
  token?: string;
}

export interface ApiTarget {
  server: URL;
  /** Null for public endpoints called without one. */
  token: string | null;
}

export function apiTarget(options: ServerOptions, env: NodeJS.ProcessEnv = process.env, {tokenRequired = true} = {}): ApiTarget {
  const serverText = options.server ?? env.HALLMARK_SERVER;
  const token = options.token ?? env.HALLMARK_TOKEN ?? null;
  if (!serverText) throw new UsageError('name the server with --server URL or HALLMARK_SERVER');
  if (!token && tokenRequired) throw new UsageError('give a bearer token with --token T or HALLMARK_TOKEN');
  let server: URL;
  try {
    server = new URL(serverText);
  } catch {
    throw new UsageError(`--server "${serverText.slice(0, 200)}" is not a URL`);
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new UsageError('--server must be an http(s) URL');
  if (server.username || server.password) throw new UsageError('--server must not carry credentials; use --token');
  return {server, token};
}

export interface ApiResult {
  status: number;
  body: unknown;
}

/**
 * Sends one request, JSON or (for a FormData body) multipart; a server that
 * cannot be reached is a UsageError (exit 2), an HTTP refusal is returned.
 */
export async function callApi(target: ApiTarget, method: string, path: string, body: unknown): Promise<ApiResult> {
  const url = new URL(path.replace(/^\//, ''), target.server.href.endsWith('/') ? target.server : new URL(`${target.server.href}/`));
  const form = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {...(form ? {} : {'content-type': 'application/json'}), accept: 'application/json', ...(target.token ? {authorization: `Bearer ${target.token}`} : {})},
      body: form ? body : JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new UsageError(`cannot reach ${target.server.origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): shown as text.
  }
  return {status: response.status, body: parsed};
}

/** Prints the outcome; exit 0 on success, 1 when the server refused the request, 2 when it failed. */
export function report(result: ApiResult, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  if (result.status >= 200 && result.status < 300) {
    out.write(`${JSON.stringify(result.body, null, 2)}\n`);
    return 0;
  }
  const error = isObject(result.body) && isObject(result.body.error) ? result.body.error : null;
  const message = typeof error?.message === 'string' ? error.message : String(result.body).slice(0, 500);
  const problems = (Array.isArray(error?.problems) ? error.problems : []).filter(isObject)
    .map(({field, problem}) => `\n  ${typeof field === 'string' && field !== '' ? field : '(body)'}: ${String(problem)}`).join('');
  err.write(`server refused (${result.status}): ${message}${problems}\n`);
  return result.status >= 500 ? 2 : 1;
}

/** A JSON object from a file or standard input (-). */
export async function readJsonObject(source: string): Promise<Record<string, unknown>> {
  return (await readJsonDocument(source)).value;
}

/** A JSON object from a file or standard input (-), with the text it was read from. */
export async function readJsonDocument(source: string): Promise<{text: string; value: Record<string, unknown>}> {
  const text = (await readInput(source, MAX_BODY_FILE_BYTES)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new UsageError(`${source} must hold a JSON object`);
  return {text, value};
}
