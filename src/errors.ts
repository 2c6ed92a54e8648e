/**
 * The one error type services throw for problems a caller can act on. The
 * HTTP edge maps `kind` to a status code in one place (`http/errors.ts`);
 * the CLI maps it to an exit code. Anything else that escapes is a bug (500).
 */
export type ErrorKind =
  | 'invalid-input'     // 400: the request names a field and what is wrong with it
  | 'unauthorized'      // 401: no or unknown credentials
  | 'forbidden'         // 403: known caller, not allowed
  | 'not-found'         // 404
  | 'conflict'          // 409: state forbids it (e.g. reinstating a revoked credential)
  | 'too-large'         // 413
  | 'unsupported-media' // 415: a body in an encoding or type this endpoint cannot read
  | 'rate-limited'      // 429: too many requests or attempts; retry after `retryAfterSeconds`
  | 'unavailable';      // 503: a dependency (store, remote document) cannot be reached

export interface FieldProblem {
  /** JSON pointer or dotted path of the offending field, '' for the whole body. */
  field: string;
  problem: string;
}

export class HallmarkError extends Error {
  readonly kind: ErrorKind;
  readonly problems: FieldProblem[];

  constructor(kind: ErrorKind, message: string, problems: FieldProblem[] = []) {
    super(message);
    this.name = 'HallmarkError';
    this.kind = kind;
    this.problems = problems;
  }
}

/** Too many attempts: says when the caller may try again (HTTP `Retry-After`). */
export class RateLimitedError extends HallmarkError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('rate-limited', message);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export function invalidInput(message: string, problems: FieldProblem[] = []): HallmarkError {
  return new HallmarkError('invalid-input', message, problems);
}

export function notFound(message: string): HallmarkError {
  return new HallmarkError('not-found', message);
}
