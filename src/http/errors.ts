import type {ErrorRequestHandler, Request, RequestHandler} from 'express';
import {HallmarkError, RateLimitedError, type ErrorKind, type FieldProblem} from '../errors.ts';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media': 415,
  'rate-limited': 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: {kind: ErrorKind | 'internal'; message: string; problems: FieldProblem[]};
}

/** The one place errors become HTTP responses; HTML pages show the same status, headers and message. */
export function errorResponse(error: unknown, req?: Request): {status: number; body: ErrorBody; headers: Record<string, string>} {
  const mapped = toHallmarkError(error);
  if (!mapped) {
    // The stack goes to the log (one JSON line, with the request id), never to the client.
    if (req?.log) req.log.error({err: error}, 'internal error');
    else console.error(error);
    return {status: 500, body: {error: {kind: 'internal', message: 'internal error', problems: []}}, headers: {}};
  }
  const status = STATUS_BY_KIND[mapped.kind];
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  if (mapped instanceof RateLimitedError) headers['Retry-After'] = String(mapped.retryAfterSeconds);
  return {status, headers, body: {error: {kind: mapped.kind, message: mapped.message, problems: mapped.problems}}};
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const {status, body, headers} = errorResponse(error, req);
  // A client that went away mid-body gets no answer; its request's log line says so.
  if (res.headersSent || req.socket.destroyed) return;
  res.status(status).set(headers).json(body);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HallmarkError('not-found', `no route for ${req.method} ${req.path}`));
};

/** body-parser reports its own failures with `type`; translate them into our kinds. */
function toHallmarkError(error: unknown): HallmarkError | null {
  if (error instanceof HallmarkError) return error;
  const type = (error as {type?: unknown})?.type;
  if (type === 'entity.too.large') return new HallmarkError('too-large', 'the request body is larger than this endpoint accepts');
  if (type === 'entity.parse.failed') return new HallmarkError('invalid-input', `the request body is not valid JSON: ${(error as Error).message}`, [{field: '/', problem: 'is not valid JSON'}]);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new HallmarkError('unsupported-media', (error as Error).message);
  if (type === 'parameters.too.many') return new HallmarkError('invalid-input', 'the form has more fields than any form here has');
  if (type === 'request.aborted') return new HallmarkError('invalid-input', 'the client aborted the request body');
  // Anything else body-parser (or another http-errors user) marks as the client's fault, e.g. a
  // Content-Encoding body that does not decompress: its status and message, no stack.
  const status = (error as {status?: unknown; expose?: unknown})?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as {expose?: unknown}).expose === true) {
    const kind: ErrorKind = status === 413 ? 'too-large' : status === 415 ? 'unsupported-media' : 'invalid-input';
    return new HallmarkError(kind, (error as Error).message);
  }
  // The router's own report of a path segment that is not valid percent-encoding.
  if (error instanceof URIError && (error as {status?: unknown}).status === 400) return new HallmarkError('invalid-input', `the request path is not valid percent-encoding: ${error.message}`);
  return null;
}

/** The 1EdTech status vocabulary's code minor value for each of our statuses. */
const IMSX_CODE_MINOR: Record<number, string> = {
  400: 'invalid_data', 401: 'unauthorizedrequest', 403: 'forbidden', 404: 'not_found', 405: 'not_allowed', 409: 'invalid_data',
  413: 'invalid_data', 415: 'not_acceptable', 429: 'server_busy', 500: 'internal_server_error', 503: 'server_busy',
};

/**
 * The same mapping, with the body the 1EdTech Open Badges API specifies
 * (`Imsx_StatusInfo`) instead of ours: status, headers and message agree.
 */
export function imsxErrorResponse(error: unknown, req?: Request, codeMinor?: string): {status: number; body: Record<string, unknown>; headers: Record<string, string>} {
  const {status, body, headers} = errorResponse(error, req);
  return {
    status,
    headers,
    body: {
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: body.error.message,
      imsx_codeMinor: {imsx_codeMinorField: [{imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor ?? IMSX_CODE_MINOR[status] ?? 'unknown'}]},
    },
  };
}
